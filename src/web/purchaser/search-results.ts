import { type QueryClient, useInfiniteQuery } from '@tanstack/react-query';
import { ApiError } from '../app/api.ts';
import { nextResults, type PurchaseRequest, type SearchAnswer, search } from './market-api.ts';
import { rememberShown } from './shown-items.ts';

interface NextPage {
  searchId: string;
  cursor: string;
}

/** Keyed by the search page's query string, which says everything the request says. */
const searchKey = (query: string) => ['search', query] as const;

/**
 * A purchase request's answer, page by page ("Show more" appends the next cursor's page). Kept
 * as long as the search is valid, so going back from the confirm page shows the same results
 * (and the same search IDs) without asking again; a new search asks afresh.
 */
export function useSearchResults(request: PurchaseRequest | null, query: string) {
  return useInfiniteQuery({
    queryKey: searchKey(query),
    enabled: request !== null,
    initialPageParam: null as NextPage | null,
    queryFn: async (context): Promise<SearchAnswer> => {
      const next = context.pageParam;
      // A purchase request is not cancelled once sent (its signal is not even read, which is what
      // lets a remount wait for the answer): it counts as a preference record, so it must not be
      // sent twice.
      const page: SearchAnswer = next
        ? { matched: true, ...(await nextResults(next.searchId, next.cursor, context.signal)) }
        : await search(request as PurchaseRequest);
      if (page.matched) rememberShown(page.searchId, query, page.items);
      return page;
    },
    getNextPageParam: (last): NextPage | undefined =>
      last.matched && last.nextCursor ? { searchId: last.searchId, cursor: last.nextCursor } : undefined,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30 * 60_000,
    // A refused request stays refused; only a lost connection is worth one more try.
    retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status >= 400),
  });
}

/** Forgets a request's answer, so that it is sent again as a new purchase request (now if shown). */
export function searchAfresh(queries: QueryClient, query: string) {
  void queries.resetQueries({ queryKey: searchKey(query), exact: true });
}
