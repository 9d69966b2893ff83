import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { createTestDatabase, type TestDatabase } from '../../platform/testing/databases.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { MARKET_MIGRATIONS } from '../db/migrations-folder.ts';
import { MARKET_HOLDER, type Policy, remaining, spend } from './budget.ts';
import { privacyBudget } from './tables.ts';

const POLICY: Policy = { globalBudgetMicro: 5_000_000, sellerBudgetMicro: 2_000_000, exportsEnabled: true };

describeEachDatabase('privacy budgets', (dbKind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(dbKind, MARKET_MIGRATIONS);
  });
  afterAll(() => testDb?.drop());

  const trySpend = (months: string[], sellerId: string, epsilonMicro: number) =>
    testDb.database.db
      .transaction(async (tx) => {
        const spent = await spend(tx, months, sellerId, epsilonMicro, POLICY);
        // As a release does: a refusal rolls back every debit it made before it.
        if (!spent.ok) throw Object.assign(new Error('refused'), { failure: spent.error });
        return 'spent' as const;
      })
      .catch((error: { failure?: unknown }) => {
        if (!error.failure) throw error;
        return error.failure as { holder: string };
      });

  it('never spends past the market’s budget under 20 concurrent releases, and a refusal spends nothing', async () => {
    const sellers = Array.from({ length: 20 }, () => newId());
    const outcomes = await Promise.all(sellers.map((s) => trySpend(['2026-01', '2026-02'], s, 700_000)));
    // 5 / 0.7 = 7 releases fit in the market's budget; each seller could afford two.
    expect(outcomes.filter((o) => o === 'spent')).toHaveLength(7);
    for (const o of outcomes)
      if (o !== 'spent') expect(o).toMatchObject({ code: 'over_budget', holder: 'market' });
    const rows = await testDb.database.db.select().from(privacyBudget);
    for (const month of ['2026-01', '2026-02']) {
      expect(rows.find((r) => r.month === month && r.holder === MARKET_HOLDER)?.spentMicro).toBe(4_900_000);
      // Only the sellers whose release went through spent anything.
      expect(rows.filter((r) => r.month === month && r.holder !== MARKET_HOLDER)).toHaveLength(7);
    }
  });

  it('holds each seller to its own budget, whatever the market has left', async () => {
    const seller = newId();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => trySpend(['2026-03'], seller, 600_000)),
    );
    expect(outcomes.filter((o) => o === 'spent')).toHaveLength(3);
    for (const o of outcomes)
      if (o !== 'spent') expect(o).toMatchObject({ code: 'over_budget', holder: 'seller' });
    const [left] = await remaining(testDb.database.db, ['2026-03'], seller, POLICY);
    expect(left).toEqual({ month: '2026-03', marketMicro: 3_200_000, sellerMicro: 200_000 });
  });

  it('refuses an ε larger than the whole budget and keeps no trace of it', async () => {
    expect(await trySpend(['2026-04'], newId(), 9_000_000)).toMatchObject({
      code: 'over_budget',
      holder: 'market',
    });
    const rows = await testDb.database.db.select().from(privacyBudget);
    expect(rows.filter((r) => r.month === '2026-04')).toEqual([]);
  });
});
