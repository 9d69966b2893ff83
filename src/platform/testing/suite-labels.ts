/**
 * How a suite's title says where it ran, or why it did not: written by describeEachDatabase and
 * describeInBrowser, read back from the results by the run's closing line
 * (test/run-summary-reporter.ts). Free of Vitest's runtime, so the reporter can load it too.
 */
export type SuiteTarget = 'pglite' | 'postgres' | 'chromium';

export const suiteTitle = (title: string, target: SuiteTarget, skipReason?: string) =>
  skipReason ? `${title} [${target}: skipped, ${skipReason}]` : `${title} [${target}]`;

const LABEL = /\[(pglite|postgres|chromium)(?:: skipped, (.+))?\]$/;

/** Where a suite of this title runs, and why it was skipped if it was; undefined for other suites. */
export function suiteLabel(title: string): { target: SuiteTarget; skipReason?: string } | undefined {
  const match = LABEL.exec(title);
  if (!match) return undefined;
  return { target: match[1] as SuiteTarget, ...(match[2] && { skipReason: match[2] }) };
}

/** What the closing line calls each target. A skip reason says itself what would run the suite. */
export const SUITE_TARGETS: Record<SuiteTarget, { name: string; kind: string }> = {
  pglite: { name: 'PGlite', kind: 'PGlite' },
  postgres: { name: 'PostgreSQL', kind: 'PostgreSQL' },
  chromium: { name: 'Chromium', kind: 'browser' },
};
