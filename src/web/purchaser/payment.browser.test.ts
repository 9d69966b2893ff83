import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { orders } from '../../market/db/schema.ts';
import { expireUnpaidOrders } from '../../market/orders/expiry.ts';
import { buyFound, listAndFind } from '../../market/testing/market-harness.ts';
import { sellerSession } from '../salesperson/testing/sell-browser.ts';
import { describeInBrowser, expectAccessible, screenshot } from '../testing/browser.ts';
import {
  addKeptOrder,
  cardBalance,
  choosePickupPoint,
  fillPayment,
  pickupOption,
  SHINJUKU,
} from './testing/buy-browser.ts';

/** Where "Near me" stands in the tests: Tokyo Station, Marunouchi side. */
const TOKYO_STATION = { latitude: 35.68123, longitude: 139.76712 };

describeInBrowser('purchaser: paying an order (B8)', () => {
  const session = sellerSession('Ueno Laptops');
  const settlement = () => session.market.settlement;

  /** An order placed through the API for a PC of its own CPU speed, kept in the page's browser. */
  async function keptOrder(page: Page, cpu: number, price: number) {
    const found = await listAndFind(session.market, session.seller.apiKey, cpu, { price });
    const placed = await buyFound(session.market, found);
    expect(placed.status).toBe(201);
    const order = { orderId: placed.body.orderId as string, secret: placed.body.orderSecret as string };
    await addKeptOrder(page, session.market.url, order);
    return order;
  }

  const focusedClass = (page: Page) => page.evaluate(() => document.activeElement?.className);

  it('says how many PIN tries are left after a wrong PIN, then pays once with the right one and keeps nothing of the card', async () => {
    const card = await settlement().prepaid(100_000);
    const page = await session.newPage();
    const { orderId, secret } = await keptOrder(page, 5101, 42_000);

    // From My orders, an unpaid order leads to its payment page.
    const listed = page.getByRole('listitem').filter({ hasText: orderId });
    await listed.getByText('Awaiting payment').waitFor();
    await listed.getByRole('link', { name: `Pay order ${orderId}` }).click();
    await page.getByRole('heading', { name: 'Pay for your order', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/buy/orders/${orderId}/pay`);
    await page.getByRole('button', { name: 'Pay ¥42,000' }).waitFor();

    // Nothing typed: each field says what it needs, and focus goes to the first.
    await page.getByRole('button', { name: 'Pay ¥42,000' }).click();
    await page.getByText('Enter the card number').waitFor();
    await page.getByText('Enter the PIN', { exact: true }).waitFor();
    await page.getByText('Choose the store or locker to collect the parcel from').waitFor();
    // Focus moves once the errors are drawn: wait for it rather than race it.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('autocomplete')))
      .toBe('cc-number');

    const wrongPin = card.pin === '0000' ? '1111' : '0000';
    await fillPayment(page, { number: card.number, pin: wrongPin }, SHINJUKU);
    await expectAccessible(page, 'the payment page');
    await screenshot(page, 'purchaser-payment');
    await page.getByRole('button', { name: 'Pay ¥42,000' }).click();

    const declined = page.getByRole('alert').filter({ hasText: 'Wrong PIN' });
    await declined.waitFor();
    expect(await declined.innerText()).toContain('4 tries are left before the card locks.');
    // Focus is on the message; the card number and PIN are gone from the form, the pickup point stays.
    await expect.poll(() => focusedClass(page)).toBe('payment-problem');
    expect(await page.getByLabel('Prepaid card number').inputValue()).toBe('');
    expect(await page.getByLabel('PIN', { exact: true }).inputValue()).toBe('');
    expect(await pickupOption(page, '7E-SHINJUKU-03').isChecked()).toBe(true);
    expect(await page.locator('.pickup-chosen').innerText()).toContain('7-Eleven Shinjuku Nishiguchi');
    await expectAccessible(page, 'the payment page after a decline');
    expect(await cardBalance(session.market, card.instrumentId)).toBe(100_000n);

    await fillPayment(page, card, SHINJUKU);
    await page.getByRole('button', { name: 'Pay ¥42,000' }).dblclick();

    // The paid receipt: order ID, pickup point, paid at; focus on its heading.
    await page.getByRole('heading', { name: 'Order paid', level: 1 }).waitFor();
    await page.getByText('Payment approved').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('page-title');
    expect(await page.getByTestId('paid-order-id').textContent()).toBe(orderId);
    const facts = await page.locator('.receipt-facts').innerText();
    expect(facts).toContain('7E-SHINJUKU-03');
    expect(facts).toMatch(/Paid at\s+\S/);
    expect(facts).toContain('Amount paid');
    await expectAccessible(page, 'the paid receipt');
    // The double click paid once.
    expect(await cardBalance(session.market, card.instrumentId)).toBe(58_000n);
    const read = await session.market.call('GET', `/orders/${orderId}`, { token: secret });
    expect(read.body).toMatchObject({ state: 'paid', pickupPointId: '7E-SHINJUKU-03' });

    // Nothing of the card is kept: not in storage, the address or the page.
    const kept = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    for (const typed of [card.number, card.pin]) {
      expect(kept).not.toContain(typed);
      expect(page.url()).not.toContain(typed);
    }
    expect(await page.content()).not.toContain(card.number.slice(4));

    await page.getByRole('link', { name: 'My orders' }).last().click();
    const paid = page.getByRole('listitem').filter({ hasText: orderId });
    await paid.getByText('Paid', { exact: true }).waitFor();
    expect(await paid.innerText()).toContain('7E-SHINJUKU-03');
    expect(await paid.getByRole('link', { name: `Pay order ${orderId}` }).count()).toBe(0);
  });

  it('offers to try again when the answer is lost, and the retry pays once with the same Idempotency-Key', async () => {
    const card = await settlement().prepaid(50_000);
    const page = await session.newPage();
    const { orderId } = await keptOrder(page, 5202, 12_000);
    await page.goto(`${session.market.url}/buy/orders/${orderId}/pay`);

    // The first payment reaches the market and is taken, but its answer is lost on the way back.
    const keys: string[] = [];
    await page.route(`**/orders/${orderId}/payment`, async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length > 1) return route.continue();
      await route.fetch();
      await route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ code: 'settlement_unavailable', title: 'Payments cannot be taken just now' }),
      });
    });
    await fillPayment(page, card, { search: 'akihabara', code: 'LS-AKIHABARA-04' });
    await page.getByRole('button', { name: 'Pay ¥12,000' }).click();
    const lost = page.getByRole('alert').filter({ hasText: 'The payment service did not answer' });
    await lost.waitFor();
    await expect.poll(() => focusedClass(page)).toBe('payment-problem');
    expect(await page.getByLabel('Prepaid card number').inputValue()).toBe('');
    expect(await cardBalance(session.market, card.instrumentId)).toBe(38_000n);

    await lost.getByRole('button', { name: 'Try the payment again' }).click();
    await page.getByRole('heading', { name: 'Order paid', level: 1 }).waitFor();
    expect(await page.locator('.receipt-facts').innerText()).toContain('LS-AKIHABARA-04');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(await cardBalance(session.market, card.instrumentId)).toBe(38_000n);
  });

  it('finds the pickup points nearest to the purchaser, whose position reaches delivery alone', async () => {
    const page = await session.newPage();
    const { orderId } = await keptOrder(page, 5303, 9_000);
    const context = page.context();
    await context.grantPermissions(['geolocation'], { origin: session.market.url });
    await context.setGeolocation(TOKYO_STATION);
    const calls: string[] = [];
    page.on('request', (request) => calls.push(request.url()));
    await page.goto(`${session.market.url}/buy/orders/${orderId}/pay`);

    const nearMe = page.getByRole('button', { name: 'Near me' });
    await nearMe.click();
    await page.getByRole('status').filter({ hasText: '8 pickup points, nearest first.' }).waitFor();
    expect(await nearMe.getAttribute('aria-pressed')).toBe('true');
    const options = page.locator('.pickup-option');
    expect(await options.first().innerText()).toMatch(
      /Parcel locker Tokyo Station Yaesu LK-TOKYO-12\s+Parcel locker · .* · \d+ m away/,
    );
    expect(await options.nth(1).innerText()).toContain('LS-GINZA-07');
    await expectAccessible(page, 'the pickup points nearest to the purchaser');

    // Only delivery was asked about the position, rounded to about 100 m; the market never was.
    const deliveryUrl = session.market.market.ctx.config.deliveryUrl;
    const withPosition = calls.filter((url) => url.includes('near='));
    expect(withPosition).toEqual([`${deliveryUrl}/pickup-points?limit=8&near=35.681%2C139.767`]);
    expect(calls.filter((url) => url.startsWith(session.market.url) && /35\.68|139\.76/.test(url))).toEqual(
      [],
    );

    // The keyboard chooses: focus on the nearest, the arrow key moves to the next and chooses it.
    await pickupOption(page, 'LK-TOKYO-12').check();
    await page.keyboard.press('ArrowDown');
    expect(await pickupOption(page, 'LS-GINZA-07').isChecked()).toBe(true);
    expect(await pickupOption(page, 'LS-GINZA-07').evaluate((el) => el === document.activeElement)).toBe(
      true,
    );
    expect(await page.locator('.pickup-chosen').innerText()).toContain('Lawson Ginza 4-chome LS-GINZA-07');

    // "Near me" again forgets the position; a search narrows the list and keeps the choice shown.
    await nearMe.click();
    expect(await nearMe.getAttribute('aria-pressed')).toBe('false');
    await choosePickupPoint(page, SHINJUKU);
    await page.getByRole('status').filter({ hasText: '1 pickup point matching “Shinjuku”.' }).waitFor();
  });

  it('says when the position is refused, when nothing matches and when delivery cannot be reached; a typed code still pays', async () => {
    const card = await settlement().prepaid(20_000);
    const page = await session.newPage();
    const { orderId, secret } = await keptOrder(page, 5404, 7_000);
    await page.goto(`${session.market.url}/buy/orders/${orderId}/pay`);

    // No permission to know the position: a message, and nothing sent.
    await page.getByRole('button', { name: 'Near me' }).click();
    await page.getByRole('status').filter({ hasText: 'Your position is not available' }).waitFor();
    expect(await page.getByRole('button', { name: 'Near me' }).getAttribute('aria-pressed')).toBe('false');

    await page.getByLabel('Search pickup points').fill('Hokkaido');
    await page.getByRole('status').filter({ hasText: 'No pickup point matches “Hokkaido”.' }).waitFor();

    // Delivery unreachable: said so, and the code on a store's sign can be typed instead.
    const deliveryUrl = session.market.market.ctx.config.deliveryUrl;
    await page.route(`${deliveryUrl}/**`, (route) => route.abort('connectionrefused'));
    await page.getByLabel('Search pickup points').fill('Ginza');
    await page
      .getByRole('alert')
      .filter({ hasText: 'The list of pickup points cannot be reached just now' })
      .waitFor();
    await expectAccessible(page, 'the payment page without delivery');
    await page.getByRole('radio', { name: 'Prepaid card' }).check();
    await page.getByLabel('Prepaid card number').fill(card.number);
    await page.getByLabel('PIN', { exact: true }).fill(card.pin);
    await page.getByLabel('Pickup point code').fill('LS-GINZA-07');
    await page.getByRole('button', { name: 'Pay ¥7,000' }).click();
    await page.getByRole('heading', { name: 'Order paid', level: 1 }).waitFor();
    expect(await page.locator('.receipt-facts').innerText()).toContain('LS-GINZA-07');
    const read = await session.market.call('GET', `/orders/${orderId}`, { token: secret });
    expect(read.body).toMatchObject({ state: 'paid', pickupPointId: 'LS-GINZA-07' });
  });

  it('says so plainly when the order lapsed while it was being paid and its item sold out: refunded, no pickup code', async () => {
    const card = await settlement().prepaid(20_000);
    const page = await session.newPage();
    const { orderId, secret } = await keptOrder(page, 5505, 6_000);
    await page.goto(`${session.market.url}/buy/orders/${orderId}/pay`);

    // While settlement approves, the payment window closes, the stock goes back and is taken off sale.
    const { market, clock } = session.market;
    const link = market.ctx.settlement.live;
    const pay = link.pay;
    link.pay = async (request, key) => {
      const answer = await pay.call(link, request, key);
      clock.advance(31 * 60_000);
      await expireUnpaidOrders(market.ctx.db, clock.now());
      const [row] = await market.ctx.db.select().from(orders).where(eq(orders.id, request.orderId));
      await session.market.call('PATCH', `/seller/offers/${row!.offerId}`, {
        token: session.seller.apiKey,
        body: { stock: 0 },
      });
      return answer;
    };
    try {
      await fillPayment(page, card, SHINJUKU);
      await page.getByRole('button', { name: 'Pay ¥6,000' }).click();
      await page.getByText('The order lapsed while it was being paid').waitFor();
    } finally {
      link.pay = pay;
      clock.advance(-31 * 60_000);
    }
    await page.getByRole('heading', { name: 'Pay for your order', level: 1 }).waitFor();
    const told = await page.locator('main').innerText();
    expect(told).toContain('is refunded to the card in full');
    expect(told).toContain('This order can no longer be paid');
    expect(told).not.toContain('Payment approved');
    expect(told).not.toContain('Nothing was charged');
    expect(await page.getByRole('button', { name: 'Pay ¥6,000' }).count()).toBe(0);
    await expectAccessible(page, 'the payment page after a lapse');
    // No pickup code was made for an order that will not be sent.
    const kept = await page.evaluate(() => localStorage.getItem('tokumei.purchaser.orders') ?? '');
    expect(kept).toContain(orderId);
    expect(kept).not.toContain('"pickup"');
    const read = await session.market.call('GET', `/orders/${orderId}`, { token: secret });
    expect(read.body.state).toBe('cancelled');
  });
});
