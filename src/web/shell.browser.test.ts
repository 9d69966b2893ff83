import { expect, it } from 'vitest';
import { describeInBrowser, expectAccessible, screenshot, terminalSession } from './testing/browser.ts';

describeInBrowser('the terminals are served by the market', () => {
  const session = terminalSession();

  it('serves the start page with every terminal, privately and accessibly', async () => {
    const page = await session.newPage();
    const response = await page.goto(`${session.market.url}/`);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    for (const name of ['Buy', 'Sell', 'Operate']) {
      await expect(page.getByRole('link', { name, exact: true }).first().isVisible()).resolves.toBe(true);
    }
    await expectAccessible(page, 'the start page');
    await screenshot(page, 'start');
  });

  it('lands on the right page when a terminal address is loaded directly, while API paths stay API', async () => {
    const page = await session.newPage();
    await page.goto(`${session.market.url}/operate`);
    await page.waitForFunction(() => document.title.startsWith('Operate'));
    const api = await page.request.get(`${session.market.url}/kinds`);
    expect(api.headers()['content-type']).toContain('application/json');
    await page.goto(`${session.market.url}/nowhere`);
    expect(await page.content()).toContain('route_not_found');
  });
});
