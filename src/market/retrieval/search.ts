import { and, eq, gt } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import type { MarketContext } from '../context.ts';
import { searches, searchItems } from '../db/schema.ts';
import { preferenceOf, stagedInsert, UNMET, writeRelaxed } from '../history/stores.ts';
import { type ConditionProblem, compilePurchaseRequest } from './compile.ts';
import type { Condition, PurchaseRequest } from './purchase-request.ts';
import { retrieveAndRemember } from './remembered-retrieval.ts';
import {
  type Cursor,
  cursorFits,
  type RetrievedItem,
  relaxationHints,
  retrievePage,
  unmetConditions,
} from './retrieve.ts';

export type SearchFailure =
  | { code: 'kind_not_found'; kind: string }
  | { code: 'invalid_conditions'; problems: ConditionProblem[] }
  | { code: 'search_not_found' }
  | { code: 'invalid_cursor' };

export type SearchAnswer =
  | {
      matched: true;
      searchId: string;
      expiresAt: Date;
      items: RetrievedItem[];
      nextCursor: string | null;
    }
  | {
      matched: false;
      conditions: Condition[];
      relaxations: { index: number; condition: Condition; wouldMatch: number }[];
      offersOfKind: number;
    };

/** B1–B2: retrieve the offers that meet every condition, and remember what was shown. */
export async function search(
  ctx: MarketContext,
  request: PurchaseRequest,
): Promise<Result<SearchAnswer, SearchFailure>> {
  const kind = await ctx.kinds.get(ctx.db, request.kind);
  if (!kind) return err({ code: 'kind_not_found', kind: request.kind });
  const compiled = compilePurchaseRequest(kind, request, ctx.config.defaultCurrency);
  if (!compiled.ok) return err({ code: 'invalid_conditions', problems: compiled.error });

  const now = ctx.clock.now();
  const searchId = newId();
  const expiresAt = new Date(now.getTime() + ctx.config.searchTtlMs);
  const page = await retrieveAndRemember(ctx.db, compiled.value, {
    searchId,
    request,
    createdAt: now,
    expiresAt,
  });

  if (!page.items.length) {
    // B2, no match: say so, name the conditions to relax, and ask for a new purchase request.
    // The same pass stages the unmet demand, naming what failed (matched searches pay nothing).
    const [hints, unmet] = await Promise.all([
      relaxationHints(ctx.db, compiled.value),
      unmetConditions(ctx.db, compiled.value),
    ]);
    const failed = unmetAttributes(request.conditions, unmet);
    const asked = { currency: compiled.value.currency, conditions: request.conditions };
    const preference = preferenceOf(kind, asked, 'unmatched', failed);
    await writeRelaxed(ctx.db, [stagedInsert(ctx.db, now, [{ store: 'preferences', row: preference }])]);
    return ok({
      matched: false,
      conditions: request.conditions,
      relaxations: hints.relaxations.map((r) => ({
        ...r,
        condition: request.conditions[r.index] as Condition,
      })),
      offersOfKind: hints.withoutConditions,
    });
  }
  return ok({ matched: true, searchId, expiresAt, ...page });
}

/** The attributes an unmatched request failed on, as the preference store keeps them (UNMET). */
function unmetAttributes(conditions: Condition[], unmet: number[] | null): string[] {
  if (unmet === null) return [UNMET.noOffers];
  if (!unmet.length) return [UNMET.combination];
  return [...new Set(unmet.map((index) => (conditions[index] as Condition).attribute))];
}

/** B2 continued: the next page of a remembered search. */
export async function searchPage(
  ctx: MarketContext,
  searchId: string,
  cursor: Cursor,
): Promise<
  Result<
    { searchId: string; expiresAt: Date; items: RetrievedItem[]; nextCursor: string | null },
    SearchFailure
  >
> {
  const [stored] = await ctx.db
    .select()
    .from(searches)
    .where(and(eq(searches.id, searchId), gt(searches.expiresAt, ctx.clock.now())));
  if (!stored) return err({ code: 'search_not_found' });
  const kind = await ctx.kinds.get(ctx.db, stored.kindId);
  const compiled =
    kind && compilePurchaseRequest(kind, stored.request as PurchaseRequest, ctx.config.defaultCurrency);
  if (!compiled?.ok) return err({ code: 'search_not_found' });
  if (!cursorFits(compiled.value, cursor)) return err({ code: 'invalid_cursor' });
  const page = await retrievePage(ctx.db, compiled.value, cursor);
  await writeRelaxed(ctx.db, [shownInsert(ctx.db, searchId, page.items)]);
  return ok({ searchId, expiresAt: stored.expiresAt, ...page });
}

/** The insert of the items a page showed, at the price shown; none for an empty page. */
function shownInsert(db: Executor, searchId: string, items: RetrievedItem[]) {
  if (!items.length) return undefined;
  return db
    .insert(searchItems)
    .values(
      items.map((item) => ({
        searchId,
        offerId: item.offerId,
        commodityId: item.commodityId,
        sellerId: item.sellerId,
        unitPriceMinor: item.priceMinor,
        currency: item.currency,
      })),
    )
    .onConflictDoNothing();
}
