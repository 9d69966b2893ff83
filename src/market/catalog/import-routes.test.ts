import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { demoCommodity } from '../demo/demo-kinds.ts';
import { registerTestSeller, startTestMarket, type TestMarket } from '../testing/market-harness.ts';

const HEADER = 'kind,model,name,price,currency,stock,cpu_mhz,disk_gb,ram_gb,colour,chest_cm,waist_cm,fibre';

/** Uploads a file; returns the status, and for a stream its lines and final result. */
async function upload(m: TestMarket, token: string | undefined, body: string, type: string, query = '') {
  const res = await fetch(`${m.url}/seller/imports${query}`, {
    method: 'POST',
    headers: { 'content-type': type, ...(token && { authorization: `Bearer ${token}` }) },
    body,
  });
  const text = await res.text();
  const isStream = res.headers.get('content-type')?.startsWith('application/x-ndjson');
  const lines = isStream
    ? text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
    : [];
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    problem: isStream ? undefined : JSON.parse(text),
    progress: lines.filter((l) => l.type === 'progress'),
    result: lines.find((l) => l.type === 'result'),
  };
}

const searchModels = async (m: TestMarket, kind: string, conditions: unknown[]) => {
  const res = await m.call('POST', '/searches', { body: { kind, conditions, limit: 100 } });
  expect(res.status).toBe(200);
  return res.body.matched ? res.body.items.map((i: { model: string }) => i.model).sort() : [];
};

const sellerOffers = async (m: TestMarket, token: string) => {
  const res = await m.call('GET', '/seller/offers?limit=500', { token });
  return res.body.items as { model: string; price: number; stock: number }[];
};

describeEachDatabase('A1–A2 bulk import', (dbKind) => {
  let m: TestMarket;
  beforeAll(async () => {
    m = await startTestMarket(dbKind);
  });
  afterAll(() => m.close());
  const newSeller = async (name: string) => (await registerTestSeller(m, name)).apiKey;

  it('requires a seller key', async () => {
    const csv = `${HEADER}\n`;
    expect((await upload(m, undefined, csv, 'text/csv')).status).toBe(401);
    expect((await upload(m, 'tk_sk_nonsense', csv, 'text/csv')).status).toBe(401);
  });

  it('loads a good CSV file, streaming progress, and the offers are searchable', async () => {
    const key = await newSeller('CSV seller');
    const csv = [
      HEADER,
      'personal-computer,CSV-PC-1,Silver PC,120000,JPY,3,3200,512,16,silver,,,',
      'personal-computer,CSV-PC-2,"Black PC, 8 GB",90000,JPY,0,2400,256,8,black,,,',
      'business-suit,CSV-SUIT-1,Navy suit,30000,JPY,2,,,,navy,96,80,wool',
    ].join('\n');
    const r = await upload(m, key, csv, 'text/csv; charset=utf-8');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/x-ndjson/);
    expect(r.progress.at(-1)).toEqual({ type: 'progress', processed: 3, total: 3 });
    expect(r.result).toEqual({
      type: 'result',
      loaded: 3,
      created: 3,
      updated: 0,
      failed: 0,
      atomic: false,
      committed: true,
      errors: [],
    });
    expect(
      await searchModels(m, 'personal-computer', [{ attribute: 'colour', op: '=', value: 'silver' }]),
    ).toEqual(['CSV-PC-1']);
    expect(await searchModels(m, 'business-suit', [{ attribute: 'chest_cm', op: '=', value: 96 }])).toEqual([
      'CSV-SUIT-1',
    ]);
  });

  it('loads a JSON array and an NDJSON file', async () => {
    const key = await newSeller('JSON seller');
    const offer = (model: string, colour: string) => ({
      kind: 'smartphone',
      model,
      name: `Phone ${model}`,
      attributes: { storage_gb: 256, ram_gb: 8, screen_in: 6.1, colour, dual_sim: true },
      price: 50_000,
      currency: 'JPY',
      stock: 4,
    });
    const json = JSON.stringify([offer('JS-1', 'green'), offer('JS-2', 'green')], null, 2);
    const a = await upload(m, key, json, 'application/json');
    expect(a.result).toMatchObject({ loaded: 2, created: 2, failed: 0 });
    const ndjson = [offer('ND-1', 'pink'), offer('ND-2', 'pink')].map((o) => JSON.stringify(o)).join('\n');
    const b = await upload(m, key, `${ndjson}\n`, 'application/x-ndjson');
    expect(b.result).toMatchObject({ loaded: 2, created: 2, failed: 0 });
    expect(await searchModels(m, 'smartphone', [{ attribute: 'colour', op: '=', value: 'green' }])).toEqual([
      'JS-1',
      'JS-2',
    ]);
    expect(await searchModels(m, 'smartphone', [{ attribute: 'colour', op: '=', value: 'pink' }])).toEqual([
      'ND-1',
      'ND-2',
    ]);
  });

  it('reports each bad CSV row with its line and reason, and loads the good rows', async () => {
    const key = await newSeller('Careless seller');
    const csv = [
      HEADER, // line 1
      'personal-computer,BAD-OK-1,"A PC with a name', // lines 2–3: one row, a quoted line break
      'over two lines",100000,JPY,1,3000,512,16,black,,,',
      'personal-computer,BAD-1,Purple PC,100000,JPY,1,3000,512,16,purple,,,', // 4
      'personal-computer,BAD-2,Cheap PC,1500.5,JPY,1,3000,512,16,black,,,', // 5
      'laptop,BAD-3,A laptop,100000,JPY,1,3000,512,16,black,,,', // 6
      '', // 7: blank lines are skipped, but still counted
      'personal-computer,BAD-4,No CPU,100000,JPY,1,,512,16,black,,,', // 8
      'personal-computer,BAD-OK-2,Good PC,100000,JPY,1,3000,512,16,white,,,', // 9
      'personal-computer,bad ok 2,Same PC again,100000,JPY,1,3000,512,16,white,,,', // 10
    ].join('\r\n');
    const r = await upload(m, key, csv, 'text/csv');
    expect(r.status).toBe(200);
    expect(r.result).toMatchObject({ loaded: 2, created: 2, failed: 5, committed: true });
    expect(r.result.errors).toEqual([
      {
        line: 4,
        code: 'invalid_attributes',
        reason: 'attribute colour must be one of black, silver, white, grey, blue, red',
      },
      { line: 5, code: 'invalid_row', reason: 'price must be a whole number of minor units' },
      { line: 6, code: 'unknown_kind', reason: 'kind laptop does not exist' },
      { line: 8, code: 'invalid_attributes', reason: 'attribute cpu_mhz is required' },
      {
        line: 10,
        code: 'duplicate_in_file',
        reason: 'same commodity (kind personal-computer, model bad ok 2) as line 9',
      },
    ]);
    expect((await sellerOffers(m, key)).map((o) => o.model).sort()).toEqual(['BAD-OK-1', 'BAD-OK-2']);
  });

  it('gives the line where each bad object of a JSON array starts', async () => {
    const key = await newSeller('JSON lines seller');
    const good = { kind: 'smartphone', name: 'P', price: 1, currency: 'JPY', stock: 1 };
    const attributes = { storage_gb: 64, ram_gb: 4, screen_in: 6.1, colour: 'gold' };
    const json = [
      '[', // 1
      `  ${JSON.stringify({ ...good, model: 'JL-1', attributes })},`, // 2
      '  {', // 3: starts here, spans lines 3–5
      `    "kind": "smartphone", "model": "JL-2", "name": "P", "currency": "JPY", "stock": 1,`,
      `    "price": 10.5, "attributes": ${JSON.stringify(attributes)} },`,
      `  ${JSON.stringify({ ...good, model: 'JL-3', attributes: { ...attributes, colour: 'red' } })},`, // 6
      '  "not an object"', // 7
      ']',
    ].join('\n');
    const r = await upload(m, key, json, 'application/json');
    expect(r.result.errors).toEqual([
      { line: 3, code: 'invalid_row', reason: 'price must be a whole number of minor units' },
      {
        line: 6,
        code: 'invalid_attributes',
        reason: 'attribute colour must be one of black, white, blue, green, pink, gold',
      },
      { line: 7, code: 'invalid_row', reason: 'is not an object' },
    ]);
    expect(r.result.loaded).toBe(1);
  });

  it('with atomic=true loads nothing when a row is bad, and everything when all are good', async () => {
    const key = await newSeller('Atomic seller');
    const row = (model: string, colour: string) =>
      `personal-computer,${model},PC,100000,JPY,1,3000,512,16,${colour},,,`;
    const bad = [HEADER, row('AT-1', 'black'), row('AT-2', 'purple'), row('AT-3', 'black')].join('\n');
    const r = await upload(m, key, bad, 'text/csv', '?atomic=true');
    expect(r.result).toMatchObject({
      loaded: 0,
      created: 0,
      failed: 1,
      atomic: true,
      committed: false,
      errors: [{ line: 3, code: 'invalid_attributes' }],
    });
    expect(await sellerOffers(m, key)).toEqual([]);

    const good = [HEADER, row('AT-1', 'black'), row('AT-2', 'blue'), row('AT-3', 'black')].join('\n');
    const g = await upload(m, key, good, 'text/csv', '?atomic=true');
    expect(g.result).toMatchObject({ loaded: 3, created: 3, failed: 0, atomic: true, committed: true });
    expect(await sellerOffers(m, key)).toHaveLength(3);
  });

  it('updates price and stock when the same offers are imported again', async () => {
    const key = await newSeller('Repeat seller');
    const file = (price: number, stock: number) =>
      [
        HEADER,
        `personal-computer,RE-1,PC,${price},JPY,${stock},3000,512,16,grey,,,`,
        `personal-computer,RE-2,PC,${price},JPY,${stock},3000,512,16,grey,,,`,
      ].join('\n');
    expect((await upload(m, key, file(100_000, 1), 'text/csv')).result).toMatchObject({ created: 2 });
    const again = await upload(m, key, file(95_000, 7), 'text/csv');
    expect(again.result).toMatchObject({ loaded: 2, created: 0, updated: 2, failed: 0 });
    const offers = await sellerOffers(m, key);
    expect(offers).toHaveLength(2);
    expect(offers.map((o) => [o.price, o.stock])).toEqual([
      [95_000, 7],
      [95_000, 7],
    ]);
  });

  it('refuses a file that cannot be read, before loading anything', async () => {
    const key = await newSeller('Unreadable seller');
    const good = 'personal-computer,UR-1,PC,100000,JPY,1,3000,512,16,black,,,';
    const cases: [string, string, RegExp][] = [
      [`${HEADER}\n${good}\n"bad"quote,x\n`, 'text/csv', /^line 3: Invalid Closing Quote/],
      ['kind,model,name\nsmartphone,X,Y\n', 'text/csv', /lacks the column\(s\) price, currency, stock/],
      ['[{"kind": "smartphone",\n "model": }]', 'application/json', /^line 2: invalid JSON/],
      ['{"kind": "smartphone"}', 'application/json', /is an array of offers/],
      ['', 'application/json', /empty/],
      ['kind,model\nx,y\n', 'application/x-ndjson', /not NDJSON/],
    ];
    for (const [body, type, detail] of cases) {
      const r = await upload(m, key, body, type);
      expect(r.status, body).toBe(400);
      expect(r.type).toMatch(/^application\/problem\+json/);
      expect(r.problem.code).toBe('unreadable_file');
      expect(r.problem.detail).toMatch(detail);
    }
    expect((await upload(m, key, good, 'text/plain')).status).toBe(415);
    expect(await sellerOffers(m, key)).toEqual([]);
  });

  it('loads a large file in batches, reporting bad rows from any batch', async () => {
    const key = await newSeller('Bulk seller');
    const rows = Array.from({ length: 12_000 }, (_, i) => {
      const c = demoCommodity('smartphone', i);
      return { kind: 'smartphone', ...c, model: `BULK-${i}`, currency: 'JPY', stock: 1 };
    });
    (rows[1_500] as { price: number }).price = -5; // line 1501
    (rows[11_000] as { model: string }).model = 'bulk 7'; // line 11001, same commodity as line 8
    const ndjson = rows.map((r) => JSON.stringify(r)).join('\n');
    const r = await upload(m, key, ndjson, 'application/x-ndjson');
    expect(r.progress.map((p) => p.processed)).toEqual([
      0,
      ...Array.from({ length: 12 }, (_, i) => (i + 1) * 1000),
    ]);
    expect(r.result).toMatchObject({ loaded: 11_998, created: 11_998, failed: 2 });
    expect(r.result.errors).toEqual([
      { line: 1501, code: 'invalid_row', reason: 'price must be greater than 0' },
      {
        line: 11_001,
        code: 'duplicate_in_file',
        reason: 'same commodity (kind smartphone, model bulk 7) as line 8',
      },
    ]);
  });
});
