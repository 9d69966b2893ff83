import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { pcOffer, registerTestSeller, startTestMarket, type TestMarket } from '../testing/market-harness.ts';
import { modelKey } from './commodity-identity.ts';

describe('commodity identity', () => {
  it('ignores case, spacing and punctuation of the model', () => {
    expect(modelKey('ThinkPad X1-Carbon G11')).toBe(modelKey('thinkpad x1 carbon  g11'));
    expect(modelKey('ＡＢＣ－１２')).toBe(modelKey('abc12'));
    expect(modelKey('A-1')).not.toBe(modelKey('A-2'));
  });
});

describeEachDatabase('A1–A2 registration', (dbKind) => {
  let m: TestMarket;
  let alice: { id: string; apiKey: string };
  let bob: { id: string; apiKey: string };
  beforeAll(async () => {
    m = await startTestMarket(dbKind);
    alice = await registerTestSeller(m, 'Alice');
    bob = await registerTestSeller(m, 'Bob');
  });
  afterAll(() => m.close());

  it('requires a seller key', async () => {
    expect((await m.call('POST', '/seller/offers', { body: pcOffer('X') })).status).toBe(401);
    expect((await m.call('GET', '/seller/offers', { token: `${alice.apiKey}x` })).status).toBe(401);
  });

  it('registers commodity information and its offer', async () => {
    const res = await m.call('POST', '/seller/offers', { token: alice.apiKey, body: pcOffer('FM-100') });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'personal-computer',
      model: 'FM-100',
      price: 100_000,
      stock: 5,
      status: 'active',
    });
  });

  it('names each attribute that does not fit the kind', async () => {
    const res = await m.call('POST', '/seller/offers', {
      token: alice.apiKey,
      body: pcOffer('BAD-1', {}, { cpu_mhz: 99_999, colour: 'purple', fibre: 'wool' }),
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('invalid_attributes');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { attribute: 'fibre', message: 'is not an attribute of this kind' },
        { attribute: 'cpu_mhz', message: 'must be at most 10000 MHz' },
        { attribute: 'colour', message: 'must be one of black, silver, white, grey, blue, red' },
      ]),
    );
    const missing = await m.call('POST', '/seller/offers', {
      token: alice.apiKey,
      body: { ...pcOffer('BAD-2'), attributes: { cpu_mhz: 3000, disk_gb: 512, colour: 'black' } },
    });
    expect(missing.body.errors).toEqual([{ attribute: 'ram_gb', message: 'is required' }]);
    const unknownKind = await m.call('POST', '/seller/offers', {
      token: alice.apiKey,
      body: pcOffer('K', { kind: 'yacht' }),
    });
    expect(unknownKind).toMatchObject({ status: 400, body: { code: 'unknown_kind' } });
  });

  it('refuses fractional and negative money and stock', async () => {
    for (const bad of [
      { price: 100.5 },
      { price: -1 },
      { price: 0 },
      { stock: 1.5 },
      { stock: -2 },
      { currency: 'yen' },
    ]) {
      const res = await m.call('POST', '/seller/offers', { token: alice.apiKey, body: pcOffer('M-1', bad) });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.code).toBe('invalid_request');
    }
  });

  it('shares one commodity between sellers of the same model', async () => {
    const a = await m.call('POST', '/seller/offers', { token: alice.apiKey, body: pcOffer('NEC LaVie-7') });
    const b = await m.call('POST', '/seller/offers', {
      token: bob.apiKey,
      body: pcOffer('nec lavie 7', { price: 95_000, name: 'Bob’s name for it' }),
    });
    expect(b.status).toBe(201);
    expect(b.body.commodityId).toBe(a.body.commodityId);
    expect(b.body.offerId).not.toBe(a.body.offerId);
    const [row] = await queryRows<{ n: number }>(
      m.market.ctx.db,
      sql`SELECT count(*)::int AS n FROM offers WHERE commodity_id = ${a.body.commodityId}`,
    );
    expect(row?.n).toBe(2);
  });

  it('refuses a registration that contradicts the shared commodity', async () => {
    const res = await m.call('POST', '/seller/offers', {
      token: bob.apiKey,
      body: pcOffer('NEC-LAVIE-7', {}, { ram_gb: 32 }),
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'commodity_conflict', errors: [{ attribute: 'ram_gb' }] });
  });

  it('updates price and stock, withdraws, and registers again', async () => {
    const created = await m.call('POST', '/seller/offers', { token: alice.apiKey, body: pcOffer('UPD-1') });
    const id = created.body.offerId;
    const patched = await m.call('PATCH', `/seller/offers/${id}`, {
      token: alice.apiKey,
      body: { price: 80_000, stock: 9 },
    });
    expect(patched.body).toMatchObject({ price: 80_000, stock: 9 });
    const fraction = await m.call('PATCH', `/seller/offers/${id}`, {
      token: alice.apiKey,
      body: { price: 1.25 },
    });
    expect(fraction.status).toBe(400);
    const withdrawn = await m.call('DELETE', `/seller/offers/${id}`, { token: alice.apiKey });
    expect(withdrawn.body.status).toBe('withdrawn');
    const again = await m.call('POST', '/seller/offers', {
      token: alice.apiKey,
      body: pcOffer('UPD-1', { price: 70_000 }),
    });
    expect(again).toMatchObject({ status: 200, body: { offerId: id, status: 'active', price: 70_000 } });
  });

  it('lets a seller see and change only its own offers', async () => {
    const mine = await m.call('POST', '/seller/offers', { token: alice.apiKey, body: pcOffer('OWN-1') });
    const id = mine.body.offerId;
    expect((await m.call('GET', `/seller/offers/${id}`, { token: bob.apiKey })).status).toBe(404);
    expect(
      (await m.call('PATCH', `/seller/offers/${id}`, { token: bob.apiKey, body: { stock: 0 } })).status,
    ).toBe(404);
    expect((await m.call('DELETE', `/seller/offers/${id}`, { token: bob.apiKey })).status).toBe(404);
    expect((await m.call('GET', `/seller/offers/${id}`, { token: alice.apiKey })).body.stock).toBe(5);
    const bobs = await m.call('GET', '/seller/offers', { token: bob.apiKey });
    expect(bobs.body.items.every((o: { offerId: string }) => o.offerId !== id)).toBe(true);
  });

  it('pages through a seller’s offers', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await m.call('GET', `/seller/offers?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: alice.apiKey,
      });
      seen.push(...page.body.items.map((o: { offerId: string }) => o.offerId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(4);
  });

  it('hides a suspended seller’s offers and refuses its key', async () => {
    const carol = await registerTestSeller(m, 'Carol');
    await m.call('POST', '/seller/offers', {
      token: carol.apiKey,
      body: pcOffer('CAROL-ONLY', {}, { cpu_mhz: 9876 }),
    });
    const query = { kind: 'personal-computer', conditions: [{ attribute: 'cpu_mhz', op: '=', value: 9876 }] };
    expect((await m.call('POST', '/searches', { body: query })).body.matched).toBe(true);
    const suspended = await m.call('POST', `/operator/sellers/${carol.id}/suspend`, { token: m.operatorKey });
    expect(suspended.body.status).toBe('suspended');
    expect((await m.call('GET', '/seller', { token: carol.apiKey })).status).toBe(403);
    expect((await m.call('POST', '/searches', { body: query })).body.matched).toBe(false);
    await m.call('POST', `/operator/sellers/${carol.id}/reinstate`, { token: m.operatorKey });
    expect((await m.call('POST', '/searches', { body: query })).body.matched).toBe(true);
  });
});
