import type { RetrievedItem } from './market-api.ts';

/**
 * What each recent search page showed, kept for this tab only (sessionStorage): the confirm
 * page is addressed by the page's search ID and the item's IDs alone
 * (`/confirm?search=…&commodity=…&seller=…`), and this lets it name the item, its price and
 * stock, and lead back to the results it came from. A link from elsewhere still works; the
 * market checks the selection either way (B4).
 */
interface ShownSearch {
  /** The search page's query string that produced this search. */
  query: string;
  items: RetrievedItem[];
}

const STORAGE_KEY = 'tokumei.purchaser.shown';
/** Pages (each has its own search ID): enough for a few searches; older ones are dropped. */
const KEEP = 30;

function load(): Record<string, ShownSearch> {
  try {
    return JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, ShownSearch>;
  } catch {
    return {};
  }
}

export function rememberShown(searchId: string, query: string, items: RetrievedItem[]): void {
  const all = load();
  const { [searchId]: previous, ...others } = all;
  const known = new Set(previous?.items.map(itemKey));
  const merged = [...(previous?.items ?? []), ...items.filter((i) => !known.has(itemKey(i)))];
  // Newest last, so that trimming drops the oldest searches.
  const kept = Object.entries({ ...others, [searchId]: { query, items: merged } }).slice(-KEEP);
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(kept)));
  } catch {
    // A full or disabled storage only costs the confirm page its details.
  }
}

const itemKey = (i: { commodityId: string; sellerId: string }) => `${i.commodityId}/${i.sellerId}`;

export function shownSearch(searchId: string): ShownSearch | undefined {
  return load()[searchId];
}

export function shownItem(
  searchId: string,
  choice: { commodityId: string; sellerId: string },
): RetrievedItem | undefined {
  return shownSearch(searchId)?.items.find((i) => itemKey(i) === itemKey(choice));
}

/** The confirm page's address for one retrieved item of a search. */
export function confirmHref(
  searchId: string,
  choice: { commodityId: string; sellerId: string },
  quantity?: number,
): string {
  const params = new URLSearchParams({
    search: searchId,
    commodity: choice.commodityId,
    seller: choice.sellerId,
  });
  if (quantity && quantity > 1) params.set('quantity', String(quantity));
  return `/confirm?${params}`;
}
