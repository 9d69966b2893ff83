import { asc, desc, sql } from 'drizzle-orm';
import { utcDay } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/database.ts';
import { historyPending, searches, searchItems } from '../db/schema.ts';
import { preferenceOf } from '../history/stores.ts';
import type { CompiledRequest } from './compile.ts';
import type { PurchaseRequest } from './purchase-request.ts';
import { type RetrievedItem, retrievalQuery, retrievedPage } from './retrieve.ts';

/**
 * B2, first page, in one statement and so one round trip: retrieve the page and, reading it,
 * when anything matched, remember the search with the items shown and stage the purchaser's
 * preference as matched for the day's batch into the preference store (history/stores.ts; an
 * unmatched one is staged by the caller, who works out what failed). These rows' loss in a
 * crash is harmless, so the commit does not wait for a disk flush; `set_config` sits in a
 * writing CTE because PostgreSQL always runs those to completion.
 */
export async function retrieveAndRemember(
  db: Executor,
  request: CompiledRequest,
  search: { searchId: string; request: PurchaseRequest; createdAt: Date; expiresAt: Date },
): Promise<{ items: RetrievedItem[]; nextCursor: string | null }> {
  const found = db.$with('found').as(retrievalQuery(db, request, null));
  const order = request.descending ? desc : asc;
  const shownOrder = sql`${order(found.sortValue)} NULLS LAST, ${order(found.offerId)}`;
  const anything = sql`EXISTS (SELECT 1 FROM ${found})`;
  const none = { done: sql<number>`1` };

  const remembered = db.$with('remembered', none).as(
    sql`INSERT INTO ${searches} (id, kind_id, request, created_at, expires_at)
      SELECT ${search.searchId}, ${request.kind.id}, ${JSON.stringify(search.request)}::jsonb,
        ${search.createdAt.toISOString()}::timestamptz, ${search.expiresAt.toISOString()}::timestamptz
      WHERE ${anything}`,
  );
  const shown = db.$with('shown', none).as(
    sql`INSERT INTO ${searchItems} (search_id, offer_id, commodity_id, seller_id, unit_price_minor, currency)
      SELECT ${search.searchId}, ${found.offerId}, ${found.commodityId}, ${found.sellerId}, ${found.priceMinor}, ${found.currency}
      FROM ${found} ORDER BY ${shownOrder} LIMIT ${request.limit}`,
  );
  const asked = { currency: request.currency, conditions: search.request.conditions };
  const matched = preferenceOf(request.kind, asked, 'matched');
  const preference = db.$with('preference', none).as(
    sql`INSERT INTO ${historyPending} (day, store, row)
      SELECT ${utcDay(search.createdAt)}::date, 'preferences', ${JSON.stringify(matched)}::jsonb
      FROM (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed WHERE ${anything}`,
  );
  const rows = await db.with(found, remembered, shown, preference).select().from(found).orderBy(shownOrder);
  return retrievedPage(request, rows);
}
