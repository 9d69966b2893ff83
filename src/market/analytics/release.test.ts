import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { utcDay } from '../../platform/clock.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { commodities as commodityTable } from '../db/schema.ts';
import { getKind, type Kind } from '../kinds/kinds.ts';
import { pcOffer, registerTestSeller, startTestMarket, type TestMarket } from '../testing/market-harness.ts';
import { runMarketDuties } from '../workers.ts';
import { type AnalysisId, CATALOGUE, type ResolvedParameters } from './catalogue.ts';
import { closedPeriods } from './periods.ts';
import { computeRelease, type ReleaseBody } from './release.ts';

/** ε (10^8) so large that the noise is zero but with negligible probability, revenue included: the release shows the truth. */
const EXACT = 100_000_000_000_000;

/**
 * Purchases and searches over real HTTP, the day closed and moved by the duties, then releases
 * computed from the aggregates the move kept up to date: each cell is what the purchases and
 * requests put there, bounded as declared, and an empty cell is suppressed, not zero.
 */
describeEachDatabase('analytics releases from the aggregates', (dbKind) => {
  let m: TestMarket;
  let kind: Kind;
  let day: string;

  const release = async (
    analysis: AnalysisId,
    extra: Partial<ResolvedParameters> = {},
    epsilonMicro = EXACT,
    commodities: { id: string; label: string }[] = [],
    top?: number,
  ) => {
    const parameters: ResolvedParameters = {
      kind: kind.id,
      currency: 'JPY',
      granularity: 'day',
      from: day,
      to: day,
      ...extra,
    };
    const periods = closedPeriods(parameters.granularity, day, day, utcDay(m.clock.now()));
    if (!periods.ok) throw new Error(periods.error.code);
    const specs = CATALOGUE[analysis]
      .measures(kind, parameters, commodities)
      .map((spec) => (top === undefined ? spec : { ...spec, top }));
    return computeRelease(
      m.market.ctx.db,
      CATALOGUE[analysis],
      parameters,
      specs,
      periods.value,
      epsilonMicro,
    );
  };
  const shown = (body: ReleaseBody, measure: string) =>
    Object.fromEntries(
      (body.measures.find((x) => x.name === measure)?.cells ?? [])
        .filter((c) => !c.suppressed)
        .map((c) => [c.key, c.value]),
    );

  beforeAll(async () => {
    m = await startTestMarket(dbKind);
    kind = (await getKind(m.market.ctx.db, 'personal-computer')) as Kind;
    day = utcDay(m.clock.now());
    const seller = await registerTestSeller(m);
    const list = (model: string, price: number, colour: string, cpu: number) =>
      m.call('POST', '/seller/offers', {
        token: seller.apiKey,
        body: pcOffer(model, { price, stock: 50 }, { colour, cpu_mhz: cpu }),
      });
    expect((await list('R-1', 1_500, 'red', 3_000)).status).toBe(201);
    expect((await list('B-1', 25_000, 'blue', 4_000)).status).toBe(201);
    const search = async (conditions: unknown[]) =>
      (await m.call('POST', '/searches', { body: { kind: 'personal-computer', conditions } })).body;
    const red = await search([{ attribute: 'colour', op: 'in', value: ['red', 'silver'] }]);
    const blue = await search([{ attribute: 'cpu_mhz', op: '>=', value: 3_500 }]);
    const unmatched = await search([
      { attribute: 'colour', op: '=', value: 'white' },
      { attribute: 'cpu_mhz', op: '>=', value: 9_000 },
    ]);
    expect(unmatched.matched).toBe(false);
    const buy = async (
      found: { searchId: string; items: { commodityId: string; sellerId: string }[] },
      quantity: number,
    ) => {
      const [item] = found.items;
      const res = await m.call('POST', '/orders', {
        body: {
          searchId: found.searchId,
          commodityId: item?.commodityId,
          sellerId: item?.sellerId,
          quantity,
        },
      });
      expect(res.status).toBe(201);
    };
    await buy(red, 1);
    await buy(red, 2);
    await buy(red, 7);
    await buy(blue, 1);
    // The day ends; the duties move it into the stores and the aggregates.
    m.clock.advance(25 * 3_600_000);
    await runMarketDuties(m.market.ctx);
  });
  afterAll(() => m?.close());

  it('counts units per price band, a large purchase cut to the bound, empty bands suppressed', async () => {
    const body = await release('sales-volume');
    expect(shown(body, 'units')).toEqual({ '1000': 1 + 2 + 5, '20000': 1 });
    const units = body.measures[0];
    expect(units?.cells.length).toBe(
      units ? CATALOGUE['sales-volume'].measures(kind, body.parameters, [])[0]?.keys.length : -1,
    );
    // Revenue is its own noisy measure, each purchase's cut to its bound: 1,500 × (1 + 2 + 7) + 25,000.
    expect(shown(body, 'revenue')).toEqual({ revenue: 15_000 + 25_000 });
    expect(body.derived[0]?.rows).toEqual([{ period: day, key: 'units', label: 'Units', value: 9 }]);
    const empty = units?.cells.find((c) => c.key === '5000');
    expect(empty).toEqual({ period: day, key: '5000', label: '5000', value: null, suppressed: true });
  });

  it('counts preferences from purchases and requests side by side', async () => {
    const body = await release('attribute-preference', { attribute: 'colour' });
    expect(shown(body, 'purchases')).toEqual({ red: 3, blue: 1 });
    // Every request counts, the one that found nothing included.
    expect(shown(body, 'requests')).toEqual({ red: 1, silver: 1, white: 1 });
  });

  it('tells conversion and unmet demand, with the failed conditions and the values asked for', async () => {
    expect(shown(await release('conversion'), 'requests')).toEqual({
      matched: 2,
      unmatched: 1,
      purchased: 4,
    });
    const unmet = await release('unmet-demand', { attribute: 'colour' });
    expect(shown(unmet, 'unmatched')).toEqual({ unmatched: 1 });
    expect(shown(unmet, 'failed')).toEqual({ colour: 1, cpu_mhz: 1 });
    expect(shown(unmet, 'values')).toEqual({ white: 1 });
  });

  it('ranks best sellers by relative demand, naming only commodities over the threshold', async () => {
    const listed = await m.market.ctx.db.select().from(commodityTable);
    const labelled = listed.map((c) => ({ id: c.id, label: c.model }));
    // A commodity nobody bought is in the public list too: it is noised and suppressed.
    const body = await release('best-sellers', {}, EXACT, [
      ...labelled,
      { id: randomUUID(), label: 'Unsold' },
    ]);
    expect(body.derived[0]?.rows.map((r) => [r.label, r.value])).toEqual([
      ['R-1', 'very high'],
      ['B-1', 'medium'],
    ]);
    // Only the named are listed, most sold first; the rest are counted.
    expect(body.measures[0]?.cells.map((c) => c.label)).toEqual(['R-1', 'B-1']);
    expect(body.measures[0]?.unlisted).toEqual({ suppressed: labelled.length + 1 - 2, beyondTop: 0 });
    // A list cut at its top: the next best seller is counted as shown but not listed.
    const topOne = await release('best-sellers', {}, EXACT, labelled, 1);
    expect(topOne.measures[0]?.cells.map((c) => c.label)).toEqual(['R-1']);
    expect(topOne.measures[0]?.unlisted).toEqual({ suppressed: labelled.length - 2, beyondTop: 1 });
  });

  it('states ε, sensitivity and accuracy per measure, and noises every cell as integers', async () => {
    const body = await release('sales-volume', {}, 1_000_000);
    const units = body.measures[0];
    // Half the release's ε each for units and revenue: discrete Laplace of scale 10, ±30 at 95 %.
    expect(units).toMatchObject({ epsilon: '0.5', sensitivity: 5 });
    expect(units?.accuracy95).toBe(30);
    for (const cell of units?.cells ?? []) {
      if (cell.suppressed) expect(cell.value).toBeNull();
      else expect(Number.isInteger(cell.value) && (cell.value ?? 0) >= (units?.threshold ?? 0)).toBe(true);
    }
  });
});
