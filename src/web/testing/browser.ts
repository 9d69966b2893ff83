import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startTestSystem, type TestSystem } from '../../../test/system/system-harness.ts';
import { DEMO_PICKUP_POINTS } from '../../delivery/demo/seed-demo.ts';
import { suiteTitle } from '../../platform/testing/suite-labels.ts';
import { WEB_DIST } from '../build.ts';

/** Debian's Chromium; tests never download a browser. */
export const CHROMIUM = process.env.TOKUMEI_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '../../..');
/** Where every run of the browser tests leaves a screenshot of each terminal page (ignored by git). */
export const SCREENSHOTS = join(ROOT, 'test-output/screenshots');
/**
 * The committed screenshots the README shows, refreshed only on request
 * (`npm run screenshots`, i.e. TOKUMEI_UPDATE_SCREENSHOTS=1), so a test run changes no tracked file.
 */
export const DOCS_SCREENSHOTS = join(ROOT, 'docs/screenshots');
const updateDocsScreenshots = process.env.TOKUMEI_UPDATE_SCREENSHOTS === '1';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/**
 * A browser suite: runs when Chromium is installed, is counted as skipped in the run's closing
 * line when it is not, and refuses to be skipped on CI.
 */
export function describeInBrowser(title: string, suite: () => void) {
  if (existsSync(CHROMIUM)) return describe(suiteTitle(title, 'chromium'), suite);
  if (process.env.CI) {
    throw new Error(
      `CI must run the browser tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`,
    );
  }
  return describe.skip(
    suiteTitle(
      title,
      'chromium',
      `no Chromium at ${CHROMIUM} (install it, or set TOKUMEI_CHROMIUM to its path)`,
    ),
    suite,
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Without the networking flags Chromium dials Google's hosts, which this closed network refuses.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/**
 * A market on PGlite serving the terminals as built by the test run's global set-up
 * (test/build-terminals.ts), with the demo kinds, an operator key, and settlement on the closed
 * link to pay with the cards its `settlement` issues; and delivery beside it with the demo
 * pickup points, which the purchaser's browser asks directly.
 */
export async function startTerminalMarket(): Promise<TestSystem> {
  if (!existsSync(join(WEB_DIST, 'index.html')))
    throw new Error(`the terminals are not built in ${WEB_DIST}`);
  return startTestSystem('pglite', {
    config: { webDir: WEB_DIST },
    delivery: { webDir: WEB_DIST },
    pickupPoints: DEMO_PICKUP_POINTS,
  });
}

/** What a browser suite works with: the market serving the terminals, and Chromium. */
export interface TerminalSession {
  readonly market: TestSystem;
  readonly browser: Browser;
  /** A page in a fresh context of the session's browser (see newPage). */
  newPage(viewport?: { width: number; height: number }, locale?: string): Promise<Page>;
}

/**
 * One Chromium for the browser suites a test worker runs one after another (vitest.config.ts:
 * isolate: false), each suite's pages in fresh contexts of their own, closed after it: a launch
 * costs a second or two of CPU, and a context shares no cookie, storage or cache with another.
 * A browser that is gone (crashed, or closed by a suite) is launched again.
 */
let sharedChromium: Promise<Browser> | undefined;

export async function sharedBrowser(): Promise<Browser> {
  const browser = await sharedChromium?.catch(() => undefined);
  if (browser?.isConnected()) return browser;
  sharedChromium = launchChromium();
  return sharedChromium;
}

/** Closes what a suite opened in the shared browser, leaving it for the next suite. */
export async function closeContexts(browser: Browser | undefined): Promise<void> {
  if (!browser?.isConnected()) return;
  await Promise.all(browser.contexts().map((context) => context.close()));
}

/**
 * Starts a terminal market before the suite (beforeAll), with the worker's shared Chromium, and
 * closes the market and the suite's pages after it (afterAll). The market and browser are there
 * from the suite's first hook or test on; a suite's own beforeAll, registered after this call,
 * runs after them.
 */
export function terminalSession(): TerminalSession {
  const session = {
    newPage: (viewport?: { width: number; height: number }, locale?: string) =>
      newPage(session.browser, viewport, locale),
  } as { market: TestSystem; browser: Browser } & Pick<TerminalSession, 'newPage'>;
  beforeAll(async () => {
    // One after the other: Chromium's launch handshake needs this process's event loop, which the
    // market's embedded databases hold while they migrate.
    session.market = await startTerminalMarket();
    session.browser = await sharedBrowser();
  });
  afterAll(async () => {
    await closeContexts(session.browser);
    await session.market?.close();
  });
  return session;
}

/**
 * A page in a fresh context (its own storage), as axe-core needs; `locale` is the browser's
 * language (its `navigator.languages`), e.g. `ja-JP`, Chromium's own when absent.
 */
export async function newPage(browser: Browser, viewport = DESKTOP, locale?: string): Promise<Page> {
  const context = await browser.newContext({ viewport, locale });
  // Playwright's 30 s default is short for a page on a machine busy with other tests.
  context.setDefaultTimeout(90_000);
  return context.newPage();
}

/** An axe-core scan of the page as it stands: no serious or critical WCAG 2.1 A/AA violation. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  expect(serious, `accessibility of ${where}`).toEqual([]);
}

/** A full-page screenshot into test-output/screenshots/<name>.png, and docs/screenshots/ on request. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // The Japanese web font loads a subset as its glyphs are first drawn, which a full-page shot
  // outruns below the fold: every subset the page's text needs is loaded first.
  await page.evaluate(async () => {
    const text = document.body.innerText;
    await Promise.all(
      ['400', '700'].map((weight) => document.fonts.load(`${weight} 16px "Noto Sans JP"`, text)),
    );
    await document.fonts.ready;
    // Text laid out before its font arrived is drawn again on the next frames.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  if (updateDocsScreenshots) copyFileSync(path, join(DOCS_SCREENSHOTS, `${name}.png`));
}
