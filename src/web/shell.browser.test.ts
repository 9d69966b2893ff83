import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestMarket } from '../market/testing/market-harness';
import {
  describeInBrowser,
  expectAccessible,
  launchChromium,
  newPage,
  screenshot,
  startTerminalMarket,
} from './testing/browser';

describeInBrowser('the terminals are served by the market', () => {
  let market: TestMarket;
  let browser: Browser;
  beforeAll(async () => {
    [market, browser] = await Promise.all([startTerminalMarket(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await market?.close();
  });

  it('serves the start page with every terminal, privately and accessibly', async () => {
    const page = await newPage(browser);
    const response = await page.goto(`${market.url}/`);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    for (const name of ['Buy', 'Sell', 'Operate']) {
      await expect(page.getByRole('link', { name, exact: true }).first().isVisible()).resolves.toBe(true);
    }
    await expectAccessible(page, 'the start page');
    await screenshot(page, 'start');
  });

  it('lands on the right page when a terminal address is loaded directly, while API paths stay API', async () => {
    const page = await newPage(browser);
    await page.goto(`${market.url}/operate`);
    await page.waitForFunction(() => document.title.startsWith('Operate'));
    const api = await page.request.get(`${market.url}/kinds`);
    expect(api.headers()['content-type']).toContain('application/json');
    await page.goto(`${market.url}/nowhere`);
    expect(await page.content()).toContain('route_not_found');
  });
});
