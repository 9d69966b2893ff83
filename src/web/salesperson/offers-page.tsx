import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../app/api.ts';
import { formatMoney } from '../app/money.ts';
import { Label } from '../app/shown-text.tsx';
import { Button, Empty, Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { OFFERS_QUERY } from './offer-cache.ts';
import { OfferItem } from './offer-item.tsx';
import { SELL_QUERY, useSeller } from './seller-session.tsx';
import type { Kind, Offer, OfferPage } from './types.ts';

const PAGE_SIZE = 100;

/** The seller's offers: what is on sale, with price and stock to keep current, and what was withdrawn. */
export function OffersPage() {
  const { key } = useSeller();
  const t = useT();
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
  const kindNameOf = (id: string) => {
    const kind = kinds.data?.kinds.find((k) => k.id === id);
    return kind ? <Label text={kind.names} /> : id;
  };

  return (
    <Page
      title={t('salesperson.offers.title')}
      intro={t('salesperson.offers.intro')}
      actions={
        <>
          <Link href="/register" className="button primary">
            {t('salesperson.offers.register')}
          </Link>
          <Link href="/import" className="button secondary">
            {t('salesperson.offers.import')}
          </Link>
        </>
      }
    >
      <div ref={notice} tabIndex={-1} className="focus-target">
        {withdrawn && (
          <Notice tone="success" title={t('salesperson.offers.withdrawn')}>
            <p>{t('salesperson.offers.noLongerOnSale', { name: withdrawn.name, model: withdrawn.model })}</p>
          </Notice>
        )}
      </div>
      <ProblemNotice error={offers.error} title={t('salesperson.offers.loadFailed')} />
      <h2 id="on-sale-heading">{t('salesperson.offers.onSale')}</h2>
      {offers.isPending ? (
        <Loading label={t('salesperson.offers.loading')} rows={4} />
      ) : onSale.length === 0 && !offers.error ? (
        <Empty title={t('salesperson.offers.empty')}>
          <p>
            {t.rich('salesperson.offers.emptyHint', {
              register: (chunks) => <Link href="/register">{chunks}</Link>,
              import: (chunks) => <Link href="/import">{chunks}</Link>,
            })}
          </p>
        </Empty>
      ) : (
        <ul className="offer-list" aria-labelledby="on-sale-heading">
          {onSale.map((offer) => (
            <OfferItem
              key={offer.offerId}
              offer={offer}
              kindName={kindNameOf(offer.kind)}
              onWithdrawn={setWithdrawn}
            />
          ))}
        </ul>
      )}
      {offers.hasNextPage && (
        <Button busy={offers.isFetchingNextPage} onClick={() => offers.fetchNextPage()}>
          {t('salesperson.offers.more')}
        </Button>
      )}
      {gone.length > 0 && (
        <details className="panel withdrawn-offers">
          <summary>{t('salesperson.offers.withdrawnList', { count: gone.length })}</summary>
          <p className="muted">{t('salesperson.offers.withdrawnHint')}</p>
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
