import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { type Db, queryRows } from '../../platform/db/database.ts';
import { createTestDatabase, type TestDatabase } from '../../platform/testing/databases.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { MARKET_MIGRATIONS } from '../db/migrations-folder.ts';
import {
  DAY_CLOSE_DELAY_MS,
  type HistoryBatch,
  moveClosedDays,
  type Staged,
  stagedInsert,
  writeRelaxed,
} from './stores.ts';

const at = (iso: string) => new Date(iso);
const sale = (quantity: number): Staged => ({
  store: 'sales',
  row: {
    kindId: 'personal-computer',
    commodityId: '00000000-0000-4000-8000-000000000001',
    sellerId: '00000000-0000-4000-8000-000000000002',
    quantity,
    unitPriceMinor: 1000,
    currency: 'JPY',
  },
});
const preference = (value: number): Staged => ({
  store: 'preferences',
  row: {
    kindId: 'personal-computer',
    currency: 'JPY',
    conditions: [{ attribute: 'ram_gb', op: '=', value }],
    failed: [],
    outcome: 'matched',
  },
});

describeEachDatabase('history duty: closed days into the stores', (dbKind) => {
  let testDb: TestDatabase;
  let db: Db;
  const count = async (table: string) =>
    (await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`))[0]?.n;
  /** Stages `n` sales and `n` preferences on the day of `when`, numbered from `from`. */
  const stage = (when: Date, from: number, n: number) => {
    const numbers = Array.from({ length: n }, (_, i) => from + i);
    return stagedInsert(db, when, [...numbers.map(sale), ...numbers.map(preference)]);
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(dbKind, MARKET_MIGRATIONS);
    db = testDb.database.db;
  });
  beforeEach(async () => {
    await db.execute(sql`TRUNCATE history_pending, sales_history, purchaser_preferences`);
  });
  afterAll(() => testDb.drop());

  it('moves each closed day in a transaction of its own, hands it to the hook, and leaves today', async () => {
    await stage(at('2026-03-01T08:00:00Z'), 1, 30);
    await stage(at('2026-03-02T23:59:00Z'), 101, 30);
    await stage(at('2026-03-03T00:30:00Z'), 201, 5);
    const batches: HistoryBatch[] = [];
    const moved = await moveClosedDays(db, at('2026-03-03T12:00:00Z'), async (tx, batch) => {
      // The hook sees the batch inside its transaction, as stored.
      const stored = await queryRows<{ id: string }>(
        tx,
        sql`SELECT id::text AS id FROM sales_history WHERE sold_on = ${batch.day} ORDER BY ctid`,
      );
      expect(stored.map((r) => r.id)).toEqual(batch.sales.map((s) => s.id));
      batches.push(batch);
    });
    expect(moved).toBe(120);
    expect(batches.map((b) => [b.day, b.sales.length, b.preferences.length])).toEqual([
      ['2026-03-01', 30, 30],
      ['2026-03-02', 30, 30],
    ]);
    expect(await queryRows(db, sql`SELECT DISTINCT day::text AS day FROM history_pending`)).toEqual([
      { day: '2026-03-03' },
    ]);
    const perDay = await queryRows<{ day: string; xmins: string[] }>(
      db,
      sql`SELECT day::text AS day, array_agg(DISTINCT x) AS xmins FROM (
            SELECT sold_on AS day, xmin::text AS x FROM sales_history
            UNION ALL SELECT requested_on, xmin::text FROM purchaser_preferences) rows
          GROUP BY day ORDER BY day`,
    );
    expect(perDay.map((d) => [d.day, d.xmins.length])).toEqual([
      ['2026-03-01', 1],
      ['2026-03-02', 1],
    ]);
    expect(perDay[0]?.xmins[0]).not.toBe(perDay[1]?.xmins[0]);
    expect(await moveClosedDays(db, at('2026-03-03T12:00:00Z'))).toBe(0);
  });

  it('closes a day only some minutes after midnight, so late commits join their day’s batch', async () => {
    await stage(at('2026-03-01T23:59:59Z'), 1, 1);
    const midnight = at('2026-03-02T00:00:00Z').getTime();
    expect(await moveClosedDays(db, new Date(midnight + DAY_CLOSE_DELAY_MS - 1))).toBe(0);
    expect(await moveClosedDays(db, new Date(midnight + DAY_CLOSE_DELAY_MS))).toBe(2);
  });

  it('moves nothing when the hook fails: the batch and its hook commit together', async () => {
    await stage(at('2026-03-01T08:00:00Z'), 1, 3);
    await expect(
      moveClosedDays(db, at('2026-03-05T00:00:00Z'), async () => {
        throw new Error('aggregates failed');
      }),
    ).rejects.toThrow('aggregates failed');
    expect([await count('history_pending'), await count('sales_history')]).toEqual([6, 0]);
  });

  it('moves every staged row exactly once when several processes run the duty at once', async () => {
    await stage(at('2026-03-01T08:00:00Z'), 1, 800);
    await stage(at('2026-03-02T08:00:00Z'), 1001, 800);
    // Staged from a search's relaxed statement, as the search path does.
    await writeRelaxed(db, [stagedInsert(db, at('2026-03-02T09:00:00Z'), [preference(5000)])]);
    const now = at('2026-03-04T00:00:00Z');
    const runs = await Promise.all(Array.from({ length: 4 }, () => moveClosedDays(db, now)));
    const after = await Promise.all(Array.from({ length: 2 }, () => moveClosedDays(db, now)));
    const total = runs.reduce((a, b) => a + b, 0) + after.reduce((a, b) => a + b, 0);
    expect(total).toBe(3201);
    expect(await count('history_pending')).toBe(0);
    const quantities = await queryRows<{ q: number }>(db, sql`SELECT quantity AS q FROM sales_history`);
    const expected = [
      ...Array.from({ length: 800 }, (_, i) => 1 + i),
      ...Array.from({ length: 800 }, (_, i) => 1001 + i),
    ];
    expect(quantities.map((r) => r.q).sort((a, b) => a - b)).toEqual(expected);
    expect(await count('purchaser_preferences')).toBe(1601);
  });
});
