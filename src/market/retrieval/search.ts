import { err, ok, type Result } from '../../platform/result.ts';
import type { MarketContext } from '../context.ts';
import { preferenceOf, UNMET } from '../history/stores.ts';
import { type ConditionProblem, compilePurchaseRequest } from './compile.ts';
import type { Condition, PurchaseRequest } from './purchase-request.ts';
import {
  type Cursor,
  cursorFits,
  type RetrievedItem,
  relaxationHints,
  retrievePage,
  unmetConditions,
} from './retrieve.ts';
import { readShowing, signShowing } from './search-token.ts';

export type SearchFailure =
  | { code: 'kind_not_found'; kind: string }
  | { code: 'invalid_conditions'; problems: ConditionProblem[] }
  | { code: 'search_not_found' }
  | { code: 'invalid_cursor' };

/** A page of offers and its search token, the page's `searchId` (search-token.ts). */
export interface SearchPage {
  searchId: string;
  expiresAt: Date;
  items: RetrievedItem[];
  nextCursor: string | null;
}

export type SearchAnswer =
  | ({ matched: true } & SearchPage)
  | {
      matched: false;
      conditions: Condition[];
      relaxations: { index: number; condition: Condition; wouldMatch: number }[];
      offersOfKind: number;
    };

/**
 * B1–B2: retrieve the offers that meet every condition. Nothing is written on the way, so it
 * reads from a replica when there is one: what the page showed goes back to the purchaser as a
 * signed token for B4 (a replica's lag is caught there, on the primary: a price or stock that
 * changed since), and the request's preference waits in memory for the next batch
 * (history/preference-buffer.ts).
 */
export async function search(
  ctx: MarketContext,
  request: PurchaseRequest,
): Promise<Result<SearchAnswer, SearchFailure>> {
  const kind = await ctx.kinds.get(ctx.db, request.kind);
  if (!kind) return err({ code: 'kind_not_found', kind: request.kind });
  const compiled = compilePurchaseRequest(kind, request, ctx.config.defaultCurrency);
  if (!compiled.ok) return err({ code: 'invalid_conditions', problems: compiled.error });

  const now = ctx.clock.now();
  const page = await retrievePage(ctx.readDb, compiled.value, null);
  const asked = { currency: compiled.value.currency, conditions: request.conditions };
  if (!page.items.length) {
    // B2, no match: say so, name the conditions to relax, and ask for a new purchase request.
    // The preference kept names what failed.
    const [hints, unmet] = await Promise.all([
      relaxationHints(ctx.readDb, compiled.value),
      unmetConditions(ctx.readDb, compiled.value),
    ]);
    const failed = unmetAttributes(request.conditions, unmet);
    ctx.preferences.add(now, preferenceOf(kind, asked, 'unmatched', failed));
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
  ctx.preferences.add(now, preferenceOf(kind, asked, 'matched'));
  const expiresAt = new Date(now.getTime() + ctx.config.searchTtlMs);
  return ok({ matched: true, ...shownPage(ctx, request, expiresAt, page) });
}

/** The attributes an unmatched request failed on, as the preference store keeps them (UNMET). */
function unmetAttributes(conditions: Condition[], unmet: number[] | null): string[] {
  if (unmet === null) return [UNMET.noOffers];
  if (!unmet.length) return [UNMET.combination];
  return [...new Set(unmet.map((index) => (conditions[index] as Condition).attribute))];
}

/**
 * B2 continued: the next page of a search, named by any of its pages' tokens. The page gets a
 * token of its own, for the offers it shows; the search expires when its first page said.
 */
export async function searchPage(
  ctx: MarketContext,
  searchId: string,
  cursor: Cursor,
): Promise<Result<SearchPage, SearchFailure>> {
  const showing = readShowing(ctx.config.secretKey, searchId, ctx.clock.now());
  if (!showing) return err({ code: 'search_not_found' });
  const kind = await ctx.kinds.get(ctx.db, showing.request.kind);
  const compiled = kind && compilePurchaseRequest(kind, showing.request, ctx.config.defaultCurrency);
  if (!compiled?.ok) return err({ code: 'search_not_found' });
  if (!cursorFits(compiled.value, cursor)) return err({ code: 'invalid_cursor' });
  const page = await retrievePage(ctx.readDb, compiled.value, cursor);
  return ok(shownPage(ctx, showing.request, showing.expiresAt, page));
}

function shownPage(
  ctx: MarketContext,
  request: PurchaseRequest,
  expiresAt: Date,
  page: { items: RetrievedItem[]; nextCursor: string | null },
): SearchPage {
  const items = page.items.map((i) => ({ offerId: i.offerId, unitPriceMinor: i.priceMinor }));
  return { searchId: signShowing(ctx.config.secretKey, { request, expiresAt, items }), expiresAt, ...page };
}
