import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { type Ref, useEffect, useId, useRef } from 'react';
import { useLocation } from 'wouter';
import { ApiError } from '../app/api.ts';
import { formatMoney } from '../app/money.ts';
import { Button, Field, Loading, ProblemNotice } from '../app/ui.tsx';
import { Specs } from './attribute-format.tsx';
import { focusElement } from './focus.ts';
import type { Kind, RetrievedItem, SearchAnswer } from './market-api.ts';
import { NoMatch } from './no-match.tsx';
import { type SortChoice, sortChoices } from './search-params.ts';
import { confirmHref } from './shown-items.ts';

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
  const pages = answer.data?.pages ?? [];
  const first = pages[0];
  const items = pages.flatMap((p) =>
    p.matched ? p.items.map((item) => ({ item, searchId: p.searchId })) : [],
  );
  const list = useRef<HTMLOListElement>(null);
  // Keyboard and screen-reader users carry on at the first offer "Show more" added.
  const focusFrom = useRef<number | null>(null);
  useEffect(() => {
    const from = focusFrom.current;
    if (from === null || items.length <= from) return;
    focusFrom.current = null;
    focusElement(list.current?.children[from]?.querySelector('h3'));
  }, [items.length]);
  const showMore = () => {
    focusFrom.current = items.length;
    void answer.fetchNextPage();
  };

  return (
    <section className="results" aria-labelledby="results-title">
      <div className="results-header">
        <div>
          <h2 id="results-title" ref={props.headingRef}>
            Results
          </h2>
          <p className="muted" role="status">
            {summary(answer, items.length)}
          </p>
        </div>
        <Field label="Sort by" className="sort-field">
          {(control) => (
            <select {...control} value={props.sort.value} onChange={(e) => props.onSort(e.target.value)}>
              {sortChoices(kind).map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {answer.isPending && <Loading label="Searching" rows={4} />}
      {answer.isError && !answer.isFetchNextPageError && !isRefusedRequest(answer.error) && (
        <div>
          <ProblemNotice error={answer.error} title="The search did not go through" />
          <Button onClick={() => answer.refetch()}>Try again</Button>
        </div>
      )}
      {first && !first.matched && <NoMatch kind={kind} answer={first} onRelax={props.onRelax} />}
      {items.length > 0 && (
        <>
          <ol className="result-list" ref={list}>
            {items.map(({ item, searchId }) => (
              <ResultCard
                key={item.offerId}
                kind={kind}
                item={item}
                searchId={searchId}
                sortedBy={props.sort.by}
              />
            ))}
          </ol>
          {answer.isFetchingNextPage && <Loading label="Loading more offers" rows={2} />}
          {answer.isFetchNextPageError && (
            <ProblemNotice error={answer.error} title="The next offers could not be loaded" />
          )}
          {answer.hasNextPage && (
            <Button className="show-more" busy={answer.isFetchingNextPage} onClick={showMore}>
              Show more offers
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

function summary(answer: Answer, shown: number): string {
  if (answer.isPending) return 'Searching…';
  if (isRefusedRequest(answer.error)) return 'Some conditions do not fit this kind; see the form.';
  if (answer.isError && !answer.data) return 'The search did not go through.';
  const first = answer.data?.pages[0];
  if (first && !first.matched) return 'Nothing matches every condition.';
  const offers = shown === 1 ? '1 offer' : `${shown} offers`;
  return answer.hasNextPage ? `${offers} shown; there are more.` : `${offers}: every one that matches.`;
}

function ResultCard(props: { kind: Kind; item: RetrievedItem; searchId: string; sortedBy: string }) {
  const { item, kind } = props;
  const [, navigate] = useLocation();
  const priceId = useId();
  return (
    <li className="result card">
      <div className="result-main">
        <h3>{item.name}</h3>
        <p className="muted">Model {item.model}</p>
        <Specs kind={kind} item={item} sortedBy={props.sortedBy} />
      </div>
      <div className="result-buy">
        <p className="price" id={priceId}>
          {formatMoney(item.unitPrice, item.currency)}
        </p>
        <p className="muted">{item.available} in stock</p>
        <Button
          variant="primary"
          aria-describedby={priceId}
          onClick={() => navigate(confirmHref(props.searchId, item))}
        >
          Select<span className="visually-hidden"> {item.name}</span>
        </Button>
      </div>
    </li>
  );
}
