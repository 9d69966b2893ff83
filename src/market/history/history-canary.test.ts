import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { utcDay } from '../../platform/clock.ts';
import { queryRows } from '../../platform/db/database.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { pcOffer, registerTestSeller, startTestMarket, type TestMarket } from '../testing/market-harness.ts';
import { runMarketDuties } from '../workers.ts';

/** The tables the day's batch writes; every other table may hold an order or a search ID. */
const BATCH_TABLES = [
  'sales_history',
  'purchaser_preferences',
  'history_pending',
  // The analytics aggregates: folded from each day's batch in its transaction; they hold no ID either.
  'analytics_cells',
  'analytics_backfill',
];
/** Tables the issue names as holding order or search IDs: the derived list must cover them. */
const ID_TABLES = ['orders', 'seller_events', 'outbox', 'parcel_events', 'idempotency_keys'];
const PURCHASES = 12;

/**
 * Buys over real HTTP, closes the day, runs the duties, and looks for any way back from the
 * history stores to an order or a search: by transaction ID (xmin, and xmax of row locks),
 * by physical order (ctid), by time, by any column, and by the free text a purchaser typed.
 */
describeEachDatabase('history stores cannot be joined back to orders or searches', (dbKind) => {
  let m: TestMarket;
  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(m.market.ctx.db, query);

  /** Every base table but the batch's own, found in the database rather than listed by hand. */
  const otherTables = async () =>
    (
      await rows<{ schema: string; name: string }>(
        sql`SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
            WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'`,
      )
    ).filter((t) => !BATCH_TABLES.includes(t.name));

  /** Transaction IDs that created (xmin) or locked or deleted (xmax) a row of those tables. */
  const transactionIds = async (into: Set<string>) => {
    for (const t of await otherTables()) {
      const ids = await rows<{ xmin: string; xmax: string }>(
        sql`SELECT xmin::text AS xmin, xmax::text AS xmax FROM ${sql.identifier(t.schema)}.${sql.identifier(t.name)}`,
      );
      for (const { xmin, xmax } of ids) {
        into.add(xmin);
        if (xmax !== '0') into.add(xmax);
      }
    }
  };
  const tableText = async (name: string) =>
    JSON.stringify(await rows(sql`SELECT * FROM ${sql.identifier(name)}`));

  beforeAll(async () => {
    m = await startTestMarket(dbKind);
  });
  afterAll(() => m.close());

  it('finds no link by xmin, ctid order, time, any column or typed text after the day’s batch', async () => {
    const seller = await registerTestSeller(m);
    const typed = `Canary maker ${randomUUID()}`;
    for (let i = 0; i < PURCHASES; i++) {
      const listed = await m.call('POST', '/seller/offers', {
        token: seller.apiKey,
        body: pcOffer(`H-${i}`, { stock: 50 }, { cpu_mhz: 3001 + i, maker: 'Shop maker' }),
      });
      expect(listed.status).toBe(201);
    }

    const day = utcDay(m.clock.now());
    const orders: { orderId: string; createdAt: string }[] = [];
    const searchIds: string[] = [];
    const keys: string[] = [];
    /** What each staged preference row is, in the order they were staged. */
    const stagedPreferences: string[] = [];
    for (let i = 0; i < PURCHASES; i++) {
      const cpu = 3001 + i;
      const found = await m.call('POST', '/searches', {
        body: {
          kind: 'personal-computer',
          conditions: [
            { attribute: 'cpu_mhz', op: '=', value: cpu },
            { attribute: 'maker', op: '!=', value: `${typed} ${i}` },
            { attribute: 'colour', op: 'in', value: ['black', 'silver'] },
            { attribute: 'price', op: '<=', value: 200_000 },
          ],
        },
      });
      expect(found.body.items).toHaveLength(1);
      searchIds.push(found.body.searchId);
      stagedPreferences.push(`matched ${cpu}`);
      const key = randomUUID();
      keys.push(key);
      const order = await m.call('POST', '/orders', {
        headers: { 'idempotency-key': key },
        body: {
          searchId: found.body.searchId,
          commodityId: found.body.items[0].commodityId,
          sellerId: seller.id,
          // Each sale told apart by its quantity, so its stored position can be checked.
          quantity: i + 1,
        },
      });
      expect(order.status).toBe(201);
      orders.push(order.body);
      stagedPreferences.push(`purchased ${cpu}`);
      if (i % 3 === 0) {
        const unmatched = await m.call('POST', '/searches', {
          body: {
            kind: 'personal-computer',
            conditions: [
              { attribute: 'ram_gb', op: '=', value: 100 + i },
              { attribute: 'maker', op: '=', value: typed },
            ],
          },
        });
        expect(unmatched.body.matched).toBe(false);
        stagedPreferences.push(`unmatched ${100 + i}`);
      }
    }

    // Purchases and searches write nothing into the stores, only staged rows without IDs.
    expect(
      await rows(sql`SELECT 1 FROM sales_history UNION ALL SELECT 1 FROM purchaser_preferences`),
    ).toEqual([]);
    const staged = await tableText('history_pending');
    for (const id of [...orders.map((o) => o.orderId), ...searchIds]) expect(staged).not.toContain(id);
    expect(staged).not.toContain(typed);

    const seen = new Set<string>();
    await transactionIds(seen);
    // The day closes; the duties run as every process runs them.
    m.clock.advance(25 * 3_600_000);
    await runMarketDuties(m.market.ctx);
    await transactionIds(seen);

    // Nothing of a closed day is left staged.
    expect(await rows(sql`SELECT day FROM history_pending WHERE day < ${utcDay(m.clock.now())}`)).toEqual([]);

    const sales = await rows<{ xmin: string; quantity: number; sold_on: string }>(
      sql`SELECT xmin::text AS xmin, quantity, sold_on FROM sales_history ORDER BY ctid`,
    );
    const preferences = await rows<{
      xmin: string;
      outcome: string;
      conditions: { attribute: string; value?: unknown }[];
    }>(sql`SELECT xmin::text AS xmin, outcome, conditions FROM purchaser_preferences ORDER BY ctid`);
    expect(sales).toHaveLength(PURCHASES);
    expect(preferences).toHaveLength(stagedPreferences.length);

    // By transaction: the day went in as one batch, whose transaction wrote nothing else.
    const derived = (await otherTables()).map((t) => t.name);
    expect(derived).toEqual(expect.arrayContaining(ID_TABLES));
    const batchIds = new Set([...sales, ...preferences].map((r) => r.xmin));
    expect(batchIds.size).toBe(1);
    for (const id of batchIds) expect(seen.has(id)).toBe(false);

    // By position: neither store lies in the order things happened (12! and 28! to one).
    const quantities = sales.map((s) => s.quantity);
    expect([...quantities].sort((a, b) => a - b)).toEqual(Array.from({ length: PURCHASES }, (_, i) => i + 1));
    expect(quantities).not.toEqual([...quantities].sort((a, b) => a - b));
    const storedPreferences = preferences.map((p) => {
      const number = p.conditions.find((c) => c.attribute === 'cpu_mhz' || c.attribute === 'ram_gb');
      return `${p.outcome} ${number?.value}`;
    });
    expect([...storedPreferences].sort()).toEqual([...stagedPreferences].sort());
    expect(storedPreferences).not.toEqual(stagedPreferences);

    // By time: a day is the finest time either store holds.
    const types = await rows<{ table_name: string; column_name: string; data_type: string }>(
      sql`SELECT table_name, column_name, data_type FROM information_schema.columns
          WHERE table_name IN ('sales_history', 'purchaser_preferences')`,
    );
    for (const column of types) {
      expect(['uuid', 'text', 'integer', 'bigint', 'jsonb', 'date']).toContain(column.data_type);
    }
    expect(new Set(sales.map((s) => s.sold_on))).toEqual(new Set([day]));

    // By any column: no order ID, search ID, key or time of an order; IDs of their own.
    const stores = (await tableText('sales_history')) + (await tableText('purchaser_preferences'));
    for (const order of orders) {
      expect(stores).not.toContain(order.orderId);
      expect(stores).not.toContain(order.orderId.replaceAll('-', ''));
      expect(stores).not.toContain(order.createdAt);
    }
    for (const id of [...searchIds, ...keys]) expect(stores).not.toContain(id);
    expect(stores).not.toMatch(/\d\d:\d\d/);
    const storeIds = await rows<{ id: string }>(
      sql`SELECT id::text AS id FROM sales_history UNION ALL SELECT id::text FROM purchaser_preferences`,
    );
    let everythingElse = '';
    for (const t of await otherTables()) {
      everythingElse += JSON.stringify(
        await rows(sql`SELECT * FROM ${sql.identifier(t.schema)}.${sql.identifier(t.name)}`),
      );
    }
    for (const { id } of storeIds) expect(everythingElse).not.toContain(id);

    // By typed text: the conditions on a text attribute kept no value, in the stores or anywhere.
    expect(stores).not.toContain(typed);
    expect(everythingElse).not.toContain(typed);
    const makers = preferences.flatMap((p) => p.conditions.filter((c) => c.attribute === 'maker'));
    expect(makers).toHaveLength(stagedPreferences.length);
    for (const condition of makers) expect(condition).not.toHaveProperty('value');
  });
});
