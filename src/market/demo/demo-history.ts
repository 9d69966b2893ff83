import { eq } from 'drizzle-orm';
import { utcDay } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { analyticsBackfill } from '../analytics/tables.ts';
import { offers, purchaserPreferences, salesHistory } from '../db/schema.ts';
import { type Outcome, UNMET } from '../history/stores.ts';
import { FIRST_START_KINDS } from './demo-kinds.ts';

const DAYS = 13 * 7;
const CHUNK = 1000;

/** Reproducible spread without a random source: the demo looks the same on every first start. */
const h = (...salts: number[]) =>
  salts.reduce((acc, s) => Math.abs(Math.imul(acc ^ s, 2654435761)) >>> 0, 0x9e3779b9) >>> 0;

/**
 * Thirteen weeks of past sales and purchase requests over the demo offers, straight into the
 * stores, their days listed for the aggregates: so a seller can buy an analysis on the first
 * start. Busier at weekends, some requests find nothing.
 */
export async function seedDemoHistory(db: Executor, now: Date, currency: string): Promise<void> {
  const today = Date.parse(`${utcDay(now)}T00:00:00Z`);
  const sales: (typeof salesHistory.$inferInsert)[] = [];
  const preferences: (typeof purchaserPreferences.$inferInsert)[] = [];
  const days: string[] = [];
  for (const [k, kind] of FIRST_START_KINDS.entries()) {
    const offered = await db
      .select({ commodityId: offers.commodityId, sellerId: offers.sellerId, price: offers.priceMinor })
      .from(offers)
      .where(eq(offers.kindId, kind.id));
    if (!offered.length) continue;
    const enums = kind.attributes.filter((a) => a.type === 'enum');
    const numbers = kind.attributes.filter((a) => a.type === 'number');
    for (let d = 1; d <= DAYS; d++) {
      const day = utcDay(new Date(today - d * 86_400_000));
      if (k === 0) days.push(day);
      const weekend = [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
      const count = 6 + (h(k, d) % 10) + (weekend ? 8 : 0);
      for (let i = 0; i < count; i++) {
        // A few offers sell far more than the rest, as in any shop.
        const offer =
          offered[
            h(k, d, i) % 3 === 0 ? h(k, i) % Math.min(5, offered.length) : h(k, d, i, 1) % offered.length
          ];
        if (!offer) continue;
        sales.push({
          id: newId(),
          kindId: kind.id,
          commodityId: offer.commodityId,
          sellerId: offer.sellerId,
          quantity: 1 + (h(k, d, i, 2) % 10 === 0 ? 2 : 0),
          unitPriceMinor: offer.price,
          currency,
          soldOn: day,
        });
      }
      for (let i = 0; i < count * 3; i++) {
        const e = enums[h(k, d, i, 3) % Math.max(1, enums.length)];
        const n = numbers[h(k, d, i, 4) % Math.max(1, numbers.length)];
        const conditions = [
          ...(e?.type === 'enum'
            ? [{ attribute: e.name, op: '=' as const, value: e.values[h(k, d, i, 5) % e.values.length] }]
            : []),
          ...(n?.type === 'number'
            ? [
                {
                  attribute: n.name,
                  op: '>=' as const,
                  value: (n.min ?? 0) + ((h(k, d, i, 6) % 10) * ((n.max ?? 100) - (n.min ?? 0))) / 20,
                },
              ]
            : []),
        ];
        const outcome: Outcome = i < count ? 'purchased' : h(k, d, i, 7) % 5 === 0 ? 'unmatched' : 'matched';
        const failed =
          outcome === 'unmatched'
            ? [conditions[h(k, d, i, 8) % conditions.length]?.attribute ?? UNMET.combination]
            : [];
        preferences.push({
          id: newId(),
          kindId: kind.id,
          currency,
          conditions,
          failed,
          outcome,
          requestedOn: day,
        });
      }
    }
  }
  for (let i = 0; i < sales.length; i += CHUNK)
    await db.insert(salesHistory).values(sales.slice(i, i + CHUNK));
  for (let i = 0; i < preferences.length; i += CHUNK) {
    await db.insert(purchaserPreferences).values(preferences.slice(i, i + CHUNK));
  }
  if (days.length)
    await db
      .insert(analyticsBackfill)
      .values(days.map((day) => ({ day })))
      .onConflictDoNothing();
}
