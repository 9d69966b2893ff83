import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { SELL_QUERY } from './seller-session.tsx';
import type { Offer, OfferPage } from './types.ts';

export const OFFERS_QUERY = [SELL_QUERY, 'offers'] as const;

/** Puts the market's answer for one offer into the loaded list, so the list shows what the API confirmed. */
export function replaceCachedOffer(queries: QueryClient, offer: Offer) {
  queries.setQueryData<InfiniteData<OfferPage>>(
    OFFERS_QUERY,
    (data) =>
      data && {
        ...data,
        pages: data.pages.map((page) => ({
          ...page,
          items: page.items.map((o) => (o.offerId === offer.offerId ? offer : o)),
        })),
      },
  );
}
