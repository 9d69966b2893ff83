import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { registerTestSeller } from '../../market/testing/market-harness.ts';
import { describeInBrowser, expectAccessible, screenshot } from '../testing/browser.ts';
import {
  firstResultName,
  listPcs,
  ORDER_ID,
  receiptOf,
  resultNames,
  sellerOrders,
  shopSession,
} from './testing/buy-browser.ts';

const TARGET = { cpu_mhz: 3600, colour: 'silver', ssd: true, screen_in: 14, maker: 'Lenovo' };

describeInBrowser('purchaser: search, sort, page, buy, keep the order', () => {
  // 22 offers meet "CPU 3000–4000 MHz, silver, SSD": more than one page of 20. Each decoy
  // fails exactly one of the three conditions.
  const session = shopSession('Akihabara PCs', [
    {
      model: 'TGT-1',
      name: 'Target Book Pro',
      price: 190_000,
      attributes: TARGET,
    },
    {
      model: 'SLOW-1',
      name: 'Decoy Slow',
      price: 50_000,
      attributes: { cpu_mhz: 2000, colour: 'silver', ssd: true },
    },
    {
      model: 'BLACK-1',
      name: 'Decoy Black',
      price: 51_000,
      attributes: { cpu_mhz: 3500, colour: 'black', ssd: true },
    },
    {
      model: 'HDD-1',
      name: 'Decoy Disk',
      price: 52_000,
      attributes: { cpu_mhz: 3500, colour: 'silver', ssd: false },
    },
    ...Array.from({ length: 21 }, (_, i) => ({
      model: `FIT-${i}`,
      name: `Fit ${i}`,
      price: 60_000 + i * 1000,
      attributes: { cpu_mhz: 3000 + i * 10, colour: 'silver', ssd: true },
    })),
  ]);

  const DECOYS = ['Decoy Slow', 'Decoy Black', 'Decoy Disk'];

  it('finds the item by three conditions, sorts, pages, buys it and lists it under My orders', async () => {
    const page = await session.newPage();
    await page.goto(`${session.market.url}/buy`);
    await page.getByLabel('Kind').waitFor();
    await expectAccessible(page, 'the kind choice');
    await screenshot(page, 'purchaser-kinds');

    await page.getByLabel('Kind').selectOption({ label: 'Personal computer' });
    await page.getByLabel('CPU speed min').fill('3000');
    await page.getByLabel('CPU speed max').fill('4000');
    await page.getByLabel('Silver').check();
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByRole('button', { name: 'Search' }).click();

    const firstPage = await resultNames(page, 20);
    expect(firstPage[0]).toBe('Fit 0');
    expect(firstPage).not.toContain('Target Book Pro');
    await page.getByText('20 offers shown; there are more.').waitFor();
    expect(new URL(page.url()).search).toBe(
      '?kind=personal-computer&cpu_mhz.min=3000&cpu_mhz.max=4000&colour=silver&ssd=yes&sort=price-asc',
    );
    // After a search, focus is on the results.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('results-title');
    await expectAccessible(page, 'the results');
    await screenshot(page, 'purchaser-results');

    await page.getByLabel('Sort by').selectOption({ label: 'Price, highest first' });
    await firstResultName(page, 'Target Book Pro');
    await page.getByLabel('Sort by').selectOption({ label: 'CPU speed, lowest first' });
    await firstResultName(page, 'Fit 0');
    await page.getByLabel('Sort by').selectOption({ label: 'Price, lowest first' });
    await firstResultName(page, 'Fit 0');

    await page.getByRole('button', { name: 'Show more offers' }).click();
    const all = await resultNames(page, 22);
    expect(all.slice(-2)).toEqual(['Fit 20', 'Target Book Pro']);
    for (const decoy of DECOYS) expect(all).not.toContain(decoy);
    await page.getByText('22 offers: every one that matches.').waitFor();
    expect(await page.getByRole('button', { name: 'Show more offers' }).count()).toBe(0);
    // Focus carries on at the first offer the page added.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Fit 20');

    await page.getByRole('button', { name: 'Select Target Book Pro' }).click();
    await page.getByRole('heading', { name: 'Confirm your purchase' }).waitFor();
    await page.getByLabel('Quantity').fill('2');
    await page.getByText('Total ¥380,000').waitFor();
    await expectAccessible(page, 'the confirm page');
    await screenshot(page, 'purchaser-confirm');
    await page.getByRole('button', { name: 'Confirm purchase' }).click();

    const { orderId, secret } = await receiptOf(page);
    expect(orderId).toMatch(ORDER_ID);
    expect(secret).toMatch(/^os_/);
    await page.getByText('¥380,000', { exact: true }).waitFor();
    await page.getByText('Pay ¥380,000 before the deadline').waitFor();
    await expectAccessible(page, 'the receipt');
    await screenshot(page, 'purchaser-receipt');

    const sold = (await sellerOrders(session.market, session.seller.apiKey)).find(
      (o) => o.orderId === orderId,
    );
    expect(sold).toMatchObject({ model: 'TGT-1', quantity: 2, amount: 380_000 });

    await page.getByRole('navigation', { name: 'Buying' }).getByRole('link', { name: 'My orders' }).click();
    const card = page.getByRole('listitem').filter({ hasText: 'Target Book Pro' });
    // State and amount come from the market, read with the kept secret.
    await card.getByText('Awaiting payment').waitFor();
    await card.getByText('2 × ¥190,000 = ¥380,000').waitFor();
    expect(await card.textContent()).toContain(orderId);
    const read = await session.market.call('GET', `/orders/${orderId}`, { token: secret });
    expect(read.body).toMatchObject({ orderId, state: 'awaiting_payment', amount: 380_000 });
    await expectAccessible(page, 'my orders');
    await screenshot(page, 'purchaser-my-orders');

    // Forgetting asks first, then the order is gone from this browser.
    await card.getByRole('button', { name: `Forget order ${orderId}` }).click();
    await card.getByRole('button', { name: 'Forget it' }).click();
    await page.getByText('No orders kept in this browser').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('tokumei.purchaser.orders'))).toBe('[]');
    await expectAccessible(page, 'my orders, empty');
    await screenshot(page, 'purchaser-my-orders-empty');
  });

  it('says what is wrong next to each condition, and sends nothing', async () => {
    const page = await session.newPage();
    await page.goto(`${session.market.url}/buy?kind=personal-computer`);
    await page.getByLabel('Price min').fill('200000');
    await page.getByLabel('Price max').fill('100000');
    await page.getByLabel('CPU speed min').fill('fast');
    await page.getByLabel('Screen min').fill('13.3');
    await page.getByRole('button', { name: 'Search' }).click();

    expect(await errorOf(page, 'Price max')).toBe('Must not be less than the minimum');
    expect(await errorOf(page, 'CPU speed min')).toBe('Enter a whole number, like 2000');
    expect(await errorOf(page, 'Screen min')).toBeNull();
    await page.getByText('2 conditions need fixing').waitFor();
    // Focus goes to the first field to fix; nothing was searched.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    expect(new URL(page.url()).searchParams.has('sort')).toBe(false);
    await expectAccessible(page, 'the form with errors');
    await screenshot(page, 'purchaser-form-errors');

    // Fixing a field clears its message.
    await page.getByLabel('CPU speed min').fill('3000');
    expect(await errorOf(page, 'CPU speed min')).toBeNull();
  });

  it('places one order when confirm is double-clicked, which another browser can then add', async () => {
    const page = await session.newPage();
    // The results are addressable: a bookmarked search runs as it was.
    await page.goto(`${session.market.url}/buy?kind=personal-computer&colour=silver&ssd=yes&sort=price-asc`);
    await page.getByRole('button', { name: 'Select Fit 1', exact: true }).click();
    await page.getByRole('heading', { name: 'Confirm your purchase' }).waitFor();
    const before = (await sellerOrders(session.market, session.seller.apiKey)).length;

    await page.getByRole('button', { name: 'Confirm purchase' }).dblclick();
    const { orderId, secret } = await receiptOf(page);

    const orders = await sellerOrders(session.market, session.seller.apiKey);
    expect(orders).toHaveLength(before + 1);
    expect(orders.find((o) => o.orderId === orderId)).toMatchObject({ model: 'FIT-1', quantity: 1 });
    const offers = (await session.market.call('GET', '/seller/offers', { token: session.seller.apiKey })).body
      .items as any[];
    expect(offers.find((o) => o.model === 'FIT-1')?.stock).toBe(4);

    // In another browser the order is added with its ID (typed loosely) and secret.
    const elsewhere = await session.newPage();
    await elsewhere.goto(`${session.market.url}/buy/orders`);
    await elsewhere.getByText('Add an order bought elsewhere').click();
    await elsewhere.getByLabel('Order ID').fill(orderId.toLowerCase().replaceAll('-', ' '));
    await elsewhere.getByLabel('Order secret').fill('os_not-the-secret');
    await elsewhere.getByRole('button', { name: 'Add order' }).click();
    await elsewhere.getByText('No order with this ID and secret').waitFor();
    await elsewhere.getByLabel('Order secret').fill(secret);
    await elsewhere.getByRole('button', { name: 'Add order' }).click();
    await elsewhere.getByText(`Order ${orderId} added to this list`).waitFor();
    await elsewhere
      .getByRole('listitem')
      .filter({ hasText: 'Fit 1' })
      .getByText('Awaiting payment')
      .waitFor();
  });

  // Last: the second offer of Target Book Pro would change the other tests' results.
  it('shows several sellers’ offers of one model as one card, each offer with its seller, price and stock', async () => {
    const { market } = session;
    const other = await registerTestSeller(market, 'Budget Bits');
    await listPcs(market, other.apiKey, [
      { model: 'TGT-1', name: 'Target Book Pro', price: 185_000, stock: 1, attributes: TARGET },
    ]);
    const page = await session.newPage();
    await page.goto(`${market.url}/buy`);
    await page.getByLabel('Kind').selectOption({ label: 'Personal computer' });
    await page.getByLabel('Maker').fill('Lenovo');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('2 offers of one model').waitFor();
    const card = page.locator('.result-list > li');
    expect(await card.count()).toBe(1);
    expect(await card.locator('.offer-count').textContent()).toBe('2 offers');
    const offers = (await card.locator('.result-buy').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    expect(offers).toEqual([
      expect.stringMatching(/Sold by Budget Bits ¥185,000 1 in stock/),
      expect.stringMatching(/Sold by Akihabara PCs ¥190,000 \d+ in stock/),
    ]);
    await expectAccessible(page, 'two offers of one model');
    await page.getByRole('button', { name: 'Select Target Book Pro from Budget Bits' }).click();
    await page.getByRole('heading', { name: 'Confirm your purchase' }).waitFor();
    expect(await page.locator('.confirm-item').innerText()).toContain('Sold by Budget Bits');
  });
});

/** The error message tied to a control (aria-describedby), or null when it has none. */
async function errorOf(page: Page, label: string): Promise<string | null> {
  return page.getByLabel(label).evaluate((control) => {
    const ids = control.getAttribute('aria-describedby')?.split(' ') ?? [];
    const error = ids
      .map((id) => document.getElementById(id))
      .find((e) => e?.classList.contains('field-error'));
    return error?.textContent ?? null;
  });
}
