import { and, between, eq, inArray, sql } from 'drizzle-orm';
import { type Db, type Executor, queryRows } from '../../platform/db/database.ts';
import { commodities, kinds, purchaserPreferences, salesHistory } from '../db/schema.ts';
import type { HistoryBatch } from '../history/stores.ts';
import type { AttributeDefinition } from '../kinds/attribute-schema.ts';
import {
  type Contribution,
  type Metric,
  preferenceContributions,
  saleContributions,
} from './contributions.ts';
import { cover, GRANULARITIES, type Granularity, periodOf } from './periods.ts';
import { analyticsBackfill, analyticsCells } from './tables.ts';

const CHUNK = 1000;
/** Cells per upsert: each is written at three grains, as column arrays, so the statement stays small. */
const CELLS_PER_INSERT = 5000;

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

  const cells = new Map<string, Cell>();
  // Each contribution goes to the day's cell, its ISO week's and its month's.
  const periods = GRANULARITIES.map((grain) => ({ grain, day: periodOf(grain, day).from }));
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
  for (let i = 0; i < values.length; i += CELLS_PER_INSERT) {
    const chunk = values.slice(i, i + CELLS_PER_INSERT).flatMap((c) => periods.map((p) => ({ ...c, ...p })));
    const column = <K extends keyof (Cell & (typeof periods)[number])>(name: K) =>
      sql.param(chunk.map((c) => c[name]));
    // Column arrays through unnest(): one statement of nine parameters however many cells.
    await tx.execute(sql`
      INSERT INTO ${analyticsCells} (kind_id, metric, scope, currency, seller_id, grain, day, key, value)
      SELECT * FROM unnest(${column('kindId')}::text[], ${column('metric')}::text[], ${column('scope')}::text[],
        ${column('currency')}::text[], ${column('sellerId')}::text[], ${column('grain')}::text[],
        ${column('day')}::date[], ${column('key')}::text[], ${column('value')}::int8[])
      ON CONFLICT (kind_id, metric, scope, currency, seller_id, grain, day, key)
      DO UPDATE SET value = ${analyticsCells}.value + excluded.value`);
  }
}

type Cell = Omit<typeof analyticsCells.$inferInsert, 'grain' | 'day'>;

/**
 * After days are folded: marks the aggregates' pages all-visible, so that releases read closed
 * periods from the key's index alone. Only pages changed since the last time are visited.
 */
export async function vacuumAggregates(db: Db): Promise<void> {
  await db.execute(sql`VACUUM ${analyticsCells}`);
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
  /** First day of the range: the first day of a period of `per`, when given. */
  from: string;
  /** Last day of the range: the last day of a period of `per`, when given. */
  to: string;
  /** The market's figures ('') or one seller's own. */
  sellerId?: string;
  /** Per period of this granularity; absent, one total per key over the whole range. */
  per?: Granularity;
}

/**
 * The stored sums for one metric of one kind: per period (`period` is its first day), or in
 * total over the range (`period` null), summed by the database from the fewest month, week
 * and day cells that make up the range.
 */
export async function readCells(
  db: Executor,
  s: CellSelection,
): Promise<{ period: string | null; key: string; value: number }[]> {
  const measure = and(
    eq(analyticsCells.kindId, s.kindId),
    eq(analyticsCells.metric, s.metric),
    eq(analyticsCells.scope, s.scope),
    eq(analyticsCells.currency, s.currency),
    eq(analyticsCells.sellerId, s.sellerId ?? ''),
  );
  if (s.per)
    return db
      .select({ period: analyticsCells.day, key: analyticsCells.key, value: analyticsCells.value })
      .from(analyticsCells)
      .where(and(measure, eq(analyticsCells.grain, s.per), between(analyticsCells.day, s.from, s.to)));
  // One branch per grain, each an index-only scan of one stretch of the key (value rides in the
  // key's index), summed by the database; an OR of the grains would read the table's pages instead.
  const pieces = cover(s.from, s.to);
  const branches = GRANULARITIES.map((grain) => ({
    grain,
    days: pieces.filter((p) => p.grain === grain).map((p) => p.from),
  }))
    .filter((g) => g.days.length)
    .map(
      (g) =>
        sql`SELECT ${analyticsCells.key}, ${analyticsCells.value} FROM ${analyticsCells}
            WHERE ${and(measure, eq(analyticsCells.grain, g.grain), inArray(analyticsCells.day, g.days))}`,
    );
  if (!branches.length) return [];
  const totals = await queryRows<{ key: string; value: string | number }>(
    db,
    sql`SELECT key, sum(value)::int8 AS value FROM (${sql.join(branches, sql` UNION ALL `)}) AS cells GROUP BY key`,
  );
  return totals.map((t) => ({ period: null, key: t.key, value: Number(t.value) }));
}
