import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { purchaserPreferences, salesHistory } from '../db/schema.ts';
import { pcOffer, registerTestSeller, startTestMarket, type TestMarket } from '../testing/market-harness.ts';
import { runMarketDuties } from '../workers.ts';
import { readCells } from './aggregates.ts';
import { analyticsBackfill } from './tables.ts';
import { unitsCells } from './units-cells.testing.ts';

/**
 * Rows already in the stores when the aggregates began (their migration lists those days): the
 * duties fold each listed day once, and a day not listed is never folded from the stores.
 */
describeEachDatabase('aggregates of days stored before them', (dbKind) => {
  let m: TestMarket;
  beforeAll(async () => {
    m = await startTestMarket(dbKind);
  });
  afterAll(() => m?.close());

  it('folds each listed day once, then forgets the list', async () => {
    const seller = await registerTestSeller(m);
    const listed = await m.call('POST', '/seller/offers', { token: seller.apiKey, body: pcOffer('OLD-1') });
    const sale = (day: string, quantity: number) => ({
      id: newId(),
      kindId: 'personal-computer',
      commodityId: listed.body.commodityId,
      sellerId: seller.id,
      quantity,
      unitPriceMinor: 100_000,
      currency: 'JPY',
      soldOn: day,
    });
    const db = m.market.ctx.db;
    await db
      .insert(salesHistory)
      .values([sale('2025-06-01', 2), sale('2025-06-01', 9), sale('2025-06-02', 1)]);
    await db.insert(purchaserPreferences).values({
      id: newId(),
      kindId: 'personal-computer',
      currency: 'JPY',
      conditions: [],
      failed: [],
      outcome: 'matched',
      requestedOn: '2025-06-02',
    });
    await db.insert(analyticsBackfill).values([{ day: '2025-06-01' }, { day: '2025-06-02' }]);

    // Twice, as several processes would: each day is folded once.
    await Promise.all([runMarketDuties(m.market.ctx), runMarketDuties(m.market.ctx)]);
    const units = (per: 'day' | 'week' | 'month' | undefined, from: string, to: string) =>
      unitsCells(db, { from, to, ...(per && { per }) });
    expect(await units('day', '2025-06-01', '2025-06-02')).toEqual([
      { period: '2025-06-01', key: '100000', value: 2 + 5 },
      { period: '2025-06-02', key: '100000', value: 1 },
    ]);
    // The same sales in their ISO weeks (Sunday the 1st ends one) and their month.
    expect(await units('week', '2025-05-26', '2025-06-08')).toEqual([
      { period: '2025-05-26', key: '100000', value: 7 },
      { period: '2025-06-02', key: '100000', value: 1 },
    ]);
    expect(await units('month', '2025-06-01', '2025-06-30')).toEqual([
      { period: '2025-06-01', key: '100000', value: 8 },
    ]);
    // Totals over a range, from the month, week and day cells that make it up.
    for (const [from, to] of [
      ['2025-06-01', '2025-06-30'],
      ['2025-05-26', '2025-06-08'],
      ['2025-06-01', '2025-06-01'],
    ] as const) {
      const expected = from === '2025-06-01' && to === '2025-06-01' ? 7 : 8;
      expect(await units(undefined, from, to)).toEqual([{ period: null, key: '100000', value: expected }]);
    }
    const requests = await readCells(db, {
      kindId: 'personal-computer',
      currency: 'JPY',
      metric: 'requests',
      scope: '',
      from: '2025-06-01',
      to: '2025-06-02',
      per: 'day',
    });
    expect(requests).toEqual([{ period: '2025-06-02', key: 'matched', value: 1 }]);
    expect(await db.select().from(analyticsBackfill)).toEqual([]);
  });
});
