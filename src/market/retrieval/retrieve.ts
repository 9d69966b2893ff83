import { and, eq, gt, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Executor, queryRows } from '../../platform/db/database.ts';
import { toPage } from '../../platform/paging.ts';
import { offers } from '../db/schema.ts';
import type { CompiledRequest } from './compile.ts';
import { sortKey } from './sort-indexes.ts';

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

/**
 * What a page is ordered by: the offer's price, or one of its typed attribute slots keyed as
 * the kind's sort index on it keys it.
 */
function sortColumnOf(request: CompiledRequest): SQL {
  const column = sql`"offers".${sql.identifier(request.sortColumn.name)}`;
  return request.sortColumn === offers.priceMinor ? column : sql`(${sortKey(column)})`;
}

/** One retrieved offer, with its commodity and the seller's name. */
export interface RetrievedItem {
  offerId: string;
  commodityId: string;
  sellerId: string;
  priceMinor: number;
  currency: string;
  stock: number;
  sortValue: number | null;
  model: string;
  name: string;
  attributes: Record<string, unknown>;
  sellerName: string;
}

/**
 * The retrieval statement (B2) for one page; exported so the benchmark can run the same SQL
 * directly. The page of offers is chosen first and only its rows are joined to their
 * commodities: when the plan must sort the matches, joining before the LIMIT would fetch a
 * commodity for every match. The seller's name comes along: sellers are not anonymous, and it
 * tells offers of one commodity apart. Written as one SQL template rather than with the query
 * builder, which took twenty times as long to build it (about 0.3 ms of CPU a search); prices
 * and sort values come as float8, exact below 2^53 (the price check keeps them there), so both
 * drivers answer plain numbers.
 *
 * Offers without a value of the sort attribute come last in either direction. They are a branch
 * of their own (ordered by ID, read only when those with a value did not fill the page), so
 * that the offers with a value are read in the order of an index on (currency, value, ID): the
 * price's `offers_retrieval`, or the kind's sort index on the attribute (see sort-indexes.ts),
 * which holds only offers with a value. An index reads one way with its NULLs last ascending
 * and first descending, never last both ways; and the cursor's "after this row" is a row
 * comparison, which the index reads as the start of its range.
 */
export function retrievalStatement(request: CompiledRequest, cursor: Cursor | null): SQL {
  const direction = sql.raw(request.descending ? 'DESC' : 'ASC');
  const beyond = sql.raw(request.descending ? '<' : '>');
  const column = sortColumnOf(request);
  const limit = request.limit + 1;
  const branch = (predicates: SQL[], order: SQL) => sql`(SELECT "offers"."id", "offers"."commodity_id",
        "offers"."seller_id", "offers"."price_minor", "offers"."currency", "offers"."stock", ${column} AS sort_value
      FROM "offers" WHERE ${sql.join([...basePredicates(request), ...request.predicates, ...predicates], sql` AND `)}
      ORDER BY ${order} LIMIT ${limit})`;
  const [value, id] = cursor ?? [];
  // A cursor on an offer without a value has passed every offer with one.
  const valued =
    value === null
      ? undefined
      : branch(
          [
            sql`${column} IS NOT NULL`,
            ...(value === undefined ? [] : [sql`(${column}, "offers"."id") ${beyond} (${value}, ${id})`]),
          ],
          sql`${column} ${direction}, "offers"."id" ${direction}`,
        );
  const unvalued =
    request.sortNullable || value === null
      ? branch(
          [
            sql`${column} IS NULL`,
            ...(value === null ? [sql`"offers"."id" ${beyond} ${id}`] : []),
            // Read only when the offers with a value did not fill the page: a condition on
            // nothing in the row, which PostgreSQL checks once, before it reads any.
            ...(valued ? [sql`(SELECT count(*) FROM valued) < ${limit}`] : []),
          ],
          sql`"offers"."id" ${direction}`,
        )
      : undefined;
  const order = (table: string) =>
    sql`${sql.raw(table)}sort_value ${direction} NULLS LAST, ${sql.raw(table)}id ${direction}`;
  const page =
    valued && unvalued
      ? sql`valued AS ${valued}, page AS (SELECT * FROM valued UNION ALL ${unvalued} ORDER BY ${order('')} LIMIT ${limit})`
      : sql`page AS ${valued ?? unvalued}`;
  return sql`WITH ${page}
    SELECT page.id AS "offerId", page.commodity_id AS "commodityId", page.seller_id AS "sellerId",
           page.price_minor::float8 AS "priceMinor", page.currency, page.stock,
           page.sort_value::float8 AS "sortValue", c.model, c.name, c.attributes, s.name AS "sellerName"
    FROM page
    JOIN "commodities" c ON c.id = page.commodity_id
    JOIN "sellers" s ON s.id = page.seller_id
    ORDER BY ${order('page.')}`;
}

export async function retrievePage(
  db: Executor,
  request: CompiledRequest,
  cursor: Cursor | null,
): Promise<{ items: RetrievedItem[]; nextCursor: string | null }> {
  return retrievedPage(request, await queryRows<RetrievedItem>(db, retrievalStatement(request, cursor)));
}

/** Cuts the one row fetched beyond the page off, and turns it into the next page's cursor. */
export function retrievedPage(
  request: CompiledRequest,
  rows: RetrievedItem[],
): { items: RetrievedItem[]; nextCursor: string | null } {
  return toPage(rows, request.limit, (last) => [last.sortValue, last.offerId]);
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
