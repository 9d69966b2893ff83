import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runDeliveryDuties } from '../../src/delivery/workers.ts';
import { runSettlementDuties } from '../../src/market/payments/settlement-duties.ts';
import { registerTestSeller } from '../../src/market/testing/market-harness.ts';
import { runMarketDuties } from '../../src/market/workers.ts';
import { type Executor, queryRows } from '../../src/platform/db/database.ts';
import { REQUEST_SIGNATURE_HEADER, signRequest } from '../../src/platform/http/signed-requests.ts';
import { describeEachDatabase } from '../../src/platform/testing/for-each-database.ts';
import { TEST_MARKET_DELIVERY_KEY } from '../../src/platform/testing/link-key.ts';
import type { IssuedCard } from '../../src/settlement/instruments/instruments.ts';
import { ledgerBreaches } from '../../src/settlement/ledger/invariants.ts';
import { paidOrderWithPickupCode, payOrder, placeTestOrders } from './payment-helpers.ts';
import { startTestSystem, TEST_PICKUP_POINT, type TestSystem } from './system-harness.ts';

const DAY = 86_400_000;
const CLOSED_POINT = { ...TEST_PICKUP_POINT, code: 'PP-CLOSED-02', name: 'Closed Mart' };

/**
 * B9 across the three services: the seller books at delivery through the market and prints the
 * label there, the pickup clerk moves the parcel, delivery's events reach the market, and the
 * money follows the parcel at settlement: released on pickup, refunded on return.
 */
describeEachDatabase('B9: the parcel’s way, and the money following it', (dbKind) => {
  let s: TestSystem;
  let clerkKey: string;
  let price = 3_000;

  beforeAll(async () => {
    s = await startTestSystem(dbKind, { pickupPoints: [TEST_PICKUP_POINT, CLOSED_POINT] });
    const issued = await s.delivery.call(
      'POST',
      `/operator/pickup-points/${TEST_PICKUP_POINT.code}/clerk-keys`,
      {
        token: s.delivery.operatorKey,
      },
    );
    expect(issued.status).toBe(201);
    clerkKey = issued.body.key;
  });
  afterAll(() => s?.close());

  type Order = { orderId: string; orderSecret: string; amount: number };

  const paidOrder = (sellerKey: string, card: IssuedCard) =>
    paidOrderWithPickupCode(s, sellerKey, card, price++);

  const book = (sellerKey: string, orderId: string, parcelSize = 'small') =>
    s.call('PUT', `/seller/orders/${orderId}/shipment`, { token: sellerKey, body: { parcelSize } });
  const clerk = (step: string, body: Record<string, unknown>) =>
    s.delivery.call('POST', `/clerk/${step}`, { token: clerkKey, body });
  const tracking = (order: Order) =>
    s.call('GET', `/orders/${order.orderId}/tracking`, { token: order.orderSecret });

  /** Booked, handed in, carried and arrived: waiting on the shelf, delivery's events sent. */
  async function onTheShelf(sellerKey: string, order: Order) {
    expect((await book(sellerKey, order.orderId)).status).toBe(201);
    for (const step of ['drop-off', 'dispatch', 'arrival'])
      expect((await clerk(step, { orderId: order.orderId })).status, step).toBe(200);
    await duties();
  }

  /** Every service's background duties, once: delivery's events out, then the market's to settlement. */
  async function duties() {
    await runDeliveryDuties(s.delivery.delivery.ctx);
    await runMarketDuties(s.market.ctx);
    await runSettlementDuties(s.market.ctx);
  }

  const settlementDb = () => s.settlement.settlement.ctx.db;
  /** A prepaid card's spendable balance and a credit card's debt, as settlement's ledger has them. */
  async function instrumentBalance(card: IssuedCard) {
    const [row] = await queryRows<{ spendable: string; debt: string }>(
      settlementDb(),
      sql`SELECT (credits_posted - debits_posted - debits_pending)::text AS spendable,
                 (debits_posted + debits_pending - credits_posted)::text AS debt
            FROM accounts WHERE id = (SELECT account_id FROM instruments WHERE id = ${card.instrumentId})`,
    );
    return { spendable: Number(row?.spendable), debt: Number(row?.debt) };
  }
  const payable = async (sellerKey: string) => {
    const res = await s.call('GET', '/seller/payable', { token: sellerKey });
    expect(res.status).toBe(200);
    return res.body;
  };
  const count = async (db: Executor, table: string) =>
    (await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`))[0]?.n;

  it('books through the market, prints the label there, and on hand-over releases the money to the seller less the fee', async () => {
    const seller = await registerTestSeller(s, 'Pickup seller');
    const card = await s.settlement.prepaid(10_000);
    const order = await paidOrder(seller.apiKey, card);
    expect(await payable(seller.apiKey)).toEqual({
      balances: [{ currency: 'JPY', payable: 0, held: order.amount }],
    });

    // Nothing to print before the parcel is booked.
    const early = await s.call('GET', `/seller/orders/${order.orderId}/label`, { token: seller.apiKey });
    expect(early.status).toBe(404);
    expect(early.body.code).toBe('shipment_not_found');

    const booked = await book(seller.apiKey, order.orderId);
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({
      orderId: order.orderId,
      state: 'booked',
      parcelSize: 'small',
      pickupPoint: { code: TEST_PICKUP_POINT.code, name: TEST_PICKUP_POINT.name },
    });
    expect((await book(seller.apiKey, order.orderId)).status).toBe(200);
    const conflict = await book(seller.apiKey, order.orderId, 'large');
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('shipment_conflict');
    const read = await s.call('GET', `/seller/orders/${order.orderId}/shipment`, { token: seller.apiKey });
    expect(read.body).toMatchObject({ orderId: order.orderId, state: 'booked' });
    const view = await s.call('GET', `/seller/orders/${order.orderId}`, { token: seller.apiKey });
    expect(view.body.parcelState).toBe('booked');

    // The label's bytes, as delivery rendered them, through the market.
    for (const [query, type, magic] of [
      ['', 'application/pdf', '%PDF'],
      ['?format=pdf&size=4x6', 'application/pdf', '%PDF'],
      ['?format=png', 'image/png', '\x89PNG'],
    ] as const) {
      const res = await fetch(`${s.url}/seller/orders/${order.orderId}/label${query}`, {
        headers: { authorization: `Bearer ${seller.apiKey}` },
      });
      expect(res.status, query).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('content-disposition')).toContain(`label-${order.orderId}.`);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, 4).toString('latin1')).toBe(magic);
    }

    for (const step of ['drop-off', 'dispatch', 'arrival'])
      expect((await clerk(step, { orderId: order.orderId })).status, step).toBe(200);
    await duties();
    const waiting = await tracking(order);
    expect(waiting.body).toMatchObject({
      orderId: order.orderId,
      orderState: 'paid',
      pickupPointId: TEST_PICKUP_POINT.code,
      parcel: { state: 'ready_for_pickup' },
    });
    expect(new Date(waiting.body.parcel.deadline).getTime()).toBe(
      s.clock.now().getTime() + TEST_PICKUP_POINT.retentionDays * DAY,
    );
    expect(waiting.body.parcel.events.map((e: { state: string }) => e.state)).toEqual([
      'booked',
      'dropped_off',
      'in_transit',
      'ready_for_pickup',
    ]);

    const handed = await clerk('hand-over', { orderId: order.orderId, code: order.code });
    expect(handed.status).toBe(200);
    expect(handed.body.state).toBe('picked_up');
    await duties();

    expect((await tracking(order)).body.parcel.state).toBe('picked_up');
    const fee = Math.floor((order.amount * s.settlement.settlement.ctx.config.marketFeeBasisPoints) / 10_000);
    expect(await payable(seller.apiKey)).toEqual({
      balances: [{ currency: 'JPY', payable: order.amount - fee, held: 0 }],
    });
    // The purchaser paid, once: the card stays debited.
    expect((await instrumentBalance(card)).spendable).toBe(10_000 - order.amount);
    const notices = await queryRows<{ state: string }>(
      s.market.ctx.db,
      sql`SELECT payload->>'state' AS state FROM seller_events
           WHERE type = 'order.parcel' AND payload->>'orderId' = ${order.orderId} ORDER BY seq`,
    );
    expect(notices.map((n) => n.state)).toEqual([
      'booked',
      'dropped_off',
      'in_transit',
      'ready_for_pickup',
      'picked_up',
    ]);
    expect(await ledgerBreaches(settlementDb())).toEqual([]);
  });

  it('returns a parcel not collected by its deadline and refunds it: the prepaid balance back, the credit debt down', async () => {
    const seller = await registerTestSeller(s, 'Return seller');
    const prepaid = await s.settlement.prepaid(5_000);
    const credit = await s.settlement.credit(50_000);
    const byPrepaid = await paidOrder(seller.apiKey, prepaid);
    const byCredit = await paidOrder(seller.apiKey, credit);
    expect((await instrumentBalance(prepaid)).spendable).toBe(5_000 - byPrepaid.amount);
    expect((await instrumentBalance(credit)).debt).toBe(byCredit.amount);
    await onTheShelf(seller.apiKey, byPrepaid);
    await onTheShelf(seller.apiKey, byCredit);
    expect(await payable(seller.apiKey)).toEqual({
      balances: [{ currency: 'JPY', payable: 0, held: byPrepaid.amount + byCredit.amount }],
    });

    s.clock.advance(TEST_PICKUP_POINT.retentionDays * DAY + 60_000);
    // The deadline has passed: the code no longer opens the shelf, the clerk sends it back.
    const late = await clerk('hand-over', { orderId: byPrepaid.orderId, code: byPrepaid.code });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('deadline_passed');
    expect((await clerk('return', { orderId: byPrepaid.orderId })).status).toBe(200);
    await duties();
    expect((await tracking(byPrepaid)).body.parcel.state).toBe('returned');
    expect((await instrumentBalance(prepaid)).spendable).toBe(5_000);

    // The forgotten one goes back by itself after the grace period.
    s.clock.advance(4 * DAY);
    await duties();
    expect((await tracking(byCredit)).body.parcel.state).toBe('returned');
    expect((await instrumentBalance(credit)).debt).toBe(0);
    expect(await payable(seller.apiKey)).toEqual({ balances: [{ currency: 'JPY', payable: 0, held: 0 }] });
    expect(await ledgerBreaches(settlementDb())).toEqual([]);
  });

  it('changes nothing for a repeated parcel event, and takes none that delivery did not sign', async () => {
    const seller = await registerTestSeller(s, 'Repeat seller');
    const order = await paidOrder(seller.apiKey, await s.settlement.prepaid(10_000));
    await onTheShelf(seller.apiKey, order);
    expect((await clerk('hand-over', { orderId: order.orderId, code: order.code })).status).toBe(200);
    await duties();

    // The very event delivery sent for the hand-over, sent again as it did.
    const [sent] = await queryRows<{ payload: unknown }>(
      s.delivery.delivery.ctx.db,
      sql`SELECT payload FROM outbox WHERE payload->>'orderId' = ${order.orderId} AND payload->>'state' = 'picked_up'`,
    );
    expect(sent).toBeDefined();
    const body = JSON.stringify(sent!.payload);
    const post = (headers: Record<string, string>) =>
      fetch(`${s.url}/delivery/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const signed = (key: string) => ({
      [REQUEST_SIGNATURE_HEADER]: signRequest(
        key,
        { method: 'POST', path: '/delivery/events', body },
        s.clock.now(),
      ),
    });

    const market = s.market.ctx.db;
    const snapshot = async () => ({
      order: await queryRows(market, sql`SELECT * FROM orders WHERE id = ${order.orderId}`),
      events: await count(market, 'parcel_events'),
      notices: await count(market, 'seller_events'),
      outbox: await count(market, 'outbox'),
      transfers: await count(settlementDb(), 'transfers'),
      payable: await payable(seller.apiKey),
    });
    const before = await snapshot();
    for (let i = 0; i < 2; i++) {
      const again = await post(signed(TEST_MARKET_DELIVERY_KEY));
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ applied: false });
    }
    for (const refused of [await post({}), await post(signed('not-the-shared-key-not-the-shared-key-01'))]) {
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { code: string }).code).toBe('invalid_signature');
    }
    await duties();
    expect(await snapshot()).toEqual(before);
  });

  it('refuses what is not the seller’s or not paid, a pickup point delivery does not take, and answers tracking without enumeration', async () => {
    const seller = await registerTestSeller(s, 'Careful seller');
    const other = await registerTestSeller(s, 'Other seller');
    const card = await s.settlement.prepaid(10_000);

    const [unpaid] = await placeTestOrders(s, seller.apiKey, 1, price++);
    const notPaid = await book(seller.apiKey, unpaid!.orderId);
    expect(notPaid.status).toBe(409);
    expect(notPaid.body.code).toBe('order_not_paid');

    // B8: the point must be one delivery knows and that takes parcels.
    const unknown = await payOrder(s, unpaid!, card, { pickupPointId: 'PP-NOWHERE-9' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_pickup_point');
    const closed = await s.delivery.call('PATCH', `/operator/pickup-points/${CLOSED_POINT.code}`, {
      token: s.delivery.operatorKey,
      body: { active: false },
    });
    expect(closed.status).toBe(200);
    const toClosed = await payOrder(s, unpaid!, card, { pickupPointId: CLOSED_POINT.code });
    expect(toClosed.status).toBe(409);
    expect(toClosed.body.code).toBe('pickup_point_closed');
    expect((await instrumentBalance(card)).spendable).toBe(10_000);

    const order = await paidOrder(seller.apiKey, card);
    for (const res of [
      await book(other.apiKey, order.orderId),
      await s.call('GET', `/seller/orders/${order.orderId}/shipment`, { token: other.apiKey }),
      await s.call('GET', `/seller/orders/${order.orderId}/label`, { token: other.apiKey }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('order_not_found');
    }
    const notBooked = await s.call('GET', `/seller/orders/${order.orderId}/shipment`, {
      token: seller.apiKey,
    });
    expect(notBooked.status).toBe(404);
    expect(notBooked.body.code).toBe('shipment_not_found');

    // Delivery refusing the market's signature is an outage to the seller, not a 500.
    const { config } = s.market.ctx;
    const sharedKey = config.deliveryKey;
    config.deliveryKey = 'not-the-shared-key-not-the-shared-key-01';
    const refusedKey = await book(seller.apiKey, order.orderId);
    config.deliveryKey = sharedKey;
    expect(refusedKey.status).toBe(503);
    expect(refusedKey.body.code).toBe('delivery_unavailable');

    // Delivery unreachable while paying: the payment is taken unchecked, and the booking refuses.
    const deliveryUrl = config.deliveryUrl;
    config.deliveryUrl = 'http://127.0.0.1:9';
    const unchecked = await payOrder(s, unpaid!, card, { pickupPointId: 'PP-NOWHERE-9' });
    config.deliveryUrl = deliveryUrl;
    expect(unchecked.status).toBe(200);
    const refusedPoint = await book(seller.apiKey, unpaid!.orderId);
    expect(refusedPoint.status).toBe(422);
    expect(refusedPoint.body.code).toBe('unknown_pickup_point');

    const wrongSecret = await s.call('GET', `/orders/${order.orderId}/tracking`, {
      token: unpaid!.orderSecret,
    });
    const missing = await s.call('GET', '/orders/7KQ4-M2XD-9TPR-W/tracking', { token: order.orderSecret });
    expect(wrongSecret.status).toBe(404);
    expect(wrongSecret.body).toEqual(missing.body);
    expect((await tracking(order)).body.parcel).toBeNull();
  });

  it('reconciles clean after pickups and returns, and names a paid order whose money does not follow its parcel', async () => {
    await duties();
    const clean = await s.call('GET', '/operator/reconcile', { token: s.operatorKey });
    expect(clean.body).toMatchObject({ ok: true, ledgerBreaches: [], mismatches: [] });

    const seller = await registerTestSeller(s, 'Mismatch seller');
    const order = await paidOrder(seller.apiKey, await s.settlement.prepaid(10_000));
    await onTheShelf(seller.apiKey, order);
    // Released behind the parcel's back: it still waits on the shelf.
    expect(await s.market.ctx.settlement.live.escrow(order.orderId, 'release')).toMatchObject({ ok: true });
    const report = await s.call('GET', '/operator/reconcile', { token: s.operatorKey });
    expect(report.body.ok).toBe(false);
    expect(report.body.mismatches).toEqual([
      {
        orderId: order.orderId,
        market: 'paid',
        parcel: 'ready_for_pickup',
        money: 'released',
        problem: 'a paid order whose parcel is ready for pickup, with its money released',
      },
    ]);
  });
});
