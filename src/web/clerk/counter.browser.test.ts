import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { payOrder, placeTestOrders } from '../../../test/system/payment-helpers.ts';
import { shipments } from '../../delivery/db/schema.ts';
import { runDeliveryDuties } from '../../delivery/workers.ts';
import { runSettlementDuties } from '../../market/payments/settlement-duties.ts';
import { generatePickupCode, pickupQrPayload } from '../../protocol/pickup-code.ts';
import { cardBalance } from '../purchaser/testing/buy-browser.ts';
import { errorOf, hasFocus, sellerSession } from '../salesperson/testing/sell-browser.ts';
import { describeInBrowser, expectAccessible, PHONE, screenshot } from '../testing/browser.ts';
import { clerkSignIn, issueClerkKey, outcomeWith, typeHandOver } from './testing/clerk-browser.ts';

const HERE = { code: '7E-SHINJUKU-03', name: '7-Eleven Shinjuku Nishiguchi' };
const ELSEWHERE = 'LS-GINZA-07';
const DAY_MS = 24 * 60 * 60 * 1000;

/** A pickup code that passes its check digit but is not the one registered. */
function anotherCode(code: string): string {
  for (;;) {
    const other = generatePickupCode();
    if (other !== code) return other;
  }
}

/** The code with one character changed: its check digit no longer holds. */
const typo = (code: string) => `${code.slice(0, -1)}${code.endsWith('7') ? '8' : '7'}`;

describeInBrowser('pickup counter: every refusal says why (B9)', () => {
  const session = sellerSession('Counter Goods');

  /**
   * A paid order's parcel, its pickup code registered as the purchaser's browser would, booked
   * by the seller and moved by the counters' API as far as the steps say.
   */
  async function parcel(
    order: { orderId: string; orderSecret: string; amount: number },
    card: { number: string; pin: string },
    pickupPointId: string,
    steps: { step: string; key: string }[],
  ) {
    const { market, seller } = session;
    const paid = await payOrder(market, order, card, { pickupPointId });
    expect(paid.status).toBe(200);
    const { url, token } = paid.body.pickupCodeRegistration;
    const code = generatePickupCode();
    const registered = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: order.orderId, token, code }),
    });
    expect(registered.status).toBe(201);
    const booked = await market.call('PUT', `/seller/orders/${order.orderId}/shipment`, {
      token: seller.apiKey,
      body: { parcelSize: 'small' },
    });
    expect(booked.status).toBe(201);
    for (const { step, key } of steps) {
      const moved = await market.delivery.call('POST', `/clerk/${step}`, {
        token: key,
        body: { orderId: order.orderId },
      });
      expect(moved.status, `${step}: ${JSON.stringify(moved.body)}`).toBe(200);
    }
    return { orderId: order.orderId, code };
  }

  it('refuses a wrong code with the attempts left, a parcel for another store, one not arrived, and one past its deadline, which is listed overdue and returned', async () => {
    const { market, seller } = session;
    const hereKey = await issueClerkKey(market.delivery, HERE.code);
    const elsewhereKey = await issueClerkKey(market.delivery, ELSEWHERE);
    const card = await market.settlement.prepaid(10_000);
    const [a, b, c] = await placeTestOrders(market, seller.apiKey, 3, 1_000);
    const toShelf = (key: string) => [
      { step: 'drop-off', key },
      { step: 'dispatch', key },
      { step: 'arrival', key },
    ];
    const waiting = await parcel(a!, card, HERE.code, toShelf(hereKey));
    const forGinza = await parcel(b!, card, ELSEWHERE, toShelf(elsewhereKey));
    const onItsWay = await parcel(c!, card, HERE.code, [{ step: 'drop-off', key: hereKey }]);
    expect(await cardBalance(market, card.instrumentId)).toBe(7_000n);

    const counter = await session.newPage(PHONE);
    const handOvers: string[] = [];
    counter.on('request', (r) => {
      if (r.url().endsWith('/clerk/hand-over')) handOvers.push(r.postData() ?? '');
    });
    // A key that is not one: refused next to the field.
    await counter.goto(`${market.delivery.url}/clerk`);
    // Where the demo's clerk keys are, said as the demo's and only the demo's.
    expect(await counter.locator('.after-form').innerText()).toMatch(
      /demo started by npm start.+data\/delivery\/demo-credentials\.json/,
    );
    await counter.getByLabel('Clerk key').fill('tkc_not-a-key');
    await counter.getByRole('button', { name: 'Sign in' }).click();
    expect(await errorOf(counter, 'Clerk key')).toContain('This key was not accepted');
    await clerkSignIn(counter, market.delivery.url, hereKey, HERE.name);
    const announced = counter.locator('[aria-live="assertive"]');

    // A wrong code: refused, with the attempts left; the code is typed again.
    await typeHandOver(counter, waiting.orderId, anotherCode(waiting.code));
    const wrong = await outcomeWith(counter, 'Wrong pickup code');
    expect(wrong).toContain('4 attempts left for this order before it locks');
    expect(await announced.innerText()).toContain('Wrong pickup code');
    expect(await hasFocus(counter, 'Pickup code')).toBe(true);
    expect(await counter.getByLabel('Order ID or QR code').inputValue()).toBe(waiting.orderId);
    expect(await counter.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
      true,
    );
    await expectAccessible(counter, 'the counter after a wrong code');
    await screenshot(counter, 'clerk-refusal-wrong-code-phone');

    // A typo is caught by the code's check digit here, before it costs an attempt.
    const sent = handOvers.length;
    await counter.getByLabel('Pickup code').fill(typo(waiting.code));
    await counter.getByLabel('Pickup code').press('Enter');
    expect(await errorOf(counter, 'Pickup code')).toContain('No attempt was used');
    expect(handOvers.length).toBe(sent);

    // The QR code of a parcel for another store, scanned into the first field: not here.
    const scan = counter.getByLabel('Order ID or QR code');
    await scan.fill(pickupQrPayload(forGinza.orderId, forGinza.code));
    expect(await scan.inputValue()).toBe(forGinza.orderId);
    await scan.press('Enter');
    expect(await outcomeWith(counter, 'No such parcel at this store')).toContain('another pickup point');
    expect(JSON.parse(handOvers.at(-1) ?? '{}')).toEqual({ orderId: forGinza.orderId, code: forGinza.code });

    // Handed in by the seller, not arrived: nothing to hand over yet.
    await typeHandOver(counter, onItsWay.orderId, onItsWay.code);
    expect(await outcomeWith(counter, 'has not arrived here yet')).toContain('waiting for the carrier');

    // Past the deadline (7 days here): refused even with the right code, and listed overdue.
    market.clock.advance(7 * DAY_MS + 60_000);
    await typeHandOver(counter, waiting.orderId, waiting.code);
    expect(await outcomeWith(counter, 'the collection deadline has passed')).toContain(
      'goes back to the seller',
    );
    await counter.getByRole('link', { name: 'Parcels' }).click();
    const overdue = counter.getByRole('list', { name: 'Overdue' });
    await overdue.getByText(waiting.orderId, { exact: true }).waitFor();
    expect(await counter.getByRole('list', { name: 'Waiting for collection' }).count()).toBe(0);
    await expectAccessible(counter, 'the parcel lists with an overdue parcel');
    await screenshot(counter, 'clerk-overdue-phone');

    // Returned to the seller from the list; the purchaser's money follows it back.
    await overdue.getByRole('button', { name: `Return to sender parcel ${waiting.orderId}` }).click();
    expect(await outcomeWith(counter, 'goes back to the seller')).toContain(waiting.orderId);
    await counter.getByText('No parcel is past its deadline.').waitFor();
    await typeHandOver(counter, waiting.orderId, waiting.code);
    await outcomeWith(counter, 'Returned to the seller');
    await runDeliveryDuties(market.delivery.delivery.ctx);
    await runSettlementDuties(market.market.ctx);
    expect(await cardBalance(market, card.instrumentId)).toBe(8_000n);
  });

  it('hands a parcel over in Japanese, on a phone whose browser speaks Japanese', async () => {
    const { market, seller } = session;
    const key = await issueClerkKey(market.delivery, HERE.code);
    const card = await market.settlement.prepaid(5_000);
    const [order] = await placeTestOrders(market, seller.apiKey, 1, 1_000);
    if (!order) throw new Error('no order was placed');
    const steps = ['drop-off', 'dispatch', 'arrival'].map((step) => ({ step, key }));
    const ready = await parcel(order, card, HERE.code, steps);

    const counter = await session.newPage(PHONE, 'ja-JP');
    await counter.goto(`${market.delivery.url}/clerk`);
    await counter.getByLabel('店員キー').fill(key);
    await counter.getByRole('button', { name: 'サインイン' }).click();
    await counter.locator('.clerk-point').filter({ hasText: HERE.name }).waitFor();
    expect(await counter.evaluate(() => document.documentElement.lang)).toBe('ja');

    // The order ID and the code are typed in the Latin characters on the customer's receipt.
    const orderField = counter.getByLabel('注文番号またはQRコード');
    await orderField.fill(ready.orderId);
    await orderField.press('Enter');
    const codeField = counter.getByLabel('受け取りコード');
    await codeField.fill(ready.code);
    await codeField.press('Enter');
    expect(await outcomeWith(counter, 'お客様にお渡しください')).toContain('コードは正しいです');
    expect(await counter.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );
    await expectAccessible(counter, 'the hand-over in Japanese');
    await screenshot(counter, 'clerk-hand-over-ja-phone');

    const [shipment] = await market.delivery.delivery.ctx.db
      .select({ state: shipments.state })
      .from(shipments)
      .where(eq(shipments.orderId, ready.orderId));
    expect(shipment?.state).toBe('picked_up');
    await counter.context().close();
  });
});
