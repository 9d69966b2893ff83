import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database.ts';
import { REQUEST_SIGNATURE_HEADER, signRequest } from '../../platform/http/signed-requests.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { TEST_MARKET_DELIVERY_KEY } from '../../platform/testing/link-key.ts';
import {
  type ParcelEvent,
  pickupCodeRegistrationTokenValid,
  SHIPMENT_STATES,
  type ShipmentState,
} from '../../protocol/delivery.ts';
import { outbox } from '../db/schema.ts';
import { parcelMayMove } from '../orders/order-state.ts';
import { applyOrderPaid, SETTLEMENT_REFUND_TOPIC } from '../payments/order-paid.ts';
import {
  buyFound,
  listAndFind,
  registerTestSeller,
  startTestMarket,
  type TestMarket,
} from '../testing/market-harness.ts';
import { SETTLEMENT_RELEASE_TOPIC } from './parcels.ts';

const WAY = SHIPMENT_STATES.filter((s) => s !== 'returned');
const ENDS: ShipmentState[] = ['picked_up', 'returned'];

describe('a parcel only moves forward', () => {
  it('ends where the furthest event of its way says, in whatever order and however often they come', () => {
    // Delivery's events up to the furthest, each at least once, some repeated, all shuffled.
    const deliveries = fc.integer({ min: 0, max: WAY.length - 1 }).chain((furthest) =>
      fc.array(fc.integer({ min: 0, max: furthest }), { maxLength: 10 }).chain((repeats) => {
        const sent = [...WAY.keys()].filter((i) => i <= furthest).concat(repeats);
        return fc
          .shuffledSubarray(sent, { minLength: sent.length, maxLength: sent.length })
          .map((order) => ({ furthest, order }));
      }),
    );
    fc.assert(
      fc.property(deliveries, ({ furthest, order }) => {
        let state: ShipmentState | null = null;
        for (const i of order)
          if (parcelMayMove(state, WAY[i] as ShipmentState)) state = WAY[i] as ShipmentState;
        expect(state).toBe(WAY[furthest]);
      }),
    );
  });

  it('never leaves an end, never goes back', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SHIPMENT_STATES), { maxLength: 30 }), (events) => {
        let state: ShipmentState | null = null;
        for (const next of events) {
          const before = state;
          if (parcelMayMove(state, next)) state = next;
          if (before && ENDS.includes(before)) expect(state).toBe(before);
          if (before && state)
            expect(SHIPMENT_STATES.indexOf(state)).toBeGreaterThanOrEqual(SHIPMENT_STATES.indexOf(before));
        }
      }),
    );
  });
});

describeEachDatabase('B9 at the market: parcel events, tracking, the seller’s parcel routes', (dbKind) => {
  let m: TestMarket;
  let seller: { id: string; apiKey: string };
  let other: { id: string; apiKey: string };
  let cpu = 7_000;

  beforeAll(async () => {
    m = await startTestMarket(dbKind);
    seller = await registerTestSeller(m, 'Parcel Seller');
    other = await registerTestSeller(m, 'Other Seller');
  });
  afterAll(() => m?.close());

  /** An order, paid as settlement's news would make it (no settlement runs here). */
  async function order(paid = true) {
    const bought = await buyFound(m, await listAndFind(m, seller.apiKey, cpu++));
    expect(bought.status).toBe(201);
    const { orderId, orderSecret } = bought.body as { orderId: string; orderSecret: string };
    if (paid) {
      const now = m.clock.now();
      const event = {
        type: 'order_paid' as const,
        orderId,
        pickupPointId: 'PP-TEST-1',
        paidAt: now.toISOString(),
      };
      expect(await m.market.ctx.db.transaction((tx) => applyOrderPaid(tx, event, now))).toBe('paid');
    }
    return { orderId, orderSecret };
  }

  const event = (orderId: string, state: ShipmentState, deadline: Date | null = null): ParcelEvent => ({
    id: randomUUID(),
    orderId,
    state,
    at: m.clock.now().toISOString(),
    deadline: deadline?.toISOString() ?? null,
  });

  /** POST /delivery/events as delivery sends it: the raw body, signed with the shared key. */
  async function post(body: unknown, options: { key?: string | null; at?: Date } = {}) {
    const raw = JSON.stringify(body);
    const key = options.key === undefined ? TEST_MARKET_DELIVERY_KEY : options.key;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key) {
      const request = { method: 'POST', path: '/delivery/events', body: raw };
      headers[REQUEST_SIGNATURE_HEADER] = signRequest(key, request, options.at ?? m.clock.now());
    }
    const res = await fetch(`${m.url}/delivery/events`, { method: 'POST', headers, body: raw });
    return { status: res.status, body: (await res.json()) as any };
  }

  const parcelNotices = (orderId: string) =>
    queryRows<{ payload: { state: string; deadline: string | null } }>(
      m.market.ctx.db,
      sql`SELECT payload FROM seller_events WHERE type = 'order.parcel' AND payload->>'orderId' = ${orderId} ORDER BY seq`,
    );
  const jobs = (topic: string, orderId: string) =>
    m.market.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.topic, topic), sql`${outbox.payload}->>'orderId' = ${orderId}`));

  it('applies each event once, moves the parcel only forward, tells the seller, and queues the release on pickup', async () => {
    const { orderId, orderSecret } = await order();
    const before = await m.call('GET', `/orders/${orderId}/tracking`, { token: orderSecret });
    expect(before.body).toEqual({ orderId, orderState: 'paid', pickupPointId: 'PP-TEST-1', parcel: null });
    const listed = await m.call('GET', `/seller/orders/${orderId}`, { token: seller.apiKey });
    expect(listed.body.parcelState).toBeNull();

    const booked = event(orderId, 'booked');
    expect(await post(booked)).toEqual({ status: 200, body: { applied: true } });
    // A repeat (delivery's outbox sends at least once) changes nothing.
    expect(await post(booked)).toEqual({ status: 200, body: { applied: false } });
    m.clock.advance(60_000);
    expect((await post(event(orderId, 'dropped_off'))).body.applied).toBe(true);
    m.clock.advance(60_000);
    expect((await post(event(orderId, 'in_transit'))).body.applied).toBe(true);
    m.clock.advance(60_000);
    const deadline = new Date(m.clock.now().getTime() + 7 * 86_400_000);
    expect((await post(event(orderId, 'ready_for_pickup', deadline))).body.applied).toBe(true);
    // An older event arriving late is recorded, but does not move the parcel back.
    const late = {
      ...event(orderId, 'in_transit'),
      at: new Date(m.clock.now().getTime() - 30_000).toISOString(),
    };
    expect((await post(late)).body.applied).toBe(true);

    const tracking = await m.call('GET', `/orders/${orderId}/tracking`, { token: orderSecret });
    expect(tracking.body.parcel).toMatchObject({
      state: 'ready_for_pickup',
      deadline: deadline.toISOString(),
    });
    expect(tracking.body.parcel.events.map((e: { state: string }) => e.state)).toEqual([
      'booked',
      'dropped_off',
      'in_transit',
      'in_transit',
      'ready_for_pickup',
    ]);
    expect(
      (await m.call('GET', `/seller/orders/${orderId}`, { token: seller.apiKey })).body.parcelState,
    ).toBe('ready_for_pickup');
    expect((await parcelNotices(orderId)).map((n) => n.payload.state)).toEqual([
      'booked',
      'dropped_off',
      'in_transit',
      'ready_for_pickup',
    ]);
    expect(await jobs(SETTLEMENT_RELEASE_TOPIC, orderId)).toHaveLength(0);

    const picked = event(orderId, 'picked_up');
    expect((await post(picked)).body.applied).toBe(true);
    expect((await post(picked)).body.applied).toBe(false);
    // A contradicting end after the first is recorded and ignored: the money moves once.
    expect((await post(event(orderId, 'returned'))).body.applied).toBe(true);
    expect(await jobs(SETTLEMENT_RELEASE_TOPIC, orderId)).toHaveLength(1);
    expect(await jobs(SETTLEMENT_REFUND_TOPIC, orderId)).toHaveLength(0);
    expect((await parcelNotices(orderId)).at(-1)?.payload.state).toBe('picked_up');
    const seen = await m.call('GET', '/seller/orders?limit=200', { token: seller.apiKey });
    expect(seen.body.items.find((o: { orderId: string }) => o.orderId === orderId).parcelState).toBe(
      'picked_up',
    );
  });

  it('queues the refund when the parcel comes back', async () => {
    const { orderId } = await order();
    for (const state of ['booked', 'dropped_off', 'in_transit', 'ready_for_pickup', 'returned'] as const)
      expect((await post(event(orderId, state))).body.applied).toBe(true);
    expect(await jobs(SETTLEMENT_REFUND_TOPIC, orderId)).toHaveLength(1);
    expect(await jobs(SETTLEMENT_RELEASE_TOPIC, orderId)).toHaveLength(0);
  });

  it('takes events only signed with the shared key, before even reading them, and 404s an unknown order', async () => {
    const { orderId } = await order();
    const body = event(orderId, 'booked');
    for (const refused of [
      await post(body, { key: null }),
      await post(body, { key: 'some-other-key-some-other-key-0123456789' }),
      await post(body, { at: new Date(m.clock.now().getTime() - 10 * 60_000) }),
      await post({ nonsense: true }, { key: null }),
    ]) {
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('invalid_signature');
    }
    expect((await post({ ...body, state: 'lost' })).status).toBe(400);
    expect(await parcelNotices(orderId)).toHaveLength(0);
    const unknown = await post(event('7KQ4-M2XD-9TPR-W', 'booked'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('order_not_found');
  });

  it('gives the pickup-code registration for a paid order only, and answers a wrong secret like a missing order', async () => {
    const unpaid = await order(false);
    const notPaid = await m.call('GET', `/orders/${unpaid.orderId}/pickup-code-registration`, {
      token: unpaid.orderSecret,
    });
    expect(notPaid.status).toBe(409);
    expect(notPaid.body.code).toBe('order_not_paid');

    const { orderId, orderSecret } = await order();
    const registration = await m.call('GET', `/orders/${orderId}/pickup-code-registration`, {
      token: orderSecret,
    });
    expect(registration.status).toBe(200);
    expect(registration.body.url).toBe(`${m.market.ctx.config.deliveryUrl}/pickup-codes`);
    expect(pickupCodeRegistrationTokenValid(TEST_MARKET_DELIVERY_KEY, orderId, registration.body.token)).toBe(
      true,
    );
    expect(
      pickupCodeRegistrationTokenValid(TEST_MARKET_DELIVERY_KEY, unpaid.orderId, registration.body.token),
    ).toBe(false);

    for (const path of ['tracking', 'pickup-code-registration']) {
      const wrong = await m.call('GET', `/orders/${orderId}/${path}`, { token: unpaid.orderSecret });
      const missing = await m.call('GET', `/orders/7KQ4-M2XD-9TPR-W/${path}`, { token: orderSecret });
      expect(wrong.status).toBe(404);
      expect(wrong.body).toEqual(missing.body);
    }
  });

  it('answers the seller’s parcel routes: its own paid orders only, and 503 while delivery is away', async () => {
    const unpaid = await order(false);
    const { orderId } = await order();
    const book = (id: string, token = seller.apiKey) =>
      m.call('PUT', `/seller/orders/${id}/shipment`, { token, body: { parcelSize: 'medium' } });

    expect((await book(unpaid.orderId)).body.code).toBe('order_not_paid');
    for (const res of [
      await book(orderId, other.apiKey),
      await m.call('GET', `/seller/orders/${orderId}/shipment`, { token: other.apiKey }),
      await m.call('GET', `/seller/orders/${orderId}/label`, { token: other.apiKey }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('order_not_found');
    }
    expect((await book(orderId, 'tk_sk_nonsense')).status).toBe(401);
    expect(
      (
        await m.call('PUT', `/seller/orders/${orderId}/shipment`, {
          token: seller.apiKey,
          body: { parcelSize: 'huge' },
        })
      ).status,
    ).toBe(400);

    // Nothing listens at the test market's delivery address.
    for (const res of [
      await book(orderId),
      await m.call('GET', `/seller/orders/${orderId}/shipment`, { token: seller.apiKey }),
      await m.call('GET', `/seller/orders/${orderId}/label?format=png`, { token: seller.apiKey }),
    ]) {
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('delivery_unavailable');
      expect(res.headers.get('retry-after')).toBe('30');
    }
    // Nor is there a settlement.
    const payable = await m.call('GET', '/seller/payable', { token: seller.apiKey });
    expect(payable.status).toBe(503);
    expect(payable.body.code).toBe('settlement_unavailable');
  });
});
