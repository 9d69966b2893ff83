import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Database, queryRows } from '../../platform/db/database.ts';
import { createLogger } from '../../platform/log.ts';
import { createTestDatabase, type TestDatabase } from '../../platform/testing/databases.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { MARKET_MIGRATIONS } from '../db/migrations-folder.ts';
import { PreferenceBuffer } from './preference-buffer.ts';
import type { Preference } from './stores.ts';

const log = createLogger('market-test', 'silent');
const row = (n: number): Preference => ({
  kindId: 'personal-computer',
  currency: 'JPY',
  conditions: [{ attribute: 'ram_gb', op: '>=', value: n }],
  failed: [],
  outcome: 'matched',
});

describeEachDatabase('preferences staged in batches', (dbKind) => {
  let testDb: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase(dbKind, MARKET_MIGRATIONS);
    database = testDb.database;
  });
  afterAll(() => testDb.drop());

  const staged = () =>
    queryRows<{ day: string; n: number }>(
      database.db,
      sql`SELECT day::text AS day, (row->'conditions'->0->>'value')::int AS n FROM history_pending ORDER BY n`,
    );

  it('writes nothing until flushed or a batch is full, then each row into the day it was asked on', async () => {
    const buffer = new PreferenceBuffer(database.db, log, { batchRows: 4, heldRows: 100 });
    buffer.add(new Date('2026-12-01T23:59:59.900Z'), row(1));
    buffer.add(new Date('2026-12-02T00:00:00.100Z'), row(2));
    expect(await staged()).toEqual([]);
    await buffer.flush();
    expect(await staged()).toEqual([
      { day: '2026-12-01', n: 1 },
      { day: '2026-12-02', n: 2 },
    ]);
    for (const n of [3, 4, 5, 6]) buffer.add(new Date('2026-12-02T08:00:00Z'), row(n));
    // The fourth row filled a batch, whose write is under way; a flush waits for it.
    await buffer.flush();
    expect((await staged()).map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(buffer.waiting).toBe(0);
  });

  it('keeps the newest rows when the database cannot be written, up to its limit', async () => {
    const gone = await createTestDatabase(dbKind, MARKET_MIGRATIONS);
    await gone.drop();
    const buffer = new PreferenceBuffer(gone.database.db, log, { batchRows: 100, heldRows: 3 });
    for (const n of [1, 2, 3, 4, 5]) buffer.add(new Date('2026-12-02T08:00:00Z'), row(n));
    await expect(buffer.flush()).resolves.toBeUndefined();
    expect(buffer.waiting).toBe(3);
  });
});
