import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { type ReactNode, type Ref, useEffect, useId, useRef } from 'react';
import { useLocation } from 'wouter';
import { ApiError } from '../app/api.ts';
import { focusElement } from '../app/focus.ts';
import { formatMoney } from '../app/money.ts';
import { Button, Field, Loading, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { Specs } from './attribute-format.tsx';
import type { Kind, RetrievedItem, SearchAnswer } from './market-api.ts';
import { NoMatch } from './no-match.tsx';
import { type SortChoice, sortChoices } from './search-params.ts';
import { confirmHref } from './shown-items.ts';
import type { Translate } from './translate.ts';

type Answer = UseInfiniteQueryResult<InfiniteData<SearchAnswer>>;

/**
 * The answer to a purchase request: the offers that meet every condition, sorted as chosen,
 * page after page; or, when none does, what to relax. The header and its sort stay put while
 * results load, and placeholders hold the list's place, so nothing jumps.
 */
export function Results(props: {
  kind: Kind;
  answer: Answer;
  sort: SortChoice;
  onSort: (value: string) => void;
  onRelax: (attribute: string) => void;
  headingRef: Ref<HTMLHeadingElement>;
}) {
  const { answer, kind } = props;
  const t = useT();
  const pages = answer.data?.pages ?? [];
  const first = pages[0];
  const items = pages.flatMap((p) =>
    p.matched ? p.items.map((item) => ({ item, searchId: p.searchId })) : [],
  );
  const groups = byCommodity(items);
  const list = useRef<HTMLOListElement>(null);
  // Keyboard and screen-reader users carry on at the first offer "Show more" added.
  const focusFrom = useRef<number | null>(null);
  useEffect(() => {
    const from = focusFrom.current;
    const first = items[from ?? items.length]?.item.offerId;
    if (from === null || !first) return;
    focusFrom.current = null;
    // A new commodity's card by its heading; a further offer of one shown already, by its seller.
    const card = list.current?.querySelector(`[data-first-offer="${first}"]`);
    focusElement(
      card?.querySelector('h3') ?? list.current?.querySelector(`[data-offer-id="${first}"] .seller`),
    );
  }, [items]);
  const showMore = () => {
    focusFrom.current = items.length;
    void answer.fetchNextPage();
  };

  return (
    <section className="results" aria-labelledby="results-title">
      <div className="results-header">
        <div>
          <h2 id="results-title" ref={props.headingRef}>
            {t('purchaser.results.title')}
          </h2>
          <p className="muted" role="status">
            {summary(answer, items.length, groups.length, t)}
          </p>
        </div>
        <Field label={t('purchaser.results.sortBy')} className="sort-field">
          {(control) => (
            <select {...control} value={props.sort.value} onChange={(e) => props.onSort(e.target.value)}>
              {sortChoices(kind, t).map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {answer.isPending && <Loading label={t('purchaser.results.searching')} rows={4} />}
      {answer.isError && !answer.isFetchNextPageError && !isRefusedRequest(answer.error) && (
        <div>
          <ProblemNotice error={answer.error} title={t('purchaser.results.failed')} />
          <Button onClick={() => answer.refetch()}>{t('purchaser.tryAgain')}</Button>
        </div>
      )}
      {first && !first.matched && <NoMatch kind={kind} answer={first} onRelax={props.onRelax} />}
      {items.length > 0 && (
        <>
          <ol className="result-list" ref={list}>
            {groups.map((offers) => (
              <ResultCard key={offers[0].item.offerId} kind={kind} offers={offers} sortedBy={props.sort.by} />
            ))}
          </ol>
          {answer.isFetchingNextPage && <Loading label={t('purchaser.results.loadingMore')} rows={2} />}
          {answer.isFetchNextPageError && (
            <ProblemNotice error={answer.error} title={t('purchaser.results.moreFailed')} />
          )}
          {answer.hasNextPage && (
            <Button className="show-more" busy={answer.isFetchingNextPage} onClick={showMore}>
              {t('purchaser.results.showMore')}
            </Button>
          )}
        </>
      )}
    </section>
  );
}

/** A request the market refused as not fitting the kind: the form says which field, next to it. */
export const isRefusedRequest = (error: unknown) =>
  error instanceof ApiError && error.code === 'invalid_conditions';

function summary(answer: Answer, shown: number, commodities: number, t: Translate): string {
  if (answer.isPending) return t('purchaser.results.summary.searching');
  if (isRefusedRequest(answer.error)) return t('purchaser.results.summary.refused');
  if (answer.isError && !answer.data) return t('purchaser.results.summary.failed');
  const first = answer.data?.pages[0];
  if (first && !first.matched) return t('purchaser.results.summary.noMatch');
  // One offer; one per model; or several models' offers, some of one model.
  const offers = {
    shape: shown === 1 ? 'one' : shown === commodities ? 'each' : 'grouped',
    shown,
    models: commodities,
  };
  return answer.hasNextPage
    ? t('purchaser.results.summary.more', offers)
    : t('purchaser.results.summary.all', offers);
}

interface Shown {
  item: RetrievedItem;
  searchId: string;
}

/**
 * The offers grouped by commodity, each group where its first offer came in the chosen order
 * and its offers in that order: several sellers offering one model show as one card.
 */
function byCommodity(items: Shown[]): [Shown, ...Shown[]][] {
  const groups = new Map<string, [Shown, ...Shown[]]>();
  for (const shown of items) {
    const group = groups.get(shown.item.commodityId);
    if (group) group.push(shown);
    else groups.set(shown.item.commodityId, [shown]);
  }
  return [...groups.values()];
}

function ResultCard(props: { kind: Kind; offers: [Shown, ...Shown[]]; sortedBy: string }) {
  const { kind, offers } = props;
  const { item } = offers[0];
  const several = offers.length > 1;
  const t = useT();
  return (
    <li className={`result card${several ? ' several' : ''}`} data-first-offer={item.offerId}>
      <div className="result-main">
        <h3>{item.name}</h3>
        <p className="muted">
          {t('purchaser.item.model', { model: item.model })}
          {several && (
            <span className="badge offer-count">
              {t('purchaser.results.offerCount', { count: offers.length })}
            </span>
          )}
        </p>
        <Specs kind={kind} item={item} sortedBy={props.sortedBy} />
      </div>
      <ul
        className="result-offers"
        aria-label={
          several
            ? t('purchaser.results.offersOf', { count: offers.length, name: item.name })
            : t('purchaser.results.offer')
        }
      >
        {offers.map((shown) => (
          <OfferRow key={shown.item.offerId} shown={shown} several={several} />
        ))}
      </ul>
    </li>
  );
}

/** One seller's offer: who sells it, at what price, how many, and the way to buy it. */
function OfferRow(props: { shown: Shown; several: boolean }) {
  const { item, searchId } = props.shown;
  const [, navigate] = useLocation();
  const id = useId();
  const t = useT();
  const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;
  return (
    <li className="result-buy" data-offer-id={item.offerId}>
      <p className="seller" id={`${id}-seller`}>
        {t.rich('purchaser.item.soldBy', { seller: item.sellerName, strong })}
      </p>
      <p className="price" id={`${id}-price`}>
        {formatMoney(item.unitPrice, item.currency)}
      </p>
      <p className="muted stock">{t('purchaser.results.inStock', { count: item.available })}</p>
      <Button
        variant="primary"
        aria-describedby={`${id}-price ${id}-seller`}
        onClick={() => navigate(confirmHref(searchId, item))}
      >
        {props.several
          ? t.rich('purchaser.results.selectFrom', { name: item.name, seller: item.sellerName, hidden })
          : t.rich('purchaser.results.select', { name: item.name, hidden })}
      </Button>
    </li>
  );
}

const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;
