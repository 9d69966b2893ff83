import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Database, type DatabaseLocation, openDatabase, queryRows } from '../../platform/db/database.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { migrationsUpTo, reopenableLocation } from '../../platform/testing/migrations.ts';
import { MARKET_MIGRATIONS } from '../db/migrations-folder.ts';
import { unitsCells } from './units-cells.testing.ts';

/**
 * Migration 0007 on aggregates folded by day only: the day cells stay, and each week's and
 * month's cells are their sums, so a release reads the same figures either way.
 */
describeEachDatabase('migrations 0007 and 0008: aggregates by day, week and month', (dbKind) => {
  const cleanup: (() => Promise<void> | void)[] = [];
  let location: DatabaseLocation;
  let database: Database;

  beforeAll(async () => {
    const before = migrationsUpTo(MARKET_MIGRATIONS, 6);
    cleanup.push(before.remove);
    const place = await reopenableLocation(dbKind);
    cleanup.push(place.remove);
    location = place.location;
    const old = await openDatabase({ location, migrationsFolder: before.folder });
    // The table as migration 0005 made it: no grain yet.
    for (const [day, sellerId, key, value] of [
      ['2025-06-01', '', '100000', 7],
      ['2025-06-02', '', '100000', 1],
      ['2025-06-02', '', '200000', 4],
      ['2025-07-01', '', '100000', 2],
      ['2025-06-02', 'seller-a', '100000', 1],
    ] as const) {
      await old.db.execute(sql`INSERT INTO analytics_cells
        (kind_id, metric, scope, currency, day, seller_id, key, value)
        VALUES ('personal-computer', 'units', '', 'JPY', ${day}, ${sellerId}, ${key}, ${value})`);
    }
    await old.close();
    database = await openDatabase({ location, migrationsFolder: MARKET_MIGRATIONS });
  });
  afterAll(async () => {
    await database?.close();
    for (const step of cleanup.reverse()) await step();
  });

  const units = (per: 'day' | 'week' | 'month' | undefined, from: string, to: string, sellerId?: string) =>
    unitsCells(database.db, { from, to, ...(per && { per }), ...(sellerId && { sellerId }) }).then((cells) =>
      cells.map((c) => `${c.period} ${c.key} ${c.value}`).sort(),
    );

  it('keeps the day cells and sums their weeks and months, the market’s and each seller’s apart', async () => {
    expect(await units('day', '2025-06-01', '2025-07-01')).toEqual([
      '2025-06-01 100000 7',
      '2025-06-02 100000 1',
      '2025-06-02 200000 4',
      '2025-07-01 100000 2',
    ]);
    expect(await units('week', '2025-05-26', '2025-07-06')).toEqual([
      '2025-05-26 100000 7',
      '2025-06-02 100000 1',
      '2025-06-02 200000 4',
      '2025-06-30 100000 2',
    ]);
    expect(await units('month', '2025-06-01', '2025-07-31')).toEqual([
      '2025-06-01 100000 8',
      '2025-06-01 200000 4',
      '2025-07-01 100000 2',
    ]);
    expect(await units('month', '2025-06-01', '2025-06-30', 'seller-a')).toEqual(['2025-06-01 100000 1']);
    expect(await units(undefined, '2025-06-01', '2025-07-31')).toEqual(['null 100000 10', 'null 200000 4']);
  });

  it('keeps the value in the key’s index (migration 0008), so releases read the index alone', async () => {
    const [key] = await queryRows<{ def: string }>(
      database.db,
      sql`SELECT pg_get_indexdef(conindid) AS def FROM pg_constraint
          WHERE conrelid = 'analytics_cells'::regclass AND contype = 'p'`,
    );
    expect(key?.def).toMatch(
      /\(kind_id, metric, scope, currency, seller_id, grain, day, key\) INCLUDE \(value\)$/,
    );
  });
});
