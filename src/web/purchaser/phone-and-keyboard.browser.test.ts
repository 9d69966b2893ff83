import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, expectAccessible, PHONE, screenshot } from '../testing/browser.ts';
import {
  firstResultName,
  ORDER_ID,
  receiptOf,
  resultNames,
  shopSession,
  tabTo,
} from './testing/buy-browser.ts';

describeInBrowser('purchaser: at phone width, and with the keyboard alone', () => {
  const session = shopSession('Shibuya Notebooks', [
    {
      model: 'N-14',
      name: 'Note 14',
      price: 128_000,
      attributes: { cpu_mhz: 3200, colour: 'blue', ssd: true },
    },
    {
      model: 'N-16',
      name: 'Note 16',
      price: 98_000,
      attributes: { cpu_mhz: 3400, colour: 'blue', ssd: true },
    },
    {
      model: 'N-SLOW',
      name: 'Note Slow',
      price: 60_000,
      attributes: { cpu_mhz: 1800, colour: 'blue', ssd: true },
    },
    {
      model: 'N-RED',
      name: 'Note Red',
      price: 61_000,
      attributes: { cpu_mhz: 3300, colour: 'red', ssd: true },
    },
    {
      model: 'N-HDD',
      name: 'Note Disk',
      price: 62_000,
      attributes: { cpu_mhz: 3300, colour: 'blue', ssd: false },
    },
  ]);

  const fitsThePhone = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it('buys at phone width, every page fitting the screen', async () => {
    const page = await session.newPage(PHONE);
    await page.goto(`${session.market.url}/buy`);
    await page.getByLabel('Kind').waitFor();
    await screenshot(page, 'purchaser-kinds-phone');

    await page.getByLabel('Kind').selectOption({ label: 'Personal computer' });
    await page.getByLabel('CPU speed min').fill('3000');
    await page.getByLabel('Blue').check();
    await page.getByRole('radio', { name: 'Yes' }).check();
    await screenshot(page, 'purchaser-form-phone');
    // Layout shifts while the results arrive, whatever caused them (CLS, "good" below 0.1).
    await page.evaluate(() => {
      const w = window as unknown as { shifts: number };
      w.shifts = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.shifts += (entry as unknown as { value: number }).value;
      }).observe({ type: 'layout-shift' });
    });
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await resultNames(page, 2)).toEqual(['Note 16', 'Note 14']);
    expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts)).toBeLessThan(0.1);
    expect(await fitsThePhone(page)).toBe(true);
    await expectAccessible(page, 'the results at phone width');
    await screenshot(page, 'purchaser-results-phone');

    await page.getByLabel('Sort by').selectOption({ label: 'Price, highest first' });
    await firstResultName(page, 'Note 14');
    await page.getByRole('button', { name: 'Select Note 14' }).click();
    await page.getByLabel('Quantity').fill('2');
    expect(await fitsThePhone(page)).toBe(true);
    await screenshot(page, 'purchaser-confirm-phone');
    await page.getByRole('button', { name: 'Confirm purchase' }).click();

    const { orderId } = await receiptOf(page);
    expect(orderId).toMatch(ORDER_ID);
    await page.getByText('Pay ¥256,000 before the deadline').waitFor();
    expect(await fitsThePhone(page)).toBe(true);
    await expectAccessible(page, 'the receipt at phone width');
    await screenshot(page, 'purchaser-receipt-phone');

    await page.getByRole('link', { name: 'My orders' }).first().click();
    await page.getByText('Awaiting payment').waitFor();
    expect(await fitsThePhone(page)).toBe(true);
    await screenshot(page, 'purchaser-my-orders-phone');
  });

  it('searches and buys with the keyboard alone', async () => {
    const page = await session.newPage();
    await page.goto(`${session.market.url}/buy`);
    const kind = page.getByLabel('Kind');
    await tabTo(page, kind);
    // Typing a name in a closed select chooses it, as a keyboard user would.
    await page.keyboard.type('Personal');
    await page.getByLabel('CPU speed min').waitFor();
    await tabTo(page, page.getByLabel('CPU speed min'));
    await page.keyboard.type('3000');
    await tabTo(page, page.getByLabel('Blue'));
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('radio', { name: 'Any' }));
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Yes' }).isChecked()).toBe(true);
    await tabTo(page, page.getByRole('button', { name: 'Search' }));
    await page.keyboard.press('Enter');

    expect(await resultNames(page, 2)).toEqual(['Note 16', 'Note 14']);
    const select = page.getByRole('button', { name: 'Select Note 16' });
    await tabTo(page, select);
    await page.keyboard.press('Enter');

    // The confirm page starts at its heading; Enter in the quantity confirms.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Confirm your purchase');
    await tabTo(page, page.getByLabel('Quantity'));
    await page.keyboard.press('Enter');
    const { orderId } = await receiptOf(page);
    expect(orderId).toMatch(ORDER_ID);

    await tabTo(page, page.getByRole('button', { name: 'Copy order ID' }));
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: /^Copied/ }).waitFor();
  });
});
