import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { payOrder } from '../../../test/system/payment-helpers.ts';
import { buyFound, listAndFind } from '../../market/testing/market-harness.ts';
import { generatePickupCode, PICKUP_CODE_PATTERN } from '../../protocol/pickup-code.ts';
import { sellerSession } from '../salesperson/testing/sell-browser.ts';
import { describeInBrowser, expectAccessible, screenshot } from '../testing/browser.ts';
import { addKeptOrder, fillPayment, SHINJUKU } from './testing/buy-browser.ts';

describeInBrowser('purchaser: the pickup code, made and kept in this browser (B9)', () => {
  const session = sellerSession('Code Keepers');
  let cpu = 6100;

  /** An order placed through the API, kept in the page's browser as My orders' form keeps it. */
  async function keptOrder(page: Page) {
    const found = await listAndFind(session.market, session.seller.apiKey, cpu++, { price: 5_000 });
    const placed = await buyFound(session.market, found);
    expect(placed.status).toBe(201);
    const order = {
      orderId: placed.body.orderId as string,
      orderSecret: placed.body.orderSecret as string,
      amount: placed.body.amount as number,
    };
    await addKeptOrder(page, session.market.url, { orderId: order.orderId, secret: order.orderSecret });
    return order;
  }

  /** Registers a code at delivery as another device of the purchaser's would, first. */
  async function registerElsewhere(order: { orderId: string; orderSecret: string }) {
    const registration = await session.market.call(
      'GET',
      `/orders/${order.orderId}/pickup-code-registration`,
      {
        token: order.orderSecret,
      },
    );
    expect(registration.status).toBe(200);
    const response = await fetch(registration.body.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        orderId: order.orderId,
        token: registration.body.token,
        code: generatePickupCode(),
      }),
    });
    return response.status;
  }

  const keptPickup = (page: Page, orderId: string) =>
    page.evaluate(
      (id) =>
        (
          JSON.parse(localStorage.getItem('tokumei.purchaser.orders') ?? '[]') as {
            orderId: string;
            pickup?: unknown;
          }[]
        ).find((o) => o.orderId === id)?.pickup,
      orderId,
    );

  const deliveryUrl = () => session.market.market.ctx.config.deliveryUrl;

  it('keeps the code when delivery cannot be reached, offers to try again, and registers it on the next visit', async () => {
    const page = await session.newPage();
    const order = await keptOrder(page);
    const card = await session.market.settlement.prepaid(20_000);
    await page.route(`${deliveryUrl()}/pickup-codes`, (route) => route.abort('connectionrefused'));
    await page.goto(`${session.market.url}/buy/orders/${order.orderId}/pay`);
    await fillPayment(page, card, SHINJUKU);
    await page.getByRole('button', { name: 'Pay ¥5,000' }).click();
    await page.getByRole('heading', { name: 'Order paid', level: 1 }).waitFor();

    const code = (await page.getByTestId('pickup-code').textContent()) ?? '';
    expect(code).toMatch(PICKUP_CODE_PATTERN);
    const unregistered = page.getByRole('status').filter({ hasText: 'The code is not registered yet' });
    await unregistered.waitFor({ timeout: 15_000 });
    expect(await unregistered.innerText()).toContain('The pickup service could not be reached just now');
    expect(await keptPickup(page, order.orderId)).toEqual({ code, state: 'unregistered' });
    await expectAccessible(page, 'the paid receipt with the code not registered yet');
    await screenshot(page, 'purchaser-pickup-code-unregistered');

    // The page closes; on the next visit the kept code is registered with a token asked afresh.
    await page.unroute(`${deliveryUrl()}/pickup-codes`);
    await page.goto(`${session.market.url}/buy/receipt/${order.orderId}`);
    await page.getByText('Registered with the pickup service').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('pickup-code').textContent()).toBe(code);
    expect(await keptPickup(page, order.orderId)).toEqual({ code, state: 'registered' });
    // Delivery holds it: another code for the order is refused.
    expect(await registerElsewhere(order)).toBe(409);
  });

  it('warns when another device set a code first, and makes one here for an order paid elsewhere', async () => {
    const page = await session.newPage();
    const card = await session.market.settlement.prepaid(20_000);

    // The registration is held back until another device has registered its own code.
    const raced = await keptOrder(page);
    await page.route(`${deliveryUrl()}/pickup-codes`, (route) => route.abort('connectionrefused'));
    await page.goto(`${session.market.url}/buy/orders/${raced.orderId}/pay`);
    await fillPayment(page, card, SHINJUKU);
    await page.getByRole('button', { name: 'Pay ¥5,000' }).click();
    await page.getByRole('button', { name: 'Register the code again' }).waitFor({ timeout: 15_000 });
    expect(await registerElsewhere(raced)).toBe(201);
    await page.unroute(`${deliveryUrl()}/pickup-codes`);
    await page.getByRole('button', { name: 'Register the code again' }).click();
    const taken = page
      .getByRole('status')
      .filter({ hasText: 'A pickup code was already set for this order' });
    await taken.waitFor();
    expect(await taken.innerText()).toContain('may not open the parcel');
    expect(await keptPickup(page, raced.orderId)).toMatchObject({ state: 'taken' });
    await expectAccessible(page, 'the receipt warning of a code set elsewhere');

    // Paid from elsewhere (here: the API), so this browser holds no code until asked to make one.
    const elsewhere = await keptOrder(page);
    const paid = await payOrder(session.market, elsewhere, card, { pickupPointId: SHINJUKU.code });
    expect(paid.status).toBe(200);
    await page.goto(`${session.market.url}/buy/receipt/${elsewhere.orderId}`);
    await page.getByText('This browser holds no pickup code for this order').waitFor();
    await page.getByRole('button', { name: 'Make a pickup code here' }).click();
    await page.getByText('Registered with the pickup service').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('pickup-code').textContent()).toMatch(PICKUP_CODE_PATTERN);
  });
});
