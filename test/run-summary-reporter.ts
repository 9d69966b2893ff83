import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { SUITE_TARGETS, type SuiteTarget, suiteLabel } from '../src/platform/testing/suite-labels.ts';

const TARGETS = Object.keys(SUITE_TARGETS) as SuiteTarget[];
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * The run's closing line: how many suites ran on each database and in the browser, and how many
 * were skipped, each with its reason (which says what would run them). Counted from the results,
 * by the labels describeEachDatabase and describeInBrowser put in suite titles (suite-labels.ts).
 */
export default class RunSummaryReporter implements Reporter {
  #vitest?: Vitest;

  onInit(vitest: Vitest) {
    this.#vitest = vitest;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const ran = Object.fromEntries(TARGETS.map((t) => [t, 0])) as Record<SuiteTarget, number>;
    // Per target, per reason: a suite may be skipped for its own reason (no standby here, say).
    const skipped = new Map<string, { target: SuiteTarget; reason: string; suites: number; tests: number }>();
    for (const module of testModules)
      for (const suite of module.children.allSuites()) {
        const label = suiteLabel(suite.name);
        if (!label) continue;
        if (label.skipReason) {
          const group = `${label.target}\0${label.skipReason}`;
          const entry = skipped.get(group) ?? {
            target: label.target,
            reason: label.skipReason,
            suites: 0,
            tests: 0,
          };
          entry.suites++;
          entry.tests += [...suite.children.allTests()].length;
          skipped.set(group, entry);
        } else if (suite.state() !== 'skipped') ran[label.target]++; // a skipped one was filtered out
      }
    const where = TARGETS.map((t) => `${ran[t]} ${t === 'chromium' ? 'in' : 'on'} ${SUITE_TARGETS[t].name}`);
    const left = [...skipped.values()].map(({ target, reason, suites, tests }) => {
      const { kind } = SUITE_TARGETS[target];
      const races = target === 'postgres' ? ', the race tests among them' : '';
      return `${count(suites, `${kind} suite`)} (${count(tests, 'test')}${races}) skipped: ${reason}`;
    });
    const line = `Suites ran: ${where.join(', ')}; ${left.length ? left.join('; ') : 'none skipped'}.`;
    this.#vitest?.logger.log(line);
  }
}
