import { and, eq } from 'drizzle-orm';
import type { MarketContext } from '../context.ts';
import { commodities, offers } from '../db/schema.ts';
import { readCells } from './aggregates.ts';
import { bandOf, PRICE_BANDS } from './bands.ts';
import type { ResolvedParameters } from './catalogue.ts';
import { periodOf } from './periods.ts';
import type { ReleaseBody } from './release.ts';

/**
 * What a report adds for the seller who bought it, from the seller's own data: exact, because
 * a seller already knows its own sales and offers. Never kept in the shared release.
 */
export interface OwnFigures {
  /** Units the seller sold per period and price band (sales volume). */
  units?: { period: string; key: string; value: number }[];
  /** The seller's active offers of the kind and the market's noisy units sold cheaper and dearer (price distribution). */
  offers?: {
    commodityId: string;
    name: string;
    price: number;
    band: string;
    cheaperShare: number | null;
    dearerShare: number | null;
  }[];
  /** The commodities of the list the seller offers (best sellers). */
  commodityIds?: string[];
}

export async function ownFigures(
  ctx: MarketContext,
  sellerId: string,
  release: ReleaseBody,
): Promise<OwnFigures> {
  const p = release.parameters as ResolvedParameters;
  if (release.analysis === 'sales-volume') {
    const cells = await readCells(ctx.db, {
      kindId: p.kind,
      currency: p.currency,
      metric: 'units',
      scope: '',
      from: p.from,
      to: p.to,
      sellerId,
      per: p.granularity,
    });
    return {
      units: cells.map((c) => ({
        period: periodOf(p.granularity, c.period ?? p.from).key,
        key: c.key,
        value: c.value,
      })),
    };
  }
  const mine = await ctx.db
    .select({ commodityId: offers.commodityId, name: commodities.name, price: offers.priceMinor })
    .from(offers)
    .innerJoin(commodities, eq(commodities.id, offers.commodityId))
    .where(
      and(
        eq(offers.sellerId, sellerId),
        eq(offers.kindId, p.kind),
        eq(offers.currency, p.currency),
        eq(offers.status, 'active'),
      ),
    );
  if (release.analysis === 'best-sellers') return { commodityIds: mine.map((o) => o.commodityId) };
  if (release.analysis !== 'price-distribution') return {};
  // Shown cells only: a suppressed band counts as nothing sold, as the chart shows it.
  const sold = (release.measures[0]?.cells ?? []).map((c) => ({ key: c.key, value: c.value ?? 0 }));
  const total = sold.reduce((sum, c) => sum + c.value, 0);
  const index = (key: string) => PRICE_BANDS.findIndex((b) => b.key === key);
  return {
    offers: mine.map((o) => {
      const band = bandOf(PRICE_BANDS, o.price).key;
      const at = index(band);
      const cheaper = sold.filter((c) => index(c.key) < at).reduce((sum, c) => sum + c.value, 0);
      const dearer = sold.filter((c) => index(c.key) > at).reduce((sum, c) => sum + c.value, 0);
      return {
        ...o,
        band,
        cheaperShare: total > 0 ? cheaper / total : null,
        dearerShare: total > 0 ? dearer / total : null,
      };
    }),
  };
}
