import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../app/api.ts';
import { formatMoney } from '../app/money.ts';
import { Button, Empty, Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import { OFFERS_QUERY } from './offer-cache.ts';
import { OfferItem } from './offer-item.tsx';
import { SELL_QUERY, useSeller } from './seller-session.tsx';
import type { Kind, Offer, OfferPage } from './types.ts';

const PAGE_SIZE = 100;

/** The seller's offers: what is on sale, with price and stock to keep current, and what was withdrawn. */
export function OffersPage() {
  const { key } = useSeller();
  const [withdrawn, setWithdrawn] = useState<Offer | null>(null);
  const notice = useRef<HTMLDivElement>(null);
  const offers = useInfiniteQuery({
    queryKey: OFFERS_QUERY,
    queryFn: ({ pageParam, signal }) =>
      api<OfferPage>(
        'GET',
        `/seller/offers?limit=${PAGE_SIZE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
        { token: key, signal },
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const kinds = useQuery({
    queryKey: [SELL_QUERY, 'kinds'],
    queryFn: () => api<{ kinds: Kind[] }>('GET', '/kinds'),
  });
  useEffect(() => {
    if (withdrawn) notice.current?.focus();
  }, [withdrawn]);

  const all = offers.data?.pages.flatMap((p) => p.items) ?? [];
  const onSale = all.filter((o) => o.status === 'active');
  const gone = all.filter((o) => o.status === 'withdrawn');
  const kindName = (id: string) => kinds.data?.kinds.find((k) => k.id === id)?.name ?? id;

  return (
    <Page
      title="Your offers"
      intro="What purchasers can find and buy from you. Keep prices and stock current: a purchase never takes more than your stock."
      actions={
        <>
          <Link href="/register" className="button primary">
            Register commodity
          </Link>
          <Link href="/import" className="button secondary">
            Import a file
          </Link>
        </>
      }
    >
      <div ref={notice} tabIndex={-1} className="focus-target">
        {withdrawn && (
          <Notice tone="success" title="Withdrawn">
            <p>
              {withdrawn.name} ({withdrawn.model}) is no longer on sale.
            </p>
          </Notice>
        )}
      </div>
      <ProblemNotice error={offers.error} title="Your offers could not be loaded" />
      <h2 id="on-sale-heading">On sale</h2>
      {offers.isPending ? (
        <Loading label="Loading your offers" rows={4} />
      ) : onSale.length === 0 && !offers.error ? (
        <Empty title="Nothing on sale yet">
          <p>
            <Link href="/register">Register a commodity</Link> or <Link href="/import">import a file</Link> to
            start selling.
          </p>
        </Empty>
      ) : (
        <ul className="offer-list" aria-labelledby="on-sale-heading">
          {onSale.map((offer) => (
            <OfferItem
              key={offer.offerId}
              offer={offer}
              kindName={kindName(offer.kind)}
              onWithdrawn={setWithdrawn}
            />
          ))}
        </ul>
      )}
      {offers.hasNextPage && (
        <Button busy={offers.isFetchingNextPage} onClick={() => offers.fetchNextPage()}>
          Show more offers
        </Button>
      )}
      {gone.length > 0 && (
        <details className="panel withdrawn-offers">
          <summary>Withdrawn offers ({gone.length})</summary>
          <p className="muted">
            Purchasers cannot find these. Register the same model again to put one back on sale.
          </p>
          <ul>
            {gone.map((o) => (
              <li key={o.offerId}>
                {o.name} <span className="mono muted">{o.model}</span> · {formatMoney(o.price, o.currency)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </Page>
  );
}
