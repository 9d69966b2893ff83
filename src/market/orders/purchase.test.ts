import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { utcDay } from '../../platform/clock.ts';
import { queryRows } from '../../platform/db/database.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { ORDER_ID_PATTERN } from '../../protocol/order-id.ts';
import { moveClosedDays } from '../history/stores.ts';
import {
  listAndFind,
  registerTestSeller,
  startTestMarket,
  type TestMarket,
} from '../testing/market-harness.ts';
import { runMarketDuties } from '../workers.ts';

describeEachDatabase('B3–B6, B10 purchase', (dbKind) => {
  let m: TestMarket;
  let seller: { id: string; apiKey: string };
  let other: { id: string; apiKey: string };

  /** Registers an offer with a unique CPU speed and returns a search that retrieved it. */
  let nextCpu = 5000;
  const listed = (overrides: Record<string, unknown> = {}, by = seller) =>
    listAndFind(m, by.apiKey, nextCpu++, overrides);
  const buy = (
    s: { offer: { commodityId: string }; searchId: string },
    quantity = 1,
    headers: Record<string, string> = {},
    sellerId = seller.id,
  ) =>
    m.call('POST', '/orders', {
      body: { searchId: s.searchId, commodityId: s.offer.commodityId, sellerId, quantity },
      headers,
    });
  const count = async (table: string, where = sql`true`) =>
    (
      await queryRows<{ n: number }>(
        m.market.ctx.db,
        sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE ${where}`,
      )
    )[0]?.n;

  beforeAll(async () => {
    m = await startTestMarket(dbKind);
    seller = await registerTestSeller(m, 'Seller');
    other = await registerTestSeller(m, 'Other seller');
  });
  afterAll(() => m.close());

  it('places an order for a retrieved item and returns the order ID and secret', async () => {
    const s = await listed({ price: 120_000, stock: 3 });
    const res = await buy(s, 2);
    expect(res.status).toBe(201);
    expect(res.body.orderId).toMatch(ORDER_ID_PATTERN);
    expect(res.body).toMatchObject({
      state: 'awaiting_payment',
      quantity: 2,
      unitPrice: 120_000,
      amount: 240_000,
      currency: 'JPY',
      sellerId: seller.id,
      commodity: { id: s.offer.commodityId, kind: 'personal-computer', model: s.offer.model },
    });
    expect(res.body.orderSecret).toMatch(/^os_/);
    const stock = await m.call('GET', `/seller/offers/${s.offer.offerId}`, { token: seller.apiKey });
    expect(stock.body.stock).toBe(1);

    const read = await m.call('GET', `/orders/${res.body.orderId.toLowerCase()}`, {
      token: res.body.orderSecret,
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      orderId: res.body.orderId,
      state: 'awaiting_payment',
      amount: 240_000,
    });
    expect(read.body.orderSecret).toBeUndefined();
  });

  it('B10: asks to re-enter a selection that was not retrieved, listing the valid ones', async () => {
    const s = await listed();
    const t = await listed();
    const wrong = await m.call('POST', '/orders', {
      body: { searchId: s.searchId, commodityId: t.offer.commodityId, sellerId: seller.id, quantity: 1 },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('reenter_selection');
    expect(wrong.body.detail).toMatch(/Re-enter/);
    expect(wrong.body.retrieved).toEqual([
      { commodityId: s.offer.commodityId, sellerId: seller.id, unitPrice: 100_000, currency: 'JPY' },
    ]);
    const wrongSeller = await buy(s, 1, {}, other.id);
    expect(wrongSeller.body.code).toBe('reenter_selection');
    const noSearch = await m.call('POST', '/orders', {
      body: {
        searchId: crypto.randomUUID(),
        commodityId: s.offer.commodityId,
        sellerId: seller.id,
        quantity: 1,
      },
    });
    expect(noSearch).toMatchObject({ status: 404, body: { code: 'search_not_found' } });
    // The page's token with its last offer's price lowered by one: not one the market signed.
    const forged = Buffer.from(s.searchId, 'base64url');
    const priceEnd = forged.length - 16 - 1;
    forged[priceEnd] = (forged[priceEnd] as number) - 1;
    const cheaper = await m.call('POST', '/orders', {
      body: {
        searchId: forged.toString('base64url'),
        commodityId: s.offer.commodityId,
        sellerId: seller.id,
        quantity: 1,
      },
    });
    expect(cheaper).toMatchObject({ status: 404, body: { code: 'search_not_found' } });
  });

  it('refuses more than the stock, a changed price and a withdrawn offer, writing nothing', async () => {
    const s = await listed({ stock: 2 });
    const before = await count('orders');
    const staged = await count('history_pending');
    expect(await buy(s, 3)).toMatchObject({
      status: 409,
      body: { code: 'insufficient_stock', available: 2 },
    });
    await m.call('PATCH', `/seller/offers/${s.offer.offerId}`, {
      token: seller.apiKey,
      body: { price: 99_000 },
    });
    expect(await buy(s)).toMatchObject({ status: 409, body: { code: 'price_changed', unitPrice: 99_000 } });
    await m.call('DELETE', `/seller/offers/${s.offer.offerId}`, { token: seller.apiKey });
    expect(await buy(s)).toMatchObject({ status: 409, body: { code: 'offer_unavailable' } });
    expect(await count('orders')).toBe(before);
    expect(await count('history_pending')).toBe(staged);
  });

  it('answers "not found" alike for a missing order, a wrong secret and another seller', async () => {
    const s = await listed();
    const { body: order } = await buy(s);
    const otherOrder = (await buy(await listed())).body;
    const answers = [
      await m.call('GET', `/orders/${order.orderId}`, { token: 'os_wrong' }),
      await m.call('GET', `/orders/${order.orderId}`),
      await m.call('GET', `/orders/${order.orderId}`, { token: otherOrder.orderSecret }),
      await m.call('GET', '/orders/0000AA-0000AA-0000AA', { token: order.orderSecret }),
      await m.call('GET', '/orders/not-an-order', { token: order.orderSecret }),
      await m.call('GET', `/seller/orders/${order.orderId}`, { token: other.apiKey }),
      await m.call('GET', '/seller/orders/not-an-order', { token: other.apiKey }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual(answers[0]?.body);
    }
    expect((await m.call('GET', `/seller/orders/${order.orderId}`, { token: seller.apiKey })).status).toBe(
      200,
    );
  });

  it('Idempotency-Key: same key → same order; other body → 409; a refusal stays refused', async () => {
    const s = await listed({ stock: 5 });
    const key = { 'idempotency-key': crypto.randomUUID() };
    const first = await buy(s, 1, key);
    const again = await buy(s, 1, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await count('orders', sql`offer_id = ${s.offer.offerId}`)).toBe(1);

    const mismatch = await buy(s, 2, key);
    expect(mismatch).toMatchObject({ status: 409, body: { code: 'idempotency_key_reused' } });

    const refusedKey = { 'idempotency-key': crypto.randomUUID() };
    expect((await buy(s, 10, refusedKey)).body.code).toBe('insufficient_stock');
    await m.call('PATCH', `/seller/offers/${s.offer.offerId}`, { token: seller.apiKey, body: { stock: 50 } });
    const sticky = await buy(s, 10, refusedKey);
    expect(sticky).toMatchObject({ status: 409, body: { code: 'insufficient_stock', available: 4 } });
    expect(await count('orders', sql`offer_id = ${s.offer.offerId}`)).toBe(1);

    // Concurrent retries of one key create one order.
    const burstKey = { 'idempotency-key': crypto.randomUUID() };
    const burst = await Promise.all(Array.from({ length: 8 }, () => buy(s, 1, burstKey)));
    expect(new Set(burst.map((r) => r.body.orderId)).size).toBe(1);
    expect(await count('orders', sql`offer_id = ${s.offer.offerId}`)).toBe(2);

    // Concurrent retries of one refused key: every answer is the one refusal, stored once.
    const refusedBurstKey = crypto.randomUUID();
    const refusals = await Promise.all(
      Array.from({ length: 8 }, () => buy(s, 1_000, { 'idempotency-key': refusedBurstKey })),
    );
    expect(refusals.map((r) => r.status)).toEqual(Array(8).fill(409));
    for (const r of refusals) expect(r.body).toEqual(refusals[0]?.body);
    expect(refusals.filter((r) => r.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
    expect(await count('idempotency_keys', sql`key = ${refusedBurstKey}`)).toBe(1);
    expect(await count('orders', sql`offer_id = ${s.offer.offerId}`)).toBe(2);
  });

  it('sells the last unit exactly once to concurrent buyers', async () => {
    const s = await listed({ stock: 1 });
    const results = await Promise.all(Array.from({ length: 12 }, () => buy(s)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'insufficient_stock')).toBe(
      true,
    );
    expect(results.filter((r) => r.status === 409)).toHaveLength(11);
    const offer = await m.call('GET', `/seller/offers/${s.offer.offerId}`, { token: seller.apiKey });
    expect(offer.body.stock).toBe(0);
  });

  it('B5: a purchase stages its sale and request; the stores get them, with no order ID, only in the day’s batch', async () => {
    const db = m.market.ctx.db;
    const s = await listed();
    const stored = { sales: await count('sales_history'), preferences: await count('purchaser_preferences') };
    const { body: order } = await buy(s);
    // The purchase writes nothing into the stores themselves.
    expect(await count('sales_history')).toBe(stored.sales);
    expect(await count('purchaser_preferences')).toBe(stored.preferences);
    const staged = await queryRows<{ store: string; row: Record<string, unknown> }>(
      db,
      sql`SELECT store, row FROM history_pending`,
    );
    expect(staged).toContainEqual({
      store: 'sales',
      row: {
        kindId: 'personal-computer',
        commodityId: s.offer.commodityId,
        sellerId: seller.id,
        quantity: 1,
        unitPriceMinor: 100_000,
        currency: 'JPY',
      },
    });
    expect(JSON.stringify(staged)).not.toContain(order.orderId);

    // The day closes: the duty moves it.
    await moveClosedDays(db, new Date(m.clock.now().getTime() + 25 * 3_600_000));
    expect(await count('history_pending')).toBe(0);
    const history = await queryRows<Record<string, unknown>>(db, sql`SELECT * FROM sales_history`);
    const preferences = await queryRows<Record<string, unknown>>(
      db,
      sql`SELECT * FROM purchaser_preferences`,
    );
    expect(history.some((h) => h.commodity_id === s.offer.commodityId)).toBe(true);
    expect(preferences.some((p) => p.outcome === 'purchased')).toBe(true);
    const dump = JSON.stringify([history, preferences]);
    expect(dump).not.toContain(order.orderId);
    expect(dump).not.toContain(order.orderId.replaceAll('-', ''));
    expect(dump).not.toContain(s.searchId);
    expect(Object.keys(history[0] as object).sort()).toEqual(
      [
        'commodity_id',
        'currency',
        'id',
        'kind_id',
        'quantity',
        'seller_id',
        'sold_on',
        'unit_price_minor',
      ].sort(),
    );
    for (const row of history) expect(row.sold_on).toBe(utcDay(new Date(order.createdAt)));
  });

  it('shows the seller its orders with nothing about the purchaser', async () => {
    const s = await listed();
    const key = crypto.randomUUID();
    const { body: order } = await buy(s, 1, { 'idempotency-key': key });
    const list = await m.call('GET', '/seller/orders?limit=200', { token: seller.apiKey });
    const seen = list.body.items.find((o: { orderId: string }) => o.orderId === order.orderId);
    expect(Object.keys(seen).sort()).toEqual(
      [
        'amount',
        'commodityId',
        'createdAt',
        'currency',
        'model',
        'name',
        'orderId',
        'paidAt',
        'parcelState',
        'pickupPointId',
        'quantity',
        'state',
        'unitPrice',
      ].sort(),
    );
    const events = await queryRows<{ payload: unknown }>(
      m.market.ctx.db,
      sql`SELECT payload FROM seller_events`,
    );
    const sellerVisible = JSON.stringify([list.body, events]);
    expect(sellerVisible).not.toContain(order.orderSecret);
    expect(sellerVisible).not.toContain(key);
    expect(sellerVisible).not.toContain(s.searchId);
    const others = await m.call('GET', '/seller/orders', { token: other.apiKey });
    expect(JSON.stringify(others.body)).not.toContain(order.orderId);
  });

  it('expires an unpaid order after the payment window and returns its stock', async () => {
    const s = await listed({ stock: 2 });
    const { body: order } = await buy(s, 2);
    await runMarketDuties(m.market.ctx);
    expect((await m.call('GET', `/orders/${order.orderId}`, { token: order.orderSecret })).body.state).toBe(
      'awaiting_payment',
    );
    m.clock.advance(31 * 60_000);
    await runMarketDuties(m.market.ctx);
    expect((await m.call('GET', `/orders/${order.orderId}`, { token: order.orderSecret })).body.state).toBe(
      'expired',
    );
    const offer = await m.call('GET', `/seller/offers/${s.offer.offerId}`, { token: seller.apiKey });
    expect(offer.body.stock).toBe(2);
    await runMarketDuties(m.market.ctx);
    expect(
      (await m.call('GET', `/seller/offers/${s.offer.offerId}`, { token: seller.apiKey })).body.stock,
    ).toBe(2);
    const expired = await queryRows<{ n: number }>(
      m.market.ctx.db,
      sql`SELECT count(*)::int AS n FROM seller_events WHERE type = 'order.expired' AND payload->>'orderId' = ${order.orderId}`,
    );
    expect(expired[0]?.n).toBe(1);
  });
});
