import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pcOffer, registerTestSeller } from '../../src/market/testing/market-harness.ts';
import { runMarketDuties } from '../../src/market/workers.ts';
import { utcDay } from '../../src/platform/clock.ts';
import { describeEachDatabase } from '../../src/platform/testing/for-each-database.ts';
import type { IssuedCard } from '../../src/settlement/instruments/instruments.ts';
import { startTestSystem, type TestSystem } from './system-harness.ts';

type Seller = { id: string; apiKey: string };

/**
 * A seller buys analyses through the market, paying over the closed link (a hold at settlement,
 * captured before the release is given), against the three services on one clock.
 */
describeEachDatabase('buying analytics reports', (dbKind) => {
  let m: TestSystem;
  let sellerA: Seller;
  let sellerB: Seller;
  let day: string;

  const quote = (seller: Seller, analysis: string, parameters: Record<string, unknown>) =>
    m.call('POST', '/seller/analytics/quotes', {
      token: seller.apiKey,
      body: {
        analysis,
        parameters: { kind: 'personal-computer', granularity: 'day', from: day, to: day, ...parameters },
      },
    });
  const buy = (seller: Seller, reportId: string, source: Record<string, unknown>, key = `buy-${reportId}`) =>
    m.call('POST', `/seller/analytics/reports/${reportId}/purchase`, {
      token: seller.apiKey,
      headers: { 'idempotency-key': key },
      body: { source },
    });
  const card = (c: IssuedCard) => ({ type: 'card', number: c.number, pin: c.pin });
  const report = (seller: Seller, reportId: string) =>
    m.call('GET', `/seller/analytics/reports/${reportId}`, { token: seller.apiKey });
  const budget = async (month: string) =>
    (await m.call('GET', `/operator/analytics/budget?months=${month}`, { token: m.operatorKey })).body
      .months[0];
  const holdAt = async (holdId: string) => m.market.ctx.settlement.live.lookupAnalyticsHold(holdId);

  beforeAll(async () => {
    m = await startTestSystem(dbKind);
    day = utcDay(m.clock.now());
    sellerA = await registerTestSeller(m, 'Analyst A');
    sellerB = await registerTestSeller(m, 'Analyst B');
    const listed = await m.call('POST', '/seller/offers', {
      token: sellerA.apiKey,
      body: pcOffer('AN-1', { price: 1_500, stock: 50 }, { colour: 'red' }),
    });
    expect(listed.status).toBe(201);
    const found = await m.call('POST', '/searches', {
      body: { kind: 'personal-computer', conditions: [{ attribute: 'colour', op: '=', value: 'red' }] },
    });
    for (const quantity of [1, 2]) {
      const [item] = found.body.items;
      const order = await m.call('POST', '/orders', {
        body: {
          searchId: found.body.searchId,
          commodityId: item.commodityId,
          sellerId: item.sellerId,
          quantity,
        },
      });
      expect(order.status).toBe(201);
    }
    m.clock.advance(25 * 3_600_000);
    await runMarketDuties(m.market.ctx);
  });
  afterAll(() => m?.close());

  it('quotes, holds, computes, captures, then releases; fetching again costs nothing', async () => {
    const quoted = await quote(sellerA, 'sales-volume', {});
    expect(quoted.status).toBe(201);
    expect(quoted.body).toMatchObject({
      state: 'quoted',
      price: 1000,
      currency: 'JPY',
      epsilon: '1',
      kept: false,
    });
    expect(quoted.body.accuracy[0]).toMatchObject({ name: 'units', accuracy95: 30 });

    const payer = await m.settlement.prepaid(5_000);
    const bought = await buy(sellerA, quoted.body.reportId, card(payer));
    expect(bought.status, JSON.stringify(bought.body)).toBe(200);
    expect(bought.body.state).toBe('released');
    // C4 came before the release: settlement has the payment captured.
    expect(await holdAt(quoted.body.reportId)).toMatchObject({ state: 'captured', amount: 1000 });

    const got = await report(sellerA, quoted.body.reportId);
    expect(got.body.release.measures[0].cells.length).toBeGreaterThan(0);
    // The seller's own figures are exact: the three units it sold in the 1,000 band.
    expect(got.body.release.own.units).toEqual([{ period: day, key: '1000', value: 3 }]);
    expect((await report(sellerA, quoted.body.reportId)).body.release).toEqual(got.body.release);
    const csv = await fetch(`${m.url}/seller/analytics/reports/${quoted.body.reportId}/csv`, {
      headers: { authorization: `Bearer ${sellerA.apiKey}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\n')[0]).toBe(
      'measure,period,key,label,value,suppressed,accuracy95,epsilon',
    );

    // Repeating the purchase answers the report; nothing more is held or charged.
    expect((await buy(sellerA, quoted.body.reportId, card(payer))).body.state).toBe('released');
    expect((await budget(day.slice(0, 7))).marketSpent).toBe('1');

    // Another seller sees none of it: the same answer as a report that does not exist.
    const foreign = await report(sellerB, quoted.body.reportId);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('report_not_found');
    expect((await m.call('GET', '/seller/analytics/reports', { token: sellerB.apiKey })).body.items).toEqual(
      [],
    );

    // Asked again, by another seller: the kept release, sold again, spending no budget.
    const again = await quote(sellerB, 'sales-volume', {});
    expect(again.body).toMatchObject({ kept: true, epsilon: '0' });
    expect((await buy(sellerB, again.body.reportId, card(await m.settlement.prepaid(5_000)))).status).toBe(
      200,
    );
    const theirs = await report(sellerB, again.body.reportId);
    expect(theirs.body.release.measures).toEqual(got.body.release.measures);
    expect((await budget(day.slice(0, 7))).marketSpent).toBe('1');
  });

  it('a declined card holds nothing, spends nothing and gives nothing', async () => {
    const quoted = await quote(sellerA, 'conversion', {});
    const payer = await m.settlement.prepaid(5_000);
    const declined = await buy(sellerA, quoted.body.reportId, {
      ...card(payer),
      pin: payer.pin === '0000' ? '1111' : '0000',
    });
    expect(declined.status).toBe(402);
    expect(declined.body).toMatchObject({ code: 'payment_declined', decline: 'wrong_pin' });
    expect((await report(sellerA, quoted.body.reportId)).body).toMatchObject({
      state: 'declined',
      release: null,
    });
    expect(await holdAt(quoted.body.reportId)).toBeNull();
    expect(
      (await budget(day.slice(0, 7))).sellers.find((s: { sellerId: string }) => s.sellerId === sellerA.id)
        ?.spent,
    ).toBe('1');
  });

  it('lets the hold go when the analysis fails, and charges nothing', async () => {
    const quoted = await quote(sellerA, 'attribute-preference', { attribute: 'colour' });
    const db = m.market.ctx.db;
    await db.execute(sql`ALTER TABLE analytics_cells RENAME TO analytics_cells_away`);
    try {
      const failed = await buy(sellerA, quoted.body.reportId, card(await m.settlement.prepaid(5_000)));
      expect(failed.status).toBe(500);
      expect(failed.body.code).toBe('analysis_failed');
    } finally {
      await db.execute(sql`ALTER TABLE analytics_cells_away RENAME TO analytics_cells`);
    }
    expect(await holdAt(quoted.body.reportId)).toMatchObject({ state: 'voided' });
    expect((await report(sellerA, quoted.body.reportId)).body).toMatchObject({
      state: 'voided',
      release: null,
    });
    expect((await budget(day.slice(0, 7))).marketSpent).toBe('1');
  });

  it('refuses a release over the seller’s budget before anything is held', async () => {
    const settings = await m.call('GET', '/operator/analytics/settings', { token: m.operatorKey });
    const put = await m.call('PUT', '/operator/analytics/settings', {
      token: m.operatorKey,
      body: { ...settings.body, sellerBudget: '1.5' },
    });
    expect(put.status).toBe(200);
    const refused = await quote(sellerA, 'best-sellers', {});
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'over_budget', holder: 'seller', remaining: '0.5' });
    // The audit log has every release given, kept ones with ε 0.
    const audit = await m.call('GET', '/operator/analytics/audit', { token: m.operatorKey });
    expect(audit.body.items.map((a: { epsilon: string }) => a.epsilon)).toEqual(['0', '1']);
  });

  it('exports the stores row by row: the day only, the seller on the caller’s own rows alone', async () => {
    const url = (store: string, query: string) =>
      `${m.url}/seller/analytics/exports/${store}?kind=personal-computer&from=${day}&to=${day}${query}`;
    const get = (seller: Seller, store: string, query = '') =>
      fetch(url(store, query), { headers: { authorization: `Bearer ${seller.apiKey}` } });
    const own = await get(sellerA, 'sales');
    expect(own.headers.get('content-type')).toContain('text/csv');
    const lines = (await own.text()).trim().split('\n');
    expect(lines[0]).toBe('day,kind,commodityId,quantity,unitPrice,currency,seller');
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',').slice(3).join(','))
        .sort(),
    ).toEqual([`1,1500,JPY,${sellerA.id}`, `2,1500,JPY,${sellerA.id}`]);
    const theirs = await (await get(sellerB, 'sales', '&format=json')).json();
    expect(theirs.map((r: { seller: string | null; day: string }) => [r.seller, r.day])).toEqual([
      [null, day],
      [null, day],
    ]);
    const preferences = await (await get(sellerB, 'preferences', '&format=json')).json();
    expect(preferences.map((r: { outcome: string }) => r.outcome).sort()).toEqual([
      'matched',
      'purchased',
      'purchased',
    ]);
    // Today has not ended: no export reaches it.
    const open = await fetch(url('sales', '').replaceAll(`to=${day}`, `to=${utcDay(m.clock.now())}`), {
      headers: { authorization: `Bearer ${sellerA.apiKey}` },
    });
    expect(open.status).toBe(422);
    const settings = await m.call('GET', '/operator/analytics/settings', { token: m.operatorKey });
    await m.call('PUT', '/operator/analytics/settings', {
      token: m.operatorKey,
      body: { ...settings.body, exportsEnabled: false },
    });
    const off = await get(sellerA, 'sales');
    expect(off.status).toBe(403);
    expect((await off.json()).code).toBe('exports_disabled');
    await m.call('PUT', '/operator/analytics/settings', { token: m.operatorKey, body: settings.body });
  });

  it('declines a payable that cannot cover the price, and reconciles every report payment with settlement', async () => {
    const quoted = await quote(sellerB, 'conversion', {});
    const declined = await buy(sellerB, quoted.body.reportId, { type: 'payable' });
    expect(declined.status).toBe(402);
    expect(declined.body).toMatchObject({ code: 'payment_declined', decline: 'insufficient_payable' });
    const reconciled = await m.call('GET', '/operator/reconcile', { token: m.operatorKey });
    expect(reconciled.body.analytics.mismatches).toEqual([]);
    // The captured reports and the voided one; declined payments were never held.
    expect(reconciled.body.analytics.holdsChecked).toBe(3);
  });
});
