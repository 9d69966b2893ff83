import { afterAll, beforeAll, expect, it } from 'vitest';
import { utcDay } from '../../platform/clock.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { readCells } from '../analytics/aggregates.ts';
import { analyticsBackfill } from '../analytics/tables.ts';
import { startTestMarket, type TestMarket } from '../testing/market-harness.ts';
import { runMarketDuties } from '../workers.ts';
import { type DemoCredentials, seedDemo } from './seed-demo.ts';

describeEachDatabase('the demo market on its first start', (dbKind) => {
  let m: TestMarket;
  let demo: DemoCredentials | null;
  beforeAll(async () => {
    m = await startTestMarket(dbKind, { kinds: false });
    demo = await seedDemo(m.market.ctx.db, m.clock.now(), 'JPY', 20);
  });
  afterAll(() => m?.close());

  it('has thirteen weeks of history a demo seller can buy an analysis of', async () => {
    const seller = demo?.sellers[0];
    if (!seller) throw new Error('no demo seller');
    await runMarketDuties(m.market.ctx);
    expect(await m.market.ctx.db.select().from(analyticsBackfill)).toEqual([]);
    const to = utcDay(new Date(m.clock.now().getTime() - 8 * 86_400_000));
    const from = utcDay(new Date(m.clock.now().getTime() - 12 * 7 * 86_400_000));
    const quote = await m.call('POST', '/seller/analytics/quotes', {
      token: seller.apiKey,
      body: {
        analysis: 'sales-volume',
        parameters: { kind: 'personal-computer', granularity: 'week', from, to },
      },
    });
    expect(quote.status, JSON.stringify(quote.body)).toBe(201);
    const units = await readCells(m.market.ctx.db, {
      kindId: 'personal-computer',
      currency: 'JPY',
      metric: 'units',
      scope: '',
      from,
      to,
    });
    expect(units.reduce((n, c) => n + c.value, 0)).toBeGreaterThan(100);
  });

  it('sells Japanese goods under Japanese names, their kinds labelled in both languages', async () => {
    const kind = (await m.call('GET', '/kinds/rice-cooker')).body;
    expect(kind.names).toEqual({ ja: '炊飯器', en: 'Rice cooker' });
    expect(kind.attributes.find((a: { name: string }) => a.name === 'capacity_go').units).toEqual({
      ja: '合',
      en: 'cups',
    });
    const found = await m.call('POST', '/searches', {
      body: { kind: 'tea', conditions: [{ attribute: 'weight_g', op: '>=', value: 1 }] },
    });
    expect(found.body.items.length).toBeGreaterThan(0);
    for (const item of found.body.items) expect(item.name).toMatch(/^(有機 )?\p{Script=Han}+産 .+ \d+g$/u);
  });
});
