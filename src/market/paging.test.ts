import { randomUUID } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encodeCursor } from '../platform/paging.ts';
import { describeEachDatabase } from '../platform/testing/for-each-database.ts';
import { generateOrderId } from '../protocol/order-id.ts';
import { orders } from './db/schema.ts';
import {
  buyFound,
  listAndFind,
  registerTestSeller,
  startTestMarket,
  type TestMarket,
} from './testing/market-harness.ts';

/** Cursors a client might make up: none of them is one the server wrote. */
const FORGED = [
  'garbage',
  '!!!',
  encodeCursor([]),
  encodeCursor([null, null]),
  encodeCursor(['2030-01-01T00:00:00.000Z']),
  encodeCursor(['not a time', 'AAAAAA-AAAAAA-AAAAAA']),
  encodeCursor([1.5, randomUUID()]),
  encodeCursor([1e308, randomUUID()]),
  encodeCursor([2 ** 63, randomUUID()]),
  Buffer.from('[9223372036854775808, "x"]').toString('base64url'),
  Buffer.from('{"v":1,"id":"x"}').toString('base64url'),
  'x'.repeat(600),
];

describeEachDatabase('one keyset paging convention for every list', (dbKind) => {
  let m: TestMarket;
  let seller: { id: string; apiKey: string };
  let template: typeof orders.$inferSelect;

  beforeAll(async () => {
    m = await startTestMarket(dbKind);
    seller = await registerTestSeller(m, 'Paging Seller');
    const bought = await buyFound(m, await listAndFind(m, seller.apiKey, 6_200));
    const [row] = await m.market.ctx.db.select().from(orders).where(eq(orders.id, bought.body.orderId));
    template = row!;
  });
  afterAll(() => m?.close());

  /** Pages through a list with `?cursor=`, collecting every item's ID. */
  async function pageThrough(path: string, limit: number, id: (item: any) => string): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: URLSearchParams = new URLSearchParams({
        limit: String(limit),
        ...(cursor ? { cursor } : {}),
      });
      const page: { status: number; body: any } = await m.call('GET', `${path}?${query}`, {
        token: seller.apiKey,
      });
      expect(page.status).toBe(200);
      expect(Object.keys(page.body).sort()).toEqual(['items', 'nextCursor']);
      seen.push(...page.body.items.map(id));
      cursor = page.body.nextCursor;
    } while (cursor);
    return seen;
  }

  it('pages through orders with many equal creation times: every order exactly once, newest first', async () => {
    const base = m.clock.now().getTime();
    await fc.assert(
      fc.asyncProperty(
        // Few distinct times for many orders, so most orders share their time with others.
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 7 }),
        async (times, limit) => {
          const db = m.market.ctx.db;
          await db.delete(orders).where(and(eq(orders.sellerId, seller.id), ne(orders.id, template.id)));
          const made = times.map((t) => ({
            ...template,
            id: generateOrderId(),
            // The template was bought a moment before `base`; these all come after it.
            createdAt: new Date(base + 1_000 + t * 1_000),
          }));
          await db.insert(orders).values(made);
          const expected = [...made, template]
            .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
            .map((o) => o.id);
          expect(await pageThrough('/seller/orders', limit, (o) => o.orderId)).toEqual(expected);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('pages through offers in offer-ID order, each once', async () => {
    for (let i = 0; i < 4; i++) await listAndFind(m, seller.apiKey, 6_300 + i);
    const all = await m.call('GET', '/seller/offers?limit=500', { token: seller.apiKey });
    const ids = all.body.items.map((o: { offerId: string }) => o.offerId);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    expect(await pageThrough('/seller/offers', 2, (o) => o.offerId)).toEqual(ids);
  });

  it('answers 400 invalid_cursor to a cursor it did not write, on every list', async () => {
    for (let i = 0; i < 2; i++) await listAndFind(m, seller.apiKey, 6_400 + i);
    const found = await m.call('POST', '/searches', {
      body: { kind: 'personal-computer', conditions: [], sort: { by: 'price', order: 'asc' }, limit: 1 },
    });
    expect(found.body.nextCursor).toEqual(expect.any(String));
    const lists = ['/seller/orders', '/seller/offers', `/searches/${found.body.searchId}/items`];
    for (const cursor of FORGED) {
      for (const list of lists) {
        const res = await m.call('GET', `${list}?cursor=${encodeURIComponent(cursor)}`, {
          token: seller.apiKey,
        });
        expect({ list, cursor, status: res.status, code: res.body.code }).toEqual({
          list,
          cursor,
          status: 400,
          code: 'invalid_cursor',
        });
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
      const stream = await fetch(`${m.url}/seller/events`, {
        headers: { authorization: `Bearer ${seller.apiKey}`, 'last-event-id': cursor },
      });
      expect({
        cursor,
        status: stream.status,
        code: ((await stream.json()) as { code: string }).code,
      }).toEqual({
        cursor,
        status: 400,
        code: 'invalid_cursor',
      });
    }
    // One list's cursor is no cursor of another's.
    const orderPage = await m.call('GET', '/seller/orders?limit=1', { token: seller.apiKey });
    const misplaced = await m.call('GET', `/seller/offers?cursor=${orderPage.body.nextCursor}`, {
      token: seller.apiKey,
    });
    expect(misplaced.body.code).toBe('invalid_cursor');
  });
});
