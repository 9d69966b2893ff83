import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Database, type DatabaseLocation, openDatabase, queryRows } from '../../platform/db/database.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { migrationsUpTo, reopenableLocation } from '../../platform/testing/migrations.ts';
import { MARKET_MIGRATIONS } from '../db/migrations-folder.ts';
import { insertDemoKindsBeforeLabels } from '../testing/kinds-before-labels.ts';

const ROWS = 30;
const TYPED = 'Legacy typed maker text';

/**
 * Migration 0004 on a market that stored history the old way: each sale and preference row
 * written in its order's transaction, in order, with its hour. Afterwards nothing of that may
 * survive: not the transaction, the position, the ID, the hour or the typed text.
 */
describeEachDatabase('migration 0004: history stored before the daily batches', (dbKind) => {
  const cleanup: (() => Promise<void> | void)[] = [];
  let location: DatabaseLocation;
  let database: Database;
  const orderXmins = new Set<string>();
  const oldIds = new Set<string>();
  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(database.db, query);
  const hourOf = (i: number) => new Date(Date.UTC(2026, 1, 1 + Math.floor(i / 10), i % 24));

  beforeAll(async () => {
    const before = migrationsUpTo(MARKET_MIGRATIONS, 3);
    cleanup.push(before.remove);
    const place = await reopenableLocation(dbKind);
    cleanup.push(place.remove);
    location = place.location;
    const old = await openDatabase({ location, migrationsFolder: before.folder });
    await insertDemoKindsBeforeLabels(old.db, new Date());
    for (let i = 1; i <= ROWS; i++) {
      const hour = hourOf(i).toISOString();
      await old.db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO orders (id, seller_id, offer_id, commodity_id, kind_id, quantity,
            unit_price_minor, amount_minor, currency, state, secret_verifier, created_at, expires_at, updated_at)
          VALUES (${`ORDER-${i}`}, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'personal-computer',
            ${i}, 1000, ${1000 * i}, 'JPY', 'awaiting_payment', '\\x00', ${hour}, ${hour}, ${hour})`);
        await tx.execute(sql`INSERT INTO sales_history (id, kind_id, commodity_id, seller_id, quantity,
            unit_price_minor, currency, sold_hour)
          VALUES (gen_random_uuid(), 'personal-computer', gen_random_uuid(), gen_random_uuid(), ${i}, 1000, 'JPY', ${hour})`);
        const conditions = [
          { attribute: 'ram_gb', op: '=', value: i },
          { attribute: 'maker', op: '=', value: TYPED },
          { attribute: 'price', op: '<=', value: 5000 },
          { attribute: 'colour', op: 'in', value: ['red', 'blue'] },
          { attribute: 'retired_attribute', op: '=', value: TYPED },
        ];
        await tx.execute(sql`INSERT INTO purchaser_preferences (id, kind_id, currency, conditions, outcome, requested_hour)
          VALUES (gen_random_uuid(), 'personal-computer', 'JPY', ${JSON.stringify(conditions)}::jsonb,
            ${i % 2 ? 'purchased' : 'unmatched'}, ${hour})`);
      });
    }
    for (const r of await queryRows<{ x: string }>(old.db, sql`SELECT xmin::text AS x FROM orders`))
      orderXmins.add(r.x);
    for (const r of await queryRows<{ id: string }>(
      old.db,
      sql`SELECT id::text AS id FROM sales_history UNION ALL SELECT id::text FROM purchaser_preferences`,
    ))
      oldIds.add(r.id);
    await old.close();
    database = await openDatabase({ location, migrationsFolder: MARKET_MIGRATIONS });
  });
  afterAll(async () => {
    await database?.close();
    for (const step of cleanup.reverse()) await step();
  });

  it('copies the sales with the day of their hour, in random order, with new IDs and transaction', async () => {
    const sales = await rows<{ id: string; xmin: string; quantity: number; sold_on: string }>(
      sql`SELECT id::text AS id, xmin::text AS xmin, quantity, sold_on FROM sales_history ORDER BY ctid`,
    );
    const expected = Array.from({ length: ROWS }, (_, i) => i + 1);
    expect(sales.map((s) => s.quantity).sort((a, b) => a - b)).toEqual(expected);
    // 30! to one that a random order is the order of the orders.
    expect(sales.map((s) => s.quantity)).not.toEqual(expected);
    for (const s of sales) {
      expect(s.sold_on).toBe(hourOf(s.quantity).toISOString().slice(0, 10));
      expect(oldIds.has(s.id)).toBe(false);
      expect(orderXmins.has(s.xmin)).toBe(false);
    }
  });

  it('copies the preferences with the day, no typed text, and no transaction shared with the migration’s other writes', async () => {
    const preferences = await rows<{
      id: string;
      xmin: string;
      conditions: unknown[];
      failed: unknown;
      outcome: string;
      requested_on: string;
    }>(sql`SELECT id::text AS id, xmin::text AS xmin, conditions, failed, outcome, requested_on
           FROM purchaser_preferences ORDER BY ctid`);
    expect(preferences).toHaveLength(ROWS);
    const values = preferences.map((p) => (p.conditions[0] as { value: number }).value);
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
    expect(values).not.toEqual([...values].sort((a, b) => a - b));
    for (const [index, p] of preferences.entries()) {
      const i = values[index] as number;
      expect(p).toMatchObject({
        conditions: [
          { attribute: 'ram_gb', op: '=', value: i },
          { attribute: 'maker', op: '=' },
          { attribute: 'price', op: '<=', value: 5000 },
          { attribute: 'colour', op: 'in', value: ['red', 'blue'] },
          { attribute: 'retired_attribute', op: '=' },
        ],
        failed: [],
        outcome: i % 2 ? 'purchased' : 'unmatched',
        requested_on: hourOf(i).toISOString().slice(0, 10),
      });
      expect(p.conditions[1]).not.toHaveProperty('value');
      expect(oldIds.has(p.id)).toBe(false);
      expect(orderXmins.has(p.xmin)).toBe(false);
    }

    // Every copied row is of one subtransaction, which wrote nothing but the copies.
    const copied = new Set(preferences.map((p) => p.xmin));
    for (const s of await rows<{ xmin: string }>(sql`SELECT xmin::text AS xmin FROM sales_history`))
      copied.add(s.xmin);
    expect(copied.size).toBe(1);
    const migrationRows = await rows<{ xmin: string }>(
      sql`SELECT xmin::text AS xmin FROM drizzle.__drizzle_migrations`,
    );
    for (const r of migrationRows) expect(copied.has(r.xmin)).toBe(false);

    expect(
      await rows(
        sql`SELECT to_regclass('sales_history_0003') AS a, to_regclass('purchaser_preferences_0003') AS b`,
      ),
    ).toEqual([{ a: null, b: null }]);
    const text = JSON.stringify(await rows(sql`SELECT * FROM purchaser_preferences`));
    expect(text).not.toContain(TYPED);
  });
});
