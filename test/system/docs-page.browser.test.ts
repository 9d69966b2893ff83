import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeContexts, describeInBrowser, newPage, sharedBrowser } from '../../src/web/testing/browser.ts';
import { startTestSystem, type TestSystem } from './system-harness.ts';

describeInBrowser('the API docs pages under the terminals’ security headers', () => {
  let s: TestSystem;
  let browser: Browser;
  beforeAll(async () => {
    [s, browser] = await Promise.all([startTestSystem('pglite'), sharedBrowser()]);
  });
  afterAll(async () => {
    await closeContexts(browser);
    await s?.close();
  });

  it.each(['market', 'delivery'])(
    'the %s docs render and try a call, refused nothing by the policy',
    async (name) => {
      const url = name === 'market' ? s.url : s.delivery.url;
      const page = await newPage(browser);
      const refused: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') refused.push(message.text());
      });
      await page.exposeFunction('reportViolation', (what: string) => refused.push(what));
      await page.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (event) =>
          (window as unknown as { reportViolation(what: string): void }).reportViolation(
            `${event.violatedDirective} ${event.blockedURI}`,
          ),
        ),
      );
      const response = await page.goto(`${url}/docs`);
      expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      await expect(page.locator('.swagger-ui .info .title').textContent()).resolves.toContain(
        `Tokumei ${name}`,
      );
      // "Try it out" on the first operation: the page calls its own service, as the policy allows.
      await page.locator('.opblock-summary').first().click();
      await page.getByRole('button', { name: 'Try it out' }).click();
      await page.locator('.execute').click();
      await page.locator('.live-responses-table').waitFor();
      expect(refused).toEqual([]);
    },
  );
});
