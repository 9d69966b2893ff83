import { and, asc, between, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { purchaserPreferences, salesHistory } from '../db/schema.ts';

/**
 * Direct transmission: the stores' rows as they are kept (a day, no order or search ID, no
 * free text), read a chunk at a time in (day, id) order so an export of any length streams in
 * bounded memory on either database. Not differentially private: see docs/analytics.md.
 */

const CHUNK = 5000;

export const EXPORT_STORES = ['sales', 'preferences'] as const;
export type ExportStore = (typeof EXPORT_STORES)[number];

export interface ExportQuery {
  kindId: string;
  from: string;
  to: string;
  /** The caller: its own sales name it as their seller; every other row names none. */
  sellerId: string;
}

export const EXPORT_COLUMNS: Record<ExportStore, string[]> = {
  sales: ['day', 'kind', 'commodityId', 'quantity', 'unitPrice', 'currency', 'seller'],
  preferences: ['day', 'kind', 'currency', 'conditions', 'outcome', 'failed'],
};

export async function* exportRows(
  db: Executor,
  store: ExportStore,
  q: ExportQuery,
): AsyncGenerator<Record<string, unknown>> {
  const table = store === 'sales' ? salesHistory : purchaserPreferences;
  const day = store === 'sales' ? salesHistory.soldOn : purchaserPreferences.requestedOn;
  let after: { day: string; id: string } | null = null;
  for (;;) {
    const rows: (typeof salesHistory.$inferSelect | typeof purchaserPreferences.$inferSelect)[] = await db
      .select()
      .from(table)
      .where(
        and(
          eq(table.kindId, q.kindId),
          between(day, q.from, q.to),
          after ? sql`(${day}, ${table.id}) > (${after.day}, ${after.id})` : undefined,
        ),
      )
      .orderBy(asc(day), asc(table.id))
      .limit(CHUNK);
    for (const row of rows) {
      if ('soldOn' in row) {
        yield {
          day: row.soldOn,
          kind: row.kindId,
          commodityId: row.commodityId,
          quantity: row.quantity,
          unitPrice: row.unitPriceMinor,
          currency: row.currency,
          seller: row.sellerId === q.sellerId ? row.sellerId : null,
        };
      } else {
        yield {
          day: row.requestedOn,
          kind: row.kindId,
          currency: row.currency,
          conditions: row.conditions,
          outcome: row.outcome,
          failed: row.failed,
        };
      }
    }
    const last = rows.at(-1);
    if (!last || rows.length < CHUNK) return;
    after = { day: 'soldOn' in last ? last.soldOn : last.requestedOn, id: last.id };
  }
}

/** The rows as a JSON array, written as they are read. */
export async function* jsonArray(rows: AsyncIterable<Record<string, unknown>>): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const row of rows) {
    yield `${first ? '' : ','}\n${JSON.stringify(row)}`;
    first = false;
  }
  yield '\n]\n';
}
