import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../platform/db/database.ts';
import { createLogger } from '../../platform/log.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { MARKET_MIGRATIONS } from '../db/migrations-folder.ts';
import { createKind, extendKind, getKind } from '../kinds/kinds.ts';
import { pcOffer, registerTestSeller, startTestMarket, type TestMarket } from '../testing/market-harness.ts';
import { compilePurchaseRequest } from './compile.ts';
import { purchaseRequestSchema } from './purchase-request.ts';
import { retrievalStatement } from './retrieve.ts';
import { buildSortIndexes, missingSortIndexes } from './sort-indexes.ts';

const log = createLogger('sort-indexes-test', 'silent');

describeEachDatabase('sort indexes: one per kind and numeric attribute, made in the background', (dbKind) => {
  let m: TestMarket;
  beforeAll(async () => {
    m = await startTestMarket(dbKind);
  });
  afterAll(() => m?.close());

  const sortIndexes = async () =>
    (
      await queryRows<{ name: string; valid: boolean; definition: string }>(
        m.market.ctx.db,
        sql`SELECT c.relname AS name, i.indisvalid AS valid, pg_get_indexdef(i.indexrelid) AS definition
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = 'offers'::regclass AND c.relname LIKE 'offers\\_sort\\_%' ORDER BY 1`,
      )
    ).map((row) => ({ ...row, definition: row.definition.replace(/ USING btree/, '') }));

  it('makes each missing index once, for new kinds and new numeric attributes too, and remakes an invalid one', async () => {
    const { database, db } = m.market.ctx;
    // The demo kinds: four numeric attributes of PCs, two of suits, three of phones.
    expect((await missingSortIndexes(db)).map((i) => i.name)).toHaveLength(9);
    expect(await buildSortIndexes(database, log)).toBe(9);
    expect(await buildSortIndexes(database, log)).toBe(0);
    const made = await sortIndexes();
    expect(made.every((i) => i.valid)).toBe(true);
    expect(made.find((i) => i.name === 'offers_sort_personal-computer_n1')?.definition).toContain(
      `ON public.offers (currency, ((n1 + (0)::double precision)), id) INCLUDE (price_minor, commodity_id, seller_id, stock, n1, n2, n3, n4, n5, n6, n7, n8, e1, e2, e3, e4, e5, e6, b1, b2, b3, b4) WHERE ((kind_id = 'personal-computer'::text) AND (status = 'active'::text) AND seller_active AND (stock > 0) AND ((n1 + (0)::double precision) IS NOT NULL))`,
    );

    const now = m.clock.now();
    const kind = await createKind(
      db,
      {
        id: "o'clock",
        name: 'Clocks',
        attributes: [{ name: 'hands', label: 'Hands', type: 'number', integer: true, required: true }],
      },
      now,
    );
    expect(kind.ok).toBe(true);
    await extendKind(
      db,
      "o'clock",
      { attributes: [{ name: 'jewels', label: 'Jewels', type: 'number', integer: true, required: false }] },
      now,
    );
    await extendKind(
      db,
      "o'clock",
      { attributes: [{ name: 'face', label: 'Face', type: 'text', maxLength: 40, required: false }] },
      now,
    );
    expect(await missingSortIndexes(db)).toEqual([
      { name: "offers_sort_o'clock_n1", kindId: "o'clock", slot: 'n1', invalid: false },
      { name: "offers_sort_o'clock_n2", kindId: "o'clock", slot: 'n2', invalid: false },
    ]);
    expect(await buildSortIndexes(database, log)).toBe(2);
    expect((await sortIndexes()).find((i) => i.name === "offers_sort_o'clock_n2")?.definition).toContain(
      `WHERE ((kind_id = 'o''clock'::text)`,
    );

    // What a build that failed half-way leaves: an index marked invalid, which no plan uses.
    await db.execute(
      sql`UPDATE pg_index SET indisvalid = false WHERE indexrelid = '"offers_sort_smartphone_n2"'::regclass`,
    );
    expect(await missingSortIndexes(db)).toEqual([
      { name: 'offers_sort_smartphone_n2', kindId: 'smartphone', slot: 'n2', invalid: true },
    ]);
    expect(await buildSortIndexes(database, log)).toBe(1);
    expect((await sortIndexes()).every((i) => i.valid)).toBe(true);
  });

  it('reads a page sorted by an attribute, or by price, in index order, without sorting the kind', async () => {
    const { database, db } = m.market.ctx;
    await buildSortIndexes(database, log);
    const seller = await registerTestSeller(m, 'Plan seller');
    for (let i = 0; i < 6; i++) {
      const res = await m.call('POST', '/seller/offers', {
        token: seller.apiKey,
        body: pcOffer(
          `PLAN-${i}`,
          { price: 90_000 + i },
          { cpu_mhz: 2000 + i, screen_in: i % 2 ? 14 : undefined },
        ),
      });
      expect(res.status).toBe(201);
    }
    const kind = await getKind(db, 'personal-computer');
    const plan = async (
      sort: { by: string; order: string },
      cursor: [number | null, string] | null,
      conditions: unknown[] = [{ attribute: 'price', op: '<=', value: 95_000 }],
    ) => {
      const request = purchaseRequestSchema.parse({ kind: 'personal-computer', conditions, sort });
      const compiled = compilePurchaseRequest(kind!, request, 'JPY');
      if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
      const statement: SQL = retrievalStatement(compiled.value, cursor);
      // A handful of rows would be read whole; what is checked is that the index can serve the order.
      return db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL enable_seqscan = off`);
        await tx.execute(sql`SET LOCAL enable_bitmapscan = off`);
        const rows = await queryRows<{ 'QUERY PLAN': string }>(tx, sql`EXPLAIN ${statement}`);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    };
    const after: [number, string] = [2003, '00000000-0000-4000-8000-000000000000'];
    for (const cursor of [null, after]) {
      // The page's LIMIT reads straight from the index: no sort of the matches below it.
      expect(await plan({ by: 'cpu_mhz', order: 'desc' }, cursor)).toMatch(
        /Limit [^\n]*\n\s*-> {2}Index (Only )?Scan Backward using "offers_sort_personal-computer_n1"/,
      );
      expect(await plan({ by: 'price', order: 'asc' }, cursor && [95_000, cursor[1]])).toMatch(
        /Limit [^\n]*\n\s*-> {2}Index (Only )?Scan using offers_retrieval/,
      );
    }
    // The cursor starts the index range rather than filtering from its beginning.
    expect(await plan({ by: 'cpu_mhz', order: 'asc' }, after)).toMatch(
      /Index Cond: .*ROW\(\(\(n1 \+ '0'::double precision\)\), id\) >/,
    );
    // A condition on an attribute is not read through its sort index, even when nothing else could serve it.
    expect(
      await plan({ by: 'price', order: 'asc' }, null, [{ attribute: 'cpu_mhz', op: '=', value: 2003 }]),
    ).not.toContain('offers_sort_');
    // An optional attribute: those with a value in index order, then (a branch of its own) those without.
    const byScreen = await plan({ by: 'screen_in', order: 'desc' }, null);
    expect(byScreen).toMatch(
      /Limit [^\n]*\n\s*-> {2}Index (Only )?Scan Backward using "offers_sort_personal-computer_n4"/,
    );
    // Those without are read only if those with a value fell short of a page: checked once, first.
    expect(byScreen).toMatch(/One-Time Filter: /);
  });

  if (dbKind === 'postgres') {
    it('lets one of several market processes make them, the others passing', async () => {
      const others = await Promise.all(
        [1, 2, 3].map(() =>
          openDatabase({ location: { url: m.testDb.url! }, migrationsFolder: MARKET_MIGRATIONS }),
        ),
      );
      try {
        await createKind(
          m.market.ctx.db,
          {
            id: 'lamp',
            name: 'Lamps',
            attributes: [{ name: 'watts', label: 'Watts', type: 'number', integer: true, required: true }],
          },
          m.clock.now(),
        );
        const built = await Promise.all(
          [m.market.ctx.database, ...others].map((database) => buildSortIndexes(database, log)),
        );
        expect(built.reduce((a, b) => a + b, 0)).toBe(1);
        expect(await missingSortIndexes(m.market.ctx.db)).toEqual([]);
        expect((await sortIndexes()).filter((i) => i.name === 'offers_sort_lamp_n1')).toEqual([
          expect.objectContaining({ valid: true }),
        ]);
      } finally {
        await Promise.all(others.map((d) => d.close()));
      }
    });
  }
});
