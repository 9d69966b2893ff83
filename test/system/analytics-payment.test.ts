import { afterAll, beforeAll, expect, it } from 'vitest';
import { type MarketAnalyticsHold, reconcileAnalyticsHolds } from '../../src/market/payments/reconcile.ts';
import type { SettlementClient } from '../../src/market/payments/settlement-client.ts';
import { registerTestSeller } from '../../src/market/testing/market-harness.ts';
import { type ClosedLinkClient, ClosedLinkUnavailable } from '../../src/platform/closed-link/client.ts';
import { newId } from '../../src/platform/ids.ts';
import { encodeCursor } from '../../src/platform/paging.ts';
import { describeEachDatabase } from '../../src/platform/testing/for-each-database.ts';
import type { AnalyticsHoldRequest } from '../../src/protocol/settlement.ts';
import { setCreditStatus } from '../../src/settlement/instruments/instruments.ts';
import { payOrder, placeTestOrders } from './payment-helpers.ts';
import { startTestSystem, type TestSystem } from './system-harness.ts';

/**
 * A seller's payment for an analytics report, through the market's client over the real
 * closed link: held on the payable or a card, captured once the report is released, voided if
 * it is not, and reconciled against the market's own list.
 */
describeEachDatabase('analytics report payments over the closed link', (dbKind) => {
  let m: TestSystem;
  let client: SettlementClient;
  let seller: { id: string; apiKey: string };

  beforeAll(async () => {
    m = await startTestSystem(dbKind);
    client = m.market.ctx.settlement.live;
    seller = await registerTestSeller(m, 'Analytics Buyer');
  });
  afterAll(() => m?.close());

  /** Sales picked up, so the seller's payable holds them less the 3 % fee. */
  const sell = async (sellerKey: string, count: number, price: number) => {
    const orders = await placeTestOrders(m, sellerKey, count, price);
    const card = await m.settlement.prepaid(count * price);
    for (const order of orders) {
      expect((await payOrder(m, order, card)).status).toBe(200);
      expect(await client.escrow(order.orderId, 'release')).toMatchObject({ ok: true });
    }
  };
  const payable = async (sellerKey: string) => {
    const res = await m.call('GET', '/seller/payable', { token: sellerKey });
    return res.body.balances[0].payable as number;
  };
  const fromPayable = (amount: number, sellerId = seller.id): AnalyticsHoldRequest => ({
    holdId: newId(),
    sellerId,
    amount,
    currency: 'JPY',
    source: { type: 'payable' },
  });

  it('holds a report’s price on the payable, captures it once, and refuses to void it after', async () => {
    await sell(seller.apiKey, 1, 10_000);
    expect(await payable(seller.apiKey)).toBe(9_700);
    const request = fromPayable(2_000);
    const held = await client.holdAnalytics(request, 'report-1');
    expect(held).toMatchObject({
      outcome: 'held',
      holdId: request.holdId,
      sellerId: seller.id,
      amount: 2_000,
      currency: 'JPY',
      source: 'payable',
      state: 'held',
      replayed: false,
    });
    // The same key is answered from settlement's record; another key finds the hold made.
    expect(await client.holdAnalytics(request, 'report-1')).toEqual(held);
    expect(await client.holdAnalytics(request, 'report-1-again')).toEqual({
      ...(held as Exclude<typeof held, string>),
      replayed: true,
    });
    expect(await payable(seller.apiKey)).toBe(7_700);
    expect(await client.lookupAnalyticsHold(request.holdId)).toMatchObject({ state: 'held' });

    const captured = await client.captureAnalytics(request.holdId);
    expect(captured).toMatchObject({ ok: true, replayed: false, hold: { state: 'captured' } });
    expect(await client.captureAnalytics(request.holdId)).toMatchObject({ ok: true, replayed: true });
    expect(await client.voidAnalytics(request.holdId)).toMatchObject({
      ok: false,
      code: 'hold_captured',
      hold: { holdId: request.holdId, state: 'captured' },
    });
    expect(await payable(seller.apiKey)).toBe(7_700);
    expect(await client.ledgerBreaches()).toEqual([]);
  });

  it('voids a hold that never reached a release, gives the price back, and refuses to capture it after', async () => {
    const before = await payable(seller.apiKey);
    const request = fromPayable(1_000);
    expect(await client.holdAnalytics(request, newId())).toMatchObject({ outcome: 'held' });
    expect(await client.voidAnalytics(request.holdId)).toMatchObject({
      ok: true,
      replayed: false,
      hold: { state: 'voided' },
    });
    expect(await client.voidAnalytics(request.holdId)).toMatchObject({ ok: true, replayed: true });
    expect(await client.captureAnalytics(request.holdId)).toMatchObject({
      ok: false,
      code: 'hold_voided',
      hold: { state: 'voided' },
    });
    expect(await payable(seller.apiKey)).toBe(before);
    const unknown = newId();
    expect(await client.captureAnalytics(unknown)).toEqual({ ok: false, code: 'hold_not_found' });
    expect(await client.voidAnalytics(unknown)).toEqual({ ok: false, code: 'hold_not_found' });
    expect(await client.lookupAnalyticsHold(unknown)).toBeNull();
  });

  it('refuses a hold ID with other terms, and a key with another request', async () => {
    const request = fromPayable(100);
    expect(await client.holdAnalytics(request, 'terms-key')).toMatchObject({ outcome: 'held' });
    expect(await client.holdAnalytics({ ...request, amount: 101 }, newId())).toBe('hold_conflict');
    expect(await client.holdAnalytics({ ...request, amount: 101 }, 'terms-key')).toBe('key_reused');
    expect(await client.voidAnalytics(request.holdId)).toMatchObject({ ok: true });
  });

  it('declines a price beyond the payable, holding nothing', async () => {
    const poor = await registerTestSeller(m, 'Poor Seller');
    const before = await payable(seller.apiKey);
    const request = fromPayable(before + 1);
    expect(await client.holdAnalytics(request, newId())).toEqual({
      outcome: 'declined',
      code: 'insufficient_payable',
      message: 'The payable balance does not cover the price.',
    });
    expect(await client.holdAnalytics(fromPayable(1, poor.id), newId())).toMatchObject({
      code: 'insufficient_payable',
    });
    expect(await client.lookupAnalyticsHold(request.holdId)).toBeNull();
    expect(await payable(seller.apiKey)).toBe(before);
  });

  it('holds on a card the seller enters, declines it for the card’s reasons, and keeps a declined key declined', async () => {
    const byCard = (card: { number: string; pin: string }, amount: number): AnalyticsHoldRequest => ({
      ...fromPayable(amount),
      source: { type: 'card', number: card.number, pin: card.pin },
    });
    const prepaid = await m.settlement.prepaid(3_000);
    const wrongPin = { number: prepaid.number, pin: prepaid.pin === '000000' ? '111111' : '000000' };
    expect(await client.holdAnalytics(byCard(wrongPin, 1_000), newId())).toMatchObject({
      outcome: 'declined',
      code: 'wrong_pin',
      attemptsLeft: 4,
    });
    expect(await client.holdAnalytics(byCard(prepaid, 3_001), newId())).toMatchObject({
      code: 'insufficient_balance',
    });
    const onPrepaid = byCard(prepaid, 3_000);
    expect(await client.holdAnalytics(onPrepaid, newId())).toMatchObject({ outcome: 'held', source: 'card' });
    expect(await client.captureAnalytics(onPrepaid.holdId)).toMatchObject({ ok: true });

    const credit = await m.settlement.credit(50_000);
    await setCreditStatus(m.settlement.settlement.ctx.db, credit.instrumentId, 'suspended', m.clock.now());
    const onCredit = byCard(credit, 5_000);
    expect(await client.holdAnalytics(onCredit, 'sticky')).toMatchObject({ code: 'credit_suspended' });
    await setCreditStatus(m.settlement.settlement.ctx.db, credit.instrumentId, 'good', m.clock.now());
    expect(await client.holdAnalytics(onCredit, 'sticky')).toMatchObject({ code: 'credit_suspended' });
    expect(await client.holdAnalytics(onCredit, 'fresh')).toMatchObject({ outcome: 'held' });
    expect(await client.voidAnalytics(onCredit.holdId)).toMatchObject({ ok: true });
    expect(await client.ledgerBreaches()).toEqual([]);
  });

  it('never overdraws the payable: 20 concurrent holds over the link, exactly those it covers held', async () => {
    const busy = await registerTestSeller(m, 'Busy Seller');
    await sell(busy.apiKey, 1, 10_000); // 9,700 payable: room for nine holds of 1,000
    const requests = Array.from({ length: 20 }, () => fromPayable(1_000, busy.id));
    const answers = await Promise.all(requests.map((r) => client.holdAnalytics(r, newId())));
    const outcomes = answers.map((a) =>
      typeof a === 'string' ? a : a.outcome === 'held' ? a.outcome : a.code,
    );
    expect(outcomes.filter((o) => o === 'held')).toHaveLength(9);
    expect(outcomes.filter((o) => o !== 'held')).toEqual(Array(11).fill('insufficient_payable'));
    expect(await payable(busy.apiKey)).toBe(700);
    // Half captured, half voided, all at once.
    const held = requests.filter((_, i) => outcomes[i] === 'held');
    await Promise.all(
      held.map((r, i) => (i % 2 ? client.voidAnalytics(r.holdId) : client.captureAnalytics(r.holdId))),
    );
    expect(await payable(busy.apiKey)).toBe(700 + 4 * 1_000);
    expect(await client.ledgerBreaches()).toEqual([]);
  });

  it('recovers an answer lost on the link by looking the hold up', async () => {
    const link = (client as unknown as { link: ClosedLinkClient }).link;
    const call = link.call;
    // Settlement does the work, then the answer is lost on every retry.
    link.call = async (method, path, options) => {
      const answer = await call.call(link, method, path, options);
      if (method === 'POST') throw new ClosedLinkUnavailable('settlement unreachable: answer lost');
      return answer;
    };
    const request = fromPayable(300);
    try {
      expect(await client.holdAnalytics(request, newId())).toMatchObject({
        outcome: 'held',
        holdId: request.holdId,
        replayed: true,
      });
      expect(await client.holdAnalytics({ ...request, amount: 301 }, newId())).toBe('hold_conflict');
      expect(await client.captureAnalytics(request.holdId)).toMatchObject({
        ok: true,
        replayed: true,
        hold: { state: 'captured' },
      });
      // Lost, and not done: the caller hears the link failed.
      await expect(client.voidAnalytics(request.holdId)).rejects.toBeInstanceOf(ClosedLinkUnavailable);
      await expect(client.holdAnalytics(fromPayable(1_000_000), newId())).rejects.toBeInstanceOf(
        ClosedLinkUnavailable,
      );
    } finally {
      link.call = call;
    }
  });

  it('reconciles the market’s report payments against settlement’s holds and names each disagreement', async () => {
    const pages = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<SettlementClient['analyticsHoldStates']>> =
        await client.analyticsHoldStates(cursor, 4);
      pages.push(page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const all = pages.flat();
    expect(pages.length).toBeGreaterThan(2);
    expect(all.map((h) => h.holdId)).toEqual(all.map((h) => h.holdId).sort());
    expect((await client.analyticsHoldStates(null, 5000)).items).toEqual(all);

    const marketSide: MarketAnalyticsHold[] = all.map(({ holdId, state, amount }) => ({
      holdId: holdId.toUpperCase(), // the market's spelling of a UUID does not matter
      state,
      amount,
    }));
    expect(await reconcileAnalyticsHolds(client, [...marketSide].reverse())).toEqual({
      holdsChecked: all.length,
      mismatches: [],
    });

    const [notCaptured, wrongPrice, forgotten] = all;
    const phantom = newId();
    const disagreeing = marketSide
      .filter((h) => h.holdId.toLowerCase() !== forgotten!.holdId)
      .map((h) =>
        h.holdId.toLowerCase() === notCaptured!.holdId
          ? { ...h, state: notCaptured!.state === 'held' ? ('captured' as const) : ('held' as const) }
          : h.holdId.toLowerCase() === wrongPrice!.holdId
            ? { ...h, amount: h.amount + 1 }
            : h,
      );
    disagreeing.push({ holdId: phantom, state: 'held', amount: 500 });
    const report = await reconcileAnalyticsHolds(client, disagreeing);
    expect(report.holdsChecked).toBe(all.length + 1);
    const side = (h: { state: string; amount: number }) => ({ state: h.state, amount: h.amount });
    expect(report.mismatches).toEqual(
      [
        {
          holdId: notCaptured!.holdId,
          market: { ...side(notCaptured!), state: notCaptured!.state === 'held' ? 'captured' : 'held' },
          settlement: side(notCaptured!),
          problem: `${notCaptured!.state === 'held' ? 'captured' : 'held'} at the market, ${notCaptured!.state} at settlement`,
        },
        {
          holdId: wrongPrice!.holdId,
          market: { ...side(wrongPrice!), amount: wrongPrice!.amount + 1 },
          settlement: side(wrongPrice!),
          problem: `a price of ${wrongPrice!.amount + 1} at the market, ${wrongPrice!.amount} at settlement`,
        },
        {
          holdId: forgotten!.holdId,
          market: null,
          settlement: side(forgotten!),
          problem: `${forgotten!.state} at settlement, unknown to the market`,
        },
        {
          holdId: phantom,
          market: { state: 'held', amount: 500 },
          settlement: null,
          problem: 'held at the market, never held at settlement',
        },
      ].sort((a, b) => a.holdId.localeCompare(b.holdId)),
    );

    // The operator's reconciliation carries the same check; until the market lists its report
    // payments there, each of settlement's holds is one it does not know.
    const operator = await m.call('GET', '/operator/reconcile', { token: m.operatorKey });
    expect(operator.status).toBe(200);
    expect(operator.body.ok).toBe(false);
    expect(operator.body.analytics.holdsChecked).toBe(all.length);
    expect(operator.body.analytics.mismatches).toHaveLength(all.length);
    expect(operator.body.ledgerBreaches).toEqual([]);

    const forged = await m.settlement.settlement.app.inject({
      method: 'GET',
      url: `/reconcile/analytics-holds?cursor=${encodeCursor(['not-a-uuid'])}`,
    });
    expect([forged.statusCode, forged.json().code]).toEqual([400, 'invalid_cursor']);
  });
});
