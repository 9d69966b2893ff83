import { and, asc, desc, eq, gt, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Executor, queryRows } from '../../platform/db/database.ts';
import { toPage } from '../../platform/paging.ts';
import { commodities, offers, sellers } from '../db/schema.ts';
import type { CompiledRequest } from './compile.ts';

/** The predicates every retrieval carries besides the purchaser's conditions. */
function basePredicates(request: CompiledRequest): SQL[] {
  return [
    eq(offers.kindId, request.kind.id),
    eq(offers.currency, request.currency),
    eq(offers.status, 'active'),
    eq(offers.sellerActive, true),
    gt(offers.stock, 0),
  ];
}

/** A search pages by (sort value, offer ID); the offer ID breaks ties of value. */
export const retrievalKey = z.tuple([z.number().nullable(), z.uuid()]);
export type Cursor = z.output<typeof retrievalKey>;

/**
 * Whether a well-formed cursor also fits this search's sort column: an integer column (the
 * price) compared with a fraction, or with a number past its range, would fail in SQL.
 */
export const cursorFits = (request: CompiledRequest, [v]: Cursor): boolean =>
  v === null || request.sortColumn.columnType === 'PgDoublePrecision' || Number.isSafeInteger(v);

/** Keyset condition for "after this row" in (sort value NULLS LAST, id) order. */
function after(request: CompiledRequest, cursor: Cursor): SQL {
  const col = request.sortColumn;
  const [v, id] = cursor;
  const [beyond, tie] = request.descending ? ['<', '<'] : ['>', '>'];
  if (v === null) return sql`(${col} IS NULL AND ${offers.id} ${sql.raw(tie)} ${id})`;
  return sql`(${col} ${sql.raw(beyond)} ${v} OR (${col} = ${v} AND ${offers.id} ${sql.raw(tie)} ${id}) OR ${col} IS NULL)`;
}

/**
 * The retrieval query (B2) for one page; exported so the benchmark can run the same SQL directly.
 * The page of offers is chosen first and only its rows are joined to their commodities: when the
 * plan must sort the matches, joining before the LIMIT would fetch a commodity for every match.
 * The seller's name comes along: sellers are not anonymous, and it tells offers of one commodity apart.
 */
export function retrievalQuery(db: Executor, request: CompiledRequest, cursor: Cursor | null) {
  const order = request.descending ? desc : asc;
  const page = db
    .select({
      offerId: offers.id,
      commodityId: offers.commodityId,
      sellerId: offers.sellerId,
      priceMinor: offers.priceMinor,
      currency: offers.currency,
      stock: offers.stock,
      // Aliased: when sorting by price the sort column is price_minor, selected above as well.
      sortValue: sql`${request.sortColumn}`.mapWith(request.sortColumn).as('sort_value'),
    })
    .from(offers)
    .where(
      and(...basePredicates(request), ...request.predicates, ...(cursor ? [after(request, cursor)] : [])),
    )
    .orderBy(sql`${order(request.sortColumn)} NULLS LAST`, order(offers.id))
    .limit(request.limit + 1)
    .as('page');
  return db
    .select({
      offerId: page.offerId,
      commodityId: page.commodityId,
      sellerId: page.sellerId,
      priceMinor: page.priceMinor,
      currency: page.currency,
      stock: page.stock,
      sortValue: page.sortValue,
      model: commodities.model,
      name: commodities.name,
      attributes: commodities.attributes,
      // Aliased: the commodity's name is selected as "name" too, and a CTE's columns need their own names.
      sellerName: sql<string>`${sellers.name}`.as('seller_name'),
    })
    .from(page)
    .innerJoin(commodities, eq(commodities.id, page.commodityId))
    .innerJoin(sellers, eq(sellers.id, page.sellerId))
    .orderBy(sql`${order(page.sortValue)} NULLS LAST`, order(page.offerId));
}

export type RetrievedItem = Awaited<ReturnType<typeof retrievalQuery>>[number];

export async function retrievePage(
  db: Executor,
  request: CompiledRequest,
  cursor: Cursor | null,
): Promise<{ items: RetrievedItem[]; nextCursor: string | null }> {
  return retrievedPage(request, await retrievalQuery(db, request, cursor));
}

/** Cuts the one row fetched beyond the page off, and turns it into the next page's cursor. */
export function retrievedPage(
  request: CompiledRequest,
  rows: RetrievedItem[],
): { items: RetrievedItem[]; nextCursor: string | null } {
  return toPage(rows, request.limit, (last) => [(last.sortValue as number | null) ?? null, last.offerId]);
}

/** Counts are capped: a hint says "about this many or more", and stays cheap on a million offers. */
export const COUNT_CAP = 1000;

async function cappedCount(db: Executor, request: CompiledRequest, predicates: SQL[]): Promise<number> {
  const inner = db
    .select({ one: sql`1` })
    .from(offers)
    .where(and(...basePredicates(request), ...predicates))
    .limit(COUNT_CAP);
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(inner.as('capped'));
  return row?.n ?? 0;
}

export interface Relaxation {
  /** Position of the condition in the purchase request. */
  index: number;
  /** Offers that would match without this condition (at most COUNT_CAP). */
  wouldMatch: number;
}

/**
 * B2, nothing matched: for each condition, how many offers match when it alone is dropped.
 * Only conditions whose removal brings results back are returned, most results first.
 */
export async function relaxationHints(
  db: Executor,
  request: CompiledRequest,
): Promise<{ relaxations: Relaxation[]; withoutConditions: number }> {
  const counts = await Promise.all(
    request.predicates.map((_, index) =>
      cappedCount(
        db,
        request,
        request.predicates.filter((__, i) => i !== index),
      ),
    ),
  );
  const withoutConditions = request.predicates.length ? await cappedCount(db, request, []) : 0;
  const relaxations = counts
    .map((wouldMatch, index) => ({ index, wouldMatch }))
    .filter((r) => r.wouldMatch > 0)
    .sort((a, b) => b.wouldMatch - a.wouldMatch);
  return { relaxations, withoutConditions };
}

/**
 * B2, nothing matched, for the preference store's unmet demand: the positions of the conditions
 * that no sellable offer of the kind meets even alone, or null when the kind has no sellable
 * offer (in the currency) at all. One statement; each test stops at the first offer it finds.
 */
export async function unmetConditions(db: Executor, request: CompiledRequest): Promise<number[] | null> {
  const exists = (predicates: SQL[]) =>
    // Drizzle puts the embedded query in parentheses itself.
    sql`EXISTS ${db
      .select({ one: sql`1` })
      .from(offers)
      .where(and(...basePredicates(request), ...predicates))}`;
  const tests = [exists([]), ...request.predicates.map((p) => exists([p]))];
  const [row] = await queryRows<{ met: boolean[] }>(
    db,
    sql`SELECT ARRAY[${sql.join(tests, sql`, `)}] AS met`,
  );
  const [anyOffer, ...met] = row?.met ?? [];
  if (!anyOffer) return null;
  return met.flatMap((alone, index) => (alone ? [] : [index]));
}
