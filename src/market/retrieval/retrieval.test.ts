import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { utcDay } from '../../platform/clock.ts';
import { type Db, queryRows } from '../../platform/db/database.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { moveClosedDays, UNMET } from '../history/stores.ts';
import { pcOffer, registerTestSeller, startTestMarket, type TestMarket } from '../testing/market-harness.ts';
import { readShowing } from './search-token.ts';

const PCS = [
  { model: 'R-1', price: 50_000, a: { cpu_mhz: 1500, disk_gb: 256, ram_gb: 8, colour: 'black', ssd: false } },
  {
    model: 'R-2',
    price: 80_000,
    a: { cpu_mhz: 2500, disk_gb: 512, ram_gb: 16, colour: 'silver', ssd: true },
  },
  {
    model: 'R-3',
    price: 120_000,
    a: { cpu_mhz: 3200, disk_gb: 1000, ram_gb: 32, colour: 'black', ssd: true, screen_in: 15.6 },
  },
  {
    model: 'R-4',
    price: 150_000,
    a: { cpu_mhz: 4000, disk_gb: 2000, ram_gb: 64, colour: 'red', ssd: true, screen_in: 17.3 },
  },
  {
    model: 'R-5',
    price: 200_000,
    a: { cpu_mhz: 4800, disk_gb: 4000, ram_gb: 64, colour: 'white', ssd: false },
  },
];

/** A digest of every table's rows, by table: what changed, not only how many. */
async function tableDigests(db: Db): Promise<Record<string, string>> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const digests: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ digest: string }>(
      db,
      sql`SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS digest FROM ${sql.identifier(name)} t`,
    );
    digests[name] = row?.digest ?? '';
  }
  return digests;
}

describeEachDatabase('B1–B2 retrieval', (dbKind) => {
  let m: TestMarket;
  const search = (conditions: unknown[], extra: Record<string, unknown> = {}) =>
    m.call('POST', '/searches', { body: { kind: 'personal-computer', conditions, ...extra } });
  const models = (res: { body: { items: { model: string }[] } }) => res.body.items.map((i) => i.model);

  beforeAll(async () => {
    m = await startTestMarket(dbKind);
    const seller = await registerTestSeller(m);
    for (const pc of PCS) {
      const res = await m.call('POST', '/seller/offers', {
        token: seller.apiKey,
        body: pcOffer(pc.model, { price: pc.price }, pc.a),
      });
      expect(res.status).toBe(201);
    }
    // Out of stock, withdrawn and other-currency offers are never retrieved.
    const empty = await m.call('POST', '/seller/offers', {
      token: seller.apiKey,
      body: pcOffer('R-0', { stock: 0 }),
    });
    expect(empty.status).toBe(201);
    const gone = await m.call('POST', '/seller/offers', { token: seller.apiKey, body: pcOffer('R-9') });
    await m.call('DELETE', `/seller/offers/${gone.body.offerId}`, { token: seller.apiKey });
    await m.call('POST', '/seller/offers', {
      token: seller.apiKey,
      body: pcOffer('R-USD', { currency: 'USD', price: 900 }),
    });
  });
  afterAll(() => m.close());

  it('applies every operator, all conditions at once, sorted by price', async () => {
    const cases: [unknown[], string[]][] = [
      [[], ['R-1', 'R-2', 'R-3', 'R-4', 'R-5']],
      [[{ attribute: 'cpu_mhz', op: '>=', value: 3200 }], ['R-3', 'R-4', 'R-5']],
      [[{ attribute: 'cpu_mhz', op: '≥', value: 3200 }], ['R-3', 'R-4', 'R-5']],
      [[{ attribute: 'cpu_mhz', op: '>', value: 3200 }], ['R-4', 'R-5']],
      [[{ attribute: 'disk_gb', op: '<', value: 1000 }], ['R-1', 'R-2']],
      [[{ attribute: 'disk_gb', op: '≤', value: 1000 }], ['R-1', 'R-2', 'R-3']],
      [[{ attribute: 'ram_gb', op: '=', value: 64 }], ['R-4', 'R-5']],
      [[{ attribute: 'colour', op: '≠', value: 'black' }], ['R-2', 'R-4', 'R-5']],
      [[{ attribute: 'colour', op: 'in', value: ['red', 'white'] }], ['R-4', 'R-5']],
      [[{ attribute: 'price', op: 'between', value: [80_000, 150_000] }], ['R-2', 'R-3', 'R-4']],
      [[{ attribute: 'ssd', op: '=', value: true }], ['R-2', 'R-3', 'R-4']],
      [[{ attribute: 'screen_in', op: '>=', value: 15 }], ['R-3', 'R-4']],
      [
        [
          { attribute: 'cpu_mhz', op: '>=', value: 2000 },
          { attribute: 'disk_gb', op: '>=', value: 500 },
          { attribute: 'price', op: '<=', value: 150_000 },
        ],
        ['R-2', 'R-3', 'R-4'],
      ],
    ];
    for (const [conditions, expected] of cases) {
      const res = await search(conditions);
      expect(res.status, JSON.stringify(conditions)).toBe(200);
      expect(models(res), JSON.stringify(conditions)).toEqual(expected);
    }
  });

  it('retrieves in the requested currency only', async () => {
    expect(models(await search([], { currency: 'USD' }))).toEqual(['R-USD']);
  });

  it('sorts by a numeric attribute and pages with a cursor', async () => {
    const first = await search([], { sort: { by: 'cpu_mhz', order: 'desc' }, limit: 2 });
    expect(models(first)).toEqual(['R-5', 'R-4']);
    // Each page's token names exactly the items it showed, at the price shown.
    const shown = (page: any) =>
      readShowing(m.market.ctx.config.secretKey, page.body.searchId, m.clock.now())?.items;
    const offered = (page: any) =>
      page.body.items.map((i: any) => ({ offerId: i.offerId, unitPriceMinor: i.unitPrice }));
    expect(shown(first)).toEqual(offered(first));
    const second = await m.call(
      'GET',
      `/searches/${first.body.searchId}/items?cursor=${first.body.nextCursor}`,
    );
    expect(models(second)).toEqual(['R-3', 'R-2']);
    expect(shown(second)).toEqual(offered(second));
    const third = await m.call(
      'GET',
      `/searches/${first.body.searchId}/items?cursor=${second.body.nextCursor}`,
    );
    expect(models(third)).toEqual(['R-1']);
    expect(third.body.nextCursor).toBeNull();

    let page: any = await search([], { sort: { by: 'screen_in', order: 'asc' }, limit: 2 });
    const { searchId } = page.body;
    const all = models(page);
    while (page.body.nextCursor) {
      page = await m.call('GET', `/searches/${searchId}/items?cursor=${page.body.nextCursor}`);
      all.push(...models(page));
    }
    // Offers without a screen size come last, each exactly once.
    expect(all.slice(0, 2)).toEqual(['R-3', 'R-4']);
    expect([...all].sort()).toEqual(['R-1', 'R-2', 'R-3', 'R-4', 'R-5']);

    const bad = await m.call('GET', `/searches/${first.body.searchId}/items?cursor=garbage`);
    expect(bad).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });
  });

  it('pages through any sort, either way, each offer once and in order, those without a value last', async () => {
    // Euro offers of their own, with ties in every sort column and a screen size on only some.
    const seller = await registerTestSeller(m, 'Sorted pages');
    const listed: { offerId: string; price: number; cpu_mhz: number; screen_in: number | null }[] = [];
    for (let i = 0; i < 18; i++) {
      const a = { cpu_mhz: 1000 * (1 + (i % 3)), screen_in: i % 4 === 0 ? null : 13 + (i % 2) };
      const price = 500 + 100 * (i % 5);
      const res = await m.call('POST', '/seller/offers', {
        token: seller.apiKey,
        body: pcOffer(
          `SORT-${i}`,
          { currency: 'EUR', price },
          a.screen_in === null ? { cpu_mhz: a.cpu_mhz } : a,
        ),
      });
      expect(res.status).toBe(201);
      listed.push({ offerId: res.body.offerId, price, ...a });
    }
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('price', 'cpu_mhz', 'screen_in'),
        fc.constantFrom('asc', 'desc'),
        fc.integer({ min: 1, max: 7 }),
        fc.option(fc.constantFrom(600, 800), { nil: undefined }),
        async (by, order, limit, maxPrice) => {
          const sign = order === 'asc' ? 1 : -1;
          const expected = listed
            .filter((o) => maxPrice === undefined || o.price <= maxPrice)
            .sort((a, b) => {
              const [x, y] = [a[by as keyof typeof a], b[by as keyof typeof b]];
              if (x !== y) return x === null ? 1 : y === null ? -1 : sign * ((x as number) - (y as number));
              return sign * (a.offerId < b.offerId ? -1 : 1);
            })
            .map((o) => o.offerId);
          const conditions =
            maxPrice === undefined ? [] : [{ attribute: 'price', op: '<=', value: maxPrice }];
          let page = await search(conditions, { currency: 'EUR', sort: { by, order }, limit });
          const seen = page.body.items.map((i: { offerId: string }) => i.offerId);
          while (page.body.nextCursor) {
            page = await m.call(
              'GET',
              `/searches/${page.body.searchId}/items?cursor=${page.body.nextCursor}`,
            );
            expect(page.status).toBe(200);
            seen.push(...page.body.items.map((i: { offerId: string }) => i.offerId));
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('answers an empty page when the rest was withdrawn or sold out between pages', async () => {
    const seller = await registerTestSeller(m, 'Between pages');
    const offers = [];
    for (const [i, cpu] of [9901, 9902, 9903].entries()) {
      const res = await m.call('POST', '/seller/offers', {
        token: seller.apiKey,
        body: pcOffer(`GONE-${cpu}`, { price: 10_000 + i }, { cpu_mhz: cpu }),
      });
      offers.push(res.body.offerId as string);
    }
    const first = await search([{ attribute: 'cpu_mhz', op: 'between', value: [9901, 9903] }], { limit: 1 });
    expect(models(first)).toEqual(['GONE-9901']);
    await m.call('DELETE', `/seller/offers/${offers[1]}`, { token: seller.apiKey });
    await m.call('PATCH', `/seller/offers/${offers[2]}`, { token: seller.apiKey, body: { stock: 0 } });
    const next = await m.call(
      'GET',
      `/searches/${first.body.searchId}/items?cursor=${first.body.nextCursor}`,
    );
    expect(next).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
    await m.call('DELETE', `/seller/offers/${offers[0]}`, { token: seller.apiKey });
  });

  it('answers a clear 400 for unknown attributes and operators that do not fit', async () => {
    const res = await search([
      { attribute: 'gpu', op: '=', value: 'x' },
      { attribute: 'colour', op: '>=', value: 'red' },
      { attribute: 'cpu_mhz', op: '=', value: 'fast' },
      { attribute: 'colour', op: '=', value: 'purple' },
      { attribute: 'ram_gb', op: 'between', value: [64, 8] },
      { attribute: 'ram_gb', op: 'in', value: 8 },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_conditions');
    expect(res.body.errors.map((e: { index: number; attribute: string }) => [e.index, e.attribute])).toEqual([
      [0, 'gpu'],
      [1, 'colour'],
      [2, 'cpu_mhz'],
      [3, 'colour'],
      [4, 'ram_gb'],
      [5, 'ram_gb'],
    ]);
    expect(res.body.errors[1].message).toMatch(/operator >= does not apply to an enum attribute/);
    expect(res.body.errors[3].message).toMatch(/must be one of/);
    const op = await search([{ attribute: 'cpu_mhz', op: 'like', value: 1 }]);
    expect(op).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
    const kind = await m.call('POST', '/searches', { body: { kind: 'yacht', conditions: [] } });
    expect(kind).toMatchObject({ status: 400, body: { code: 'unknown_kind' } });
    const sort = await search([], { sort: { by: 'colour' } });
    expect(sort.body.errors[0].message).toMatch(/only numeric attributes/);
  });

  it('says when nothing matched, which conditions to relax, and asks for a new request', async () => {
    const conditions = [
      { attribute: 'cpu_mhz', op: '>=', value: 4000 },
      { attribute: 'colour', op: '=', value: 'black' },
      { attribute: 'price', op: '<=', value: 160_000 },
    ];
    const res = await search(conditions);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ matched: false, next: 'new_purchase_request', offersOfKind: 5 });
    expect(res.body.message).toMatch(/No commodity matches/);
    // Dropping colour gives R-4; dropping cpu gives; dropping price gives nothing.
    expect(res.body.relaxations).toEqual([
      { index: 0, condition: conditions[0], wouldMatch: 2, atLeast: false },
      { index: 1, condition: conditions[1], wouldMatch: 1, atLeast: false },
    ]);
    expect(res.body.searchId).toBeUndefined();
  });

  it('writes nothing while it retrieves: the preferences wait in memory for their batch', async () => {
    const { db, preferences } = m.market.ctx;
    await preferences.flush();
    const before = await tableDigests(db);
    const first = await search([], { limit: 2 });
    const next = await m.call(
      'GET',
      `/searches/${first.body.searchId}/items?cursor=${first.body.nextCursor}`,
    );
    expect(next.status).toBe(200);
    expect((await search([{ attribute: 'ram_gb', op: '>=', value: 128 }])).body.matched).toBe(false);
    expect(await tableDigests(db)).toEqual(before);
    await preferences.flush();
    const after = await tableDigests(db);
    expect(Object.keys(after).filter((table) => after[table] !== before[table])).toEqual(['history_pending']);
  });

  it('stages each purchase request for the preference store, unmatched ones with what failed, free text without its value', async () => {
    const db = m.market.ctx.db;
    await m.market.ctx.preferences.flush();
    await db.execute(sql`DELETE FROM history_pending`);
    await search([
      { attribute: 'ram_gb', op: '>=', value: 32 },
      { attribute: 'maker', op: '!=', value: 'Typed by a purchaser' },
    ]);
    await search([{ attribute: 'ram_gb', op: '>=', value: 128 }]);
    // Each condition alone is met (R-1 is 1500 MHz, R-4 is red), but not both at once.
    await search([
      { attribute: 'cpu_mhz', op: '<=', value: 1500 },
      { attribute: 'colour', op: '=', value: 'red' },
    ]);
    await search([{ attribute: 'maker', op: 'in', value: ['Nobody makes this'] }]);
    await m.call('POST', '/searches', { body: { kind: 'smartphone', conditions: [] } });
    await m.market.ctx.preferences.flush();

    const staged = await queryRows<{ store: string; row: Record<string, unknown> }>(
      db,
      sql`SELECT store, row FROM history_pending`,
    );
    expect(staged.map((s) => s.store)).toEqual(Array(5).fill('preferences'));
    expect(staged.map((s) => s.row)).toEqual(
      expect.arrayContaining([
        {
          kindId: 'personal-computer',
          currency: 'JPY',
          conditions: [
            { attribute: 'ram_gb', op: '>=', value: 32 },
            { attribute: 'maker', op: '!=' },
          ],
          failed: [],
          outcome: 'matched',
        },
        expect.objectContaining({ outcome: 'unmatched', failed: ['ram_gb'] }),
        expect.objectContaining({ outcome: 'unmatched', failed: [UNMET.combination] }),
        expect.objectContaining({
          outcome: 'unmatched',
          failed: ['maker'],
          conditions: [{ attribute: 'maker', op: 'in' }],
        }),
        expect.objectContaining({ kindId: 'smartphone', outcome: 'unmatched', failed: [UNMET.noOffers] }),
      ]),
    );
    expect(JSON.stringify(staged)).not.toMatch(/Typed by a purchaser|Nobody makes this/);

    await moveClosedDays(db, new Date(m.clock.now().getTime() + 25 * 3_600_000));
    const rows = await queryRows<Record<string, unknown>>(db, sql`SELECT * FROM purchaser_preferences`);
    expect(rows).toHaveLength(5);
    expect(Object.keys(rows[0] as object).sort()).toEqual(
      ['conditions', 'currency', 'failed', 'id', 'kind_id', 'outcome', 'requested_on'].sort(),
    );
    for (const row of rows) expect(row.requested_on).toBe(utcDay(m.clock.now()));
  });

  it('refuses a search past its expiry, and a searchId the market did not sign', async () => {
    const res = await search([], { limit: 1 });
    const next = `/searches/${res.body.searchId}/items?cursor=${res.body.nextCursor}`;
    expect((await m.call('GET', next)).status).toBe(200);
    const [item] = res.body.items;
    const order = {
      searchId: res.body.searchId,
      commodityId: item.commodityId,
      sellerId: item.sellerId,
      quantity: 1,
    };
    const token: string = res.body.searchId;
    const altered = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    const forged = `/searches/${altered}/items?cursor=${res.body.nextCursor}`;
    expect(await m.call('GET', forged)).toMatchObject({ status: 404, body: { code: 'search_not_found' } });
    m.clock.advance(31 * 60_000);
    expect(await m.call('GET', next)).toMatchObject({ status: 404, body: { code: 'search_not_found' } });
    expect(await m.call('POST', '/orders', { body: order })).toMatchObject({
      status: 404,
      body: { code: 'search_not_found' },
    });
  });

  // Last: it adds an offer the other tests' answers do not expect.
  it('names the seller of each offer, so two offers of one commodity can be told apart', async () => {
    const other = await registerTestSeller(m, 'Second Shop');
    const listed = await m.call('POST', '/seller/offers', {
      token: other.apiKey,
      body: pcOffer('R-2', { price: 75_000 }, PCS[1]?.a),
    });
    expect(listed.status).toBe(201);
    const first = await search([{ attribute: 'cpu_mhz', op: '=', value: 2500 }], { limit: 1 });
    const next = await m.call(
      'GET',
      `/searches/${first.body.searchId}/items?cursor=${first.body.nextCursor}`,
    );
    const offers = [...first.body.items, ...next.body.items].map((i: any) => [
      i.model,
      i.sellerName,
      i.unitPrice,
    ]);
    expect(offers).toEqual([
      ['R-2', 'Second Shop', 75_000],
      ['R-2', 'Test Seller', 80_000],
    ]);
    expect(new Set([...first.body.items, ...next.body.items].map((i: any) => i.commodityId)).size).toBe(1);
  });
});
