import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { orders } from '../../src/market/db/schema.ts';
import { expireUnpaidOrders } from '../../src/market/orders/expiry.ts';
import { announcementOf } from '../../src/market/payments/announcements.ts';
import { collectSettlementEvents, runSettlementDuties } from '../../src/market/payments/settlement-duties.ts';
import { registerTestSeller } from '../../src/market/testing/market-harness.ts';
import { queryRows } from '../../src/platform/db/database.ts';
import { encodeCursor } from '../../src/platform/paging.ts';
import { describeEachDatabase } from '../../src/platform/testing/for-each-database.ts';
import { generateCardNumber } from '../../src/settlement/instruments/card-number.ts';
import { setCreditStatus } from '../../src/settlement/instruments/instruments.ts';
import { ledgerBreaches } from '../../src/settlement/ledger/invariants.ts';
import { payOrder, placeTestOrders } from './payment-helpers.ts';
import { startTestSystem, TEST_PICKUP_POINT, type TestSystem } from './system-harness.ts';

describeEachDatabase('B7–B8 payment through the closed link', (dbKind) => {
  let m: TestSystem;
  let seller: { id: string; apiKey: string };
  const settlement = () => m.settlement;
  const settlementCount = async (table: string) =>
    (
      await queryRows<{ n: number }>(
        settlement().settlement.ctx.db,
        sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`,
      )
    )[0]?.n;

  beforeAll(async () => {
    // The pickup points these tests pay to; the market checks each with delivery.
    const pickupPoints = [TEST_PICKUP_POINT.code, 'PP-GINZA-7', 'PP-1'].map((code) => ({
      ...TEST_PICKUP_POINT,
      code,
    }));
    m = await startTestSystem(dbKind, { pickupPoints });
    seller = await registerTestSeller(m, 'Seller');
  });
  afterAll(() => m?.close());

  it('B7 announces every order through the outbox, and B8 pays it into escrow and tells the seller where it goes', async () => {
    const [order] = await placeTestOrders(m, seller.apiKey, 1, 4_200);
    await runSettlementDuties(m.market.ctx);
    const [announced] = await queryRows<{ amount: string; seller_id: string }>(
      settlement().settlement.ctx.db,
      sql`SELECT amount::text, seller_id FROM announcements WHERE order_id = ${order!.orderId}`,
    );
    expect(announced).toEqual({ amount: '4200', seller_id: seller.id });

    const card = await settlement().prepaid(10_000);
    const paid = await payOrder(m, order!, card, { pickupPointId: 'PP-GINZA-7' });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({
      outcome: 'approved',
      orderId: order!.orderId,
      amount: 4_200,
      pickupPointId: 'PP-GINZA-7',
    });

    const read = await m.call('GET', `/orders/${order!.orderId}`, { token: order!.orderSecret });
    expect(read.body).toMatchObject({ state: 'paid', pickupPointId: 'PP-GINZA-7' });
    const sellerView = await m.call('GET', `/seller/orders/${order!.orderId}`, { token: seller.apiKey });
    expect(sellerView.body).toMatchObject({ state: 'paid', pickupPointId: 'PP-GINZA-7' });
    expect(JSON.stringify(sellerView.body)).not.toContain(card.number);

    // Settlement's own news arrives later and changes nothing; once applied it is acknowledged.
    expect(await collectSettlementEvents(m.market.ctx)).toBeGreaterThan(0);
    expect(await collectSettlementEvents(m.market.ctx)).toBe(0);
    const events = await queryRows<{ type: string }>(
      m.market.ctx.db,
      sql`SELECT type FROM seller_events WHERE payload->>'orderId' = ${order!.orderId} ORDER BY seq`,
    );
    expect(events.map((e) => e.type)).toEqual(['order.created', 'order.paid']);
    expect(await ledgerBreaches(settlement().settlement.ctx.db)).toEqual([]);
  });

  it('answers each decline with its own code over 402, and nothing moves', async () => {
    const orders = await placeTestOrders(m, seller.apiKey, 4, 5_000);
    const card = await settlement().prepaid(3_000);
    const transfersBefore = (await settlementCount('transfers')) ?? 0;

    const wrongPin = await payOrder(m, orders[0]!, {
      number: card.number,
      pin: card.pin === '0000' ? '1111' : '0000',
    });
    expect(wrongPin.status).toBe(402);
    expect(wrongPin.body).toMatchObject({ code: 'wrong_pin', attemptsLeft: 4 });
    const typo = await payOrder(m, orders[0]!, {
      number: `${card.number.slice(0, -1)}${(Number(card.number.at(-1)) + 1) % 10}`,
      pin: card.pin,
    });
    expect(typo.body.code).toBe('invalid_number');
    const unknown = await payOrder(m, orders[0]!, { number: generateCardNumber('prepaid'), pin: '1234' });
    expect(unknown.body.code).toBe('unknown_instrument');
    const mismatch = await payOrder(m, orders[0]!, card, { amount: 4_999 });
    expect(mismatch.body.code).toBe('amount_mismatch');
    const poor = await payOrder(m, orders[1]!, card);
    expect(poor.body.code).toBe('insufficient_balance');
    for (const declined of [wrongPin, typo, unknown, mismatch, poor]) {
      expect(declined.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(declined.body)).not.toContain(card.number);
    }
    expect(await settlementCount('transfers')).toBe(transfersBefore);
    const read = await m.call('GET', `/orders/${orders[1]!.orderId}`, { token: orders[1]!.orderSecret });
    expect(read.body.state).toBe('awaiting_payment');
  });

  it('pays an order once: 20 concurrent and then sequential retries of one key, and a lost answer, give one transfer', async () => {
    const [order] = await placeTestOrders(m, seller.apiKey, 1, 2_500);
    const card = await settlement().prepaid(100_000);
    const transfersBefore = (await settlementCount('transfers')) ?? 0;
    const key = 'pay-once-key';
    const answers = await Promise.all(Array.from({ length: 20 }, () => payOrder(m, order!, card, { key })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((a) => a.body.paidAt)).size).toBe(1);
    for (let i = 0; i < 3; i++) expect((await payOrder(m, order!, card, { key })).status).toBe(200);
    expect(await settlementCount('transfers')).toBe(transfersBefore + 1);

    // The same key for another amount is refused; another key finds the order already paid.
    expect((await payOrder(m, order!, card, { key, amount: 2_400 })).body.code).toBe(
      'idempotency_key_reused',
    );
    const again = await payOrder(m, order!, card, { key: 'another-key' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'already_paid' });
    expect(again.body.paidAt).toBe(answers[0]!.body.paidAt);

    // A payment whose answer never reached the market: the purchaser's retry gets the approval back.
    const [lost] = await placeTestOrders(m, seller.apiKey, 1, 2_500);
    const request = {
      orderId: lost!.orderId,
      amount: lost!.amount,
      currency: 'JPY',
      instrument: { number: card.number, pin: card.pin },
      pickupPointId: 'PP-1',
      // As the market sends it: the announcement rides with the payment.
      announcement: {
        orderId: lost!.orderId,
        amount: lost!.amount,
        currency: 'JPY',
        sellerId: seller.id,
        termsHash: await termsHashOf(lost!.orderId),
      },
    };
    const direct = await m.market.ctx.settlement.live.pay(request, 'lost-answer');
    expect(direct).toMatchObject({ outcome: 'approved' });
    const retried = await payOrder(m, lost!, card, { key: 'lost-answer', pickupPointId: 'PP-1' });
    expect(retried.status).toBe(200);
    expect(retried.headers.get('content-type')).toContain('application/json');
    expect(await settlementCount('transfers')).toBe(transfersBefore + 2);
  });

  it('keeps a declined key declined, even once the card would pass', async () => {
    const [order] = await placeTestOrders(m, seller.apiKey, 1, 1_000);
    const card = await settlement().credit(50_000);
    await setCreditStatus(settlement().settlement.ctx.db, card.instrumentId, 'suspended', m.clock.now());
    expect((await payOrder(m, order!, card, { key: 'sticky' })).body.code).toBe('credit_suspended');
    await setCreditStatus(settlement().settlement.ctx.db, card.instrumentId, 'good', m.clock.now());
    expect((await payOrder(m, order!, card, { key: 'sticky' })).body.code).toBe('credit_suspended');
    expect((await payOrder(m, order!, card, { key: 'fresh' })).status).toBe(200);
  });

  it('approves exactly as many of 50 concurrent payments as a prepaid balance covers', async () => {
    const orders = await placeTestOrders(m, seller.apiKey, 50, 1_000);
    const card = await settlement().prepaid(10_000);
    const answers = await Promise.all(orders.map((o) => payOrder(m, o, card)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
    expect(answers.filter((a) => a.status === 402).map((a) => a.body.code)).toEqual(
      Array(40).fill('insufficient_balance'),
    );
    const [account] = await queryRows<{ spendable: string }>(
      settlement().settlement.ctx.db,
      sql`SELECT (credits_posted - debits_posted - debits_pending)::text AS spendable FROM accounts
          WHERE id = (SELECT account_id FROM instruments WHERE id = ${card.instrumentId})`,
    );
    expect(account?.spendable).toBe('0');
    expect(await ledgerBreaches(settlement().settlement.ctx.db)).toEqual([]);
  });

  it('reconciles clean once the duties caught up, and names an order whose money disagrees', async () => {
    await runSettlementDuties(m.market.ctx);
    const clean = await m.call('GET', '/operator/reconcile', { token: m.operatorKey });
    expect(clean.body).toMatchObject({ ok: true, ledgerBreaches: [], mismatches: [] });
    expect(clean.body.ordersChecked).toBeGreaterThan(50);

    const [order] = await placeTestOrders(m, seller.apiKey, 1, 1_000);
    await payOrder(m, order!, await settlement().prepaid(1_000));
    // Refunded behind the market's back: the order says paid, the money went back.
    await m.market.ctx.settlement.live.escrow(order!.orderId, 'refund');
    const report = await m.call('GET', '/operator/reconcile', { token: m.operatorKey });
    expect(report.body.ok).toBe(false);
    expect(report.body.mismatches).toEqual([
      {
        orderId: order!.orderId,
        market: 'paid',
        money: 'refunded',
        problem: 'a paid order with its money refunded',
      },
    ]);
  });

  it('releases escrow to the seller less the fee, once, and then refuses to refund it', async () => {
    const [order] = await placeTestOrders(m, seller.apiKey, 1, 10_000);
    await payOrder(m, order!, await settlement().prepaid(10_000));
    const link = m.market.ctx.settlement.live;
    expect(await link.escrow(order!.orderId, 'release')).toEqual({
      ok: true,
      orderId: order!.orderId,
      money: 'released',
      replayed: false,
    });
    expect(await link.escrow(order!.orderId, 'release')).toMatchObject({ ok: true, replayed: true });
    expect(await link.escrow(order!.orderId, 'refund')).toEqual({ ok: false, code: 'already_released' });
    const [payable] = await queryRows<{ credits: string }>(
      settlement().settlement.ctx.db,
      sql`SELECT credits_posted::text AS credits FROM accounts WHERE kind = 'seller_payable'
          AND id IN (SELECT credit_account_id FROM transfers WHERE reference = ${order!.orderId})`,
    );
    expect(payable?.credits).toBe('9700'); // 3 % market fee
    expect(await link.escrow('NO-SUCH-ORDER', 'release')).toEqual({ ok: false, code: 'not_paid' });
  });

  it('answers a payment that the order’s expiry overtook by what became of it: refunded when the item sold out meanwhile, paid when it is still there', async () => {
    const [gone] = await placeTestOrders(m, seller.apiKey, 1, 3_000);
    const card = await settlement().prepaid(10_000);
    const link = m.market.ctx.settlement.live;
    const pay = link.pay;
    // While settlement approves, the payment window closes: the order lapses and its stock goes
    // back on sale; for `gone` the seller then takes the item off sale, as if it sold.
    let soldOut = false;
    link.pay = async (request, key) => {
      const answer = await pay.call(link, request, key);
      m.clock.advance(31 * 60_000);
      await expireUnpaidOrders(m.market.ctx.db, m.clock.now());
      if (soldOut) {
        const [row] = await m.market.ctx.db.select().from(orders).where(eq(orders.id, request.orderId));
        const off = await m.call('PATCH', `/seller/offers/${row!.offerId}`, {
          token: seller.apiKey,
          body: { stock: 0 },
        });
        expect(off.status).toBe(200);
      }
      return answer;
    };
    let kept: Awaited<ReturnType<typeof placeTestOrders>>[number] | undefined;
    let approved: Awaited<ReturnType<typeof payOrder>>;
    try {
      soldOut = true;
      const lapsed = await payOrder(m, gone!, card);
      expect(lapsed.status).toBe(409);
      expect(lapsed.headers.get('content-type')).toContain('application/problem+json');
      expect(lapsed.body).toMatchObject({ code: 'order_lapsed', refund: 'queued' });
      expect(lapsed.body).not.toHaveProperty('pickupCodeRegistration');
      const read = await m.call('GET', `/orders/${gone!.orderId}`, { token: gone!.orderSecret });
      expect(read.body.state).toBe('cancelled');
      // The money goes back once the duties run; the seller heard of the order and its lapse only.
      await runSettlementDuties(m.market.ctx);
      const money = await link.moneyStates(null, 5_000);
      expect(money.items.find((o) => o.orderId === gone!.orderId)?.money).toBe('refunded');
      const told = await queryRows<{ type: string }>(
        m.market.ctx.db,
        sql`SELECT type FROM seller_events WHERE payload->>'orderId' = ${gone!.orderId} ORDER BY seq`,
      );
      expect(told.map((e) => e.type)).toEqual(['order.created', 'order.expired']);
      // A retry of the same payment is no approval either.
      expect((await payOrder(m, gone!, card)).body.code).toBe('order_not_payable');
      m.clock.advance(-31 * 60_000);

      soldOut = false;
      [kept] = await placeTestOrders(m, seller.apiKey, 1, 3_000);
      approved = await payOrder(m, kept!, card);
      m.clock.advance(-31 * 60_000);
    } finally {
      link.pay = pay;
    }

    // The stock was still there: the order is paid after all, and said so.
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ outcome: 'approved', orderId: kept!.orderId });
    expect(approved.body.pickupCodeRegistration.token).toEqual(expect.any(String));
    expect((await m.call('GET', `/orders/${kept!.orderId}`, { token: kept!.orderSecret })).body.state).toBe(
      'paid',
    );
    expect(await ledgerBreaches(settlement().settlement.ctx.db)).toEqual([]);
  });

  it('pages settlement’s money states by the one cursor convention, and refuses a forged cursor', async () => {
    const app = settlement().settlement.app;
    const get = async (query: URLSearchParams) => {
      const res = await app.inject({ method: 'GET', url: `/reconcile/orders?${query}` });
      return { status: res.statusCode, body: res.json() };
    };
    const all = await get(new URLSearchParams({ limit: '5000' }));
    expect(all.body.items.length).toBeGreaterThan(50);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { orderId: string }[]; nextCursor: string | null } } = await get(
        new URLSearchParams({ limit: '7', ...(cursor ? { cursor } : {}) }),
      );
      seen.push(...page.body.items.map((o) => o.orderId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((o: { orderId: string }) => o.orderId));
    for (const forged of ['garbage', encodeCursor([1.5]), encodeCursor([null]), encodeCursor(['a', 'b'])])
      expect(await get(new URLSearchParams({ cursor: forged }))).toMatchObject({
        status: 400,
        body: { code: 'invalid_cursor' },
      });
  });

  it('puts settlement, fetched over the closed link, on the operator status page', async () => {
    await runSettlementDuties(m.market.ctx);
    const res = await m.call('GET', '/operator/status', { token: m.operatorKey });
    const status = res.body.services.find((s: { name: string }) => s.name === 'settlement');
    expect(status).toMatchObject({ status: 'ok', database: { driver: dbKind, ok: true }, issues: [] });
    const counts = Object.fromEntries(
      status.counts.map((c: { name: string; value: number }) => [c.name, c.value]),
    );
    expect(counts.inEscrow).toBeGreaterThan(10);
    expect(counts.undelivered).toBe(0);
  });

  it('refuses an expired order and answers 503 while settlement is unreachable', async () => {
    const [late, unlucky] = await placeTestOrders(m, seller.apiKey, 2, 1_000);
    const card = await settlement().prepaid(10_000);
    m.clock.advance(31 * 60_000);
    expect((await payOrder(m, late!, card)).body.code).toBe('order_not_payable');
    m.clock.advance(-31 * 60_000);

    await settlement().settlement.app.close();
    const down = await payOrder(m, unlucky!, card, { key: 'while-down' });
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('settlement_unavailable');
    expect(down.headers.get('retry-after')).toBe('5');
  });

  /** The hash the market announces for an order (B7), read back from its outbox's source. */
  async function termsHashOf(orderId: string): Promise<string> {
    const [row] = await m.market.ctx.db.select().from(orders).where(eq(orders.id, orderId));
    return announcementOf(row!).termsHash;
  }
});
