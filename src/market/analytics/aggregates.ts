import { and, between, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import { commodities, kinds, purchaserPreferences, salesHistory } from '../db/schema.ts';
import type { HistoryBatch } from '../history/stores.ts';
import type { AttributeDefinition } from '../kinds/attribute-schema.ts';
import {
  type Contribution,
  type Metric,
  preferenceContributions,
  saleContributions,
} from './contributions.ts';
import { analyticsBackfill, analyticsCells } from './tables.ts';

const CHUNK = 1000;

/**
 * Adds one closed day's rows to the aggregates, in the transaction that moves them into the
 * stores, so each row is counted exactly once. Kinds and commodities are read as they are now:
 * both are public catalogue data.
 */
export async function foldClosedDay(tx: Executor, rows: HistoryBatch): Promise<void> {
  const { day } = rows;
  const kindIds = [...new Set([...rows.sales, ...rows.preferences].map((r) => r.kindId))];
  if (!kindIds.length) return;
  const kindRows = await tx
    .select({ id: kinds.id, attributes: kinds.attributes })
    .from(kinds)
    .where(inArray(kinds.id, kindIds));
  const attributesOf = new Map(kindRows.map((k) => [k.id, k.attributes as AttributeDefinition[]]));
  const commodityIds = [...new Set(rows.sales.map((s) => s.commodityId))];
  const commodityAttributes = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < commodityIds.length; i += CHUNK) {
    const found = await tx
      .select({ id: commodities.id, attributes: commodities.attributes })
      .from(commodities)
      .where(inArray(commodities.id, commodityIds.slice(i, i + CHUNK)));
    for (const c of found) commodityAttributes.set(c.id, c.attributes);
  }

  const cells = new Map<string, typeof analyticsCells.$inferInsert>();
  const add = (kindId: string, currency: string, c: Contribution) => {
    const sellerId = c.sellerId ?? '';
    const id = JSON.stringify([kindId, c.metric, c.scope, currency, sellerId, c.key]);
    const cell = cells.get(id);
    if (cell) cell.value += c.value;
    else
      cells.set(id, {
        kindId,
        metric: c.metric,
        scope: c.scope,
        currency,
        day,
        sellerId,
        key: c.key,
        value: c.value,
      });
  };
  for (const sale of rows.sales) {
    const attributes = attributesOf.get(sale.kindId) ?? [];
    for (const c of saleContributions(sale, attributes, commodityAttributes.get(sale.commodityId) ?? {})) {
      add(sale.kindId, sale.currency, c);
    }
  }
  for (const preference of rows.preferences) {
    for (const c of preferenceContributions(preference, attributesOf.get(preference.kindId) ?? [])) {
      add(preference.kindId, preference.currency, c);
    }
  }

  const values = [...cells.values()].filter((c) => c.value !== 0);
  for (let i = 0; i < values.length; i += CHUNK) {
    await tx
      .insert(analyticsCells)
      .values(values.slice(i, i + CHUNK))
      .onConflictDoUpdate({
        target: [
          analyticsCells.kindId,
          analyticsCells.metric,
          analyticsCells.scope,
          analyticsCells.currency,
          analyticsCells.day,
          analyticsCells.sellerId,
          analyticsCells.key,
        ],
        set: { value: sql`${analyticsCells.value} + excluded.value` },
      });
  }
}

/**
 * Folds one day that was in the stores before the aggregates existed, and takes it off the
 * list; returns false when none is left. Deleting the day's entry first locks it, so a second
 * process folding at once finds it gone and folds nothing twice.
 */
export async function backfillOneDay(db: Db): Promise<boolean> {
  const [next] = await db.select().from(analyticsBackfill).orderBy(analyticsBackfill.day).limit(1);
  if (!next) return false;
  await db.transaction(async (tx) => {
    const [claimed] = await tx
      .delete(analyticsBackfill)
      .where(eq(analyticsBackfill.day, next.day))
      .returning();
    if (!claimed) return;
    const sales = await tx.select().from(salesHistory).where(eq(salesHistory.soldOn, next.day));
    const preferences = await tx
      .select()
      .from(purchaserPreferences)
      .where(eq(purchaserPreferences.requestedOn, next.day));
    await foldClosedDay(tx, { day: next.day, sales, preferences });
  });
  return true;
}

export interface CellSelection {
  kindId: string;
  currency: string;
  metric: Metric;
  scope: string;
  from: string;
  to: string;
  /** The market's figures ('') or one seller's own. */
  sellerId?: string;
}

/** The stored sums per day and key, for one metric of one kind over a range of days. */
export async function readCells(
  db: Executor,
  s: CellSelection,
): Promise<{ day: string; key: string; value: number }[]> {
  return db
    .select({ day: analyticsCells.day, key: analyticsCells.key, value: analyticsCells.value })
    .from(analyticsCells)
    .where(
      and(
        eq(analyticsCells.kindId, s.kindId),
        eq(analyticsCells.metric, s.metric),
        eq(analyticsCells.scope, s.scope),
        eq(analyticsCells.currency, s.currency),
        between(analyticsCells.day, s.from, s.to),
        eq(analyticsCells.sellerId, s.sellerId ?? ''),
      ),
    );
}
