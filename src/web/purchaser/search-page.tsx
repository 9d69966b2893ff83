import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { ApiError } from '../app/api.ts';
import { focusElement } from '../app/focus.ts';
import { descriptionOf } from '../app/kind-labels.ts';
import { KindDescription, KindOptions, Label } from '../app/shown-text.tsx';
import { useTerminalConfig } from '../app/terminal-config.ts';
import { Button, Field, Loading, Page, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { ConditionForm } from './condition-form.tsx';
import { getKind, type Kind, listKinds } from './market-api.ts';
import { isRefusedRequest, Results } from './results.tsx';
import {
  buildRequest,
  type Draft,
  draftFromParams,
  fieldErrorsFromProblem,
  isSubmitted,
  searchQuery,
  sortChoice,
  withoutAttribute,
} from './search-params.ts';
import { searchAfresh, useSearchResults } from './search-results.ts';

/**
 * B1–B2: choose a kind, describe what it must have, see the offers that meet every condition.
 * Everything the purchaser chose lives in the address (`?kind=…&cpu_mhz.min=…&sort=…`), so the
 * results come back with "back", and a search can be bookmarked or shared.
 */
export function SearchPage() {
  const params = new URLSearchParams(useSearch());
  const kindId = params.get('kind');
  const kinds = useQuery({ queryKey: ['kinds'], queryFn: ({ signal }) => listKinds(signal) });
  const kind = useQuery({
    queryKey: ['kind', kindId],
    queryFn: ({ signal }) => getKind(kindId as string, signal),
    enabled: Boolean(kindId),
  });
  // Prices are typed, sent and shown in the market's own currency.
  const config = useTerminalConfig();
  const [, navigate] = useLocation();
  const t = useT();

  const picker = kinds.isPending ? (
    <Loading label={t('purchaser.search.loadingKinds')} rows={1} />
  ) : kinds.isError ? (
    <ProblemNotice error={kinds.error} title={t('purchaser.search.kindsFailed')} />
  ) : (
    <Field
      label={t('purchaser.search.kind')}
      hint={
        <KindDescription
          kind={kinds.data.find((k) => k.id === kindId)}
          otherwise={t('purchaser.search.kindHint')}
        />
      }
    >
      {(control) => (
        <select
          {...control}
          value={kindId ?? ''}
          onChange={(e) => navigate(e.target.value ? searchQuery(e.target.value) : '/')}
        >
          <option value="">{t('purchaser.search.chooseKind')}</option>
          <KindOptions kinds={kinds.data} />
        </select>
      )}
    </Field>
  );

  return (
    <Page title={t('purchaser.search.title')} intro={t('purchaser.search.intro')}>
      {/* Always in this place, so choosing a kind keeps focus on the picker. */}
      <div className="kind-bar">{picker}</div>
      {kindId && kind.isPending && <Loading label={t('purchaser.search.loadingConditions')} rows={4} />}
      {kind.isError && (
        <ProblemNotice
          error={kind.error}
          title={
            kind.error instanceof ApiError && kind.error.status === 404
              ? t('purchaser.search.noSuchKind')
              : t('purchaser.search.conditionsFailed')
          }
        />
      )}
      {kind.data && config.isError && (
        <>
          <ProblemNotice error={config.error} title={t('purchaser.search.currencyFailed')} />
          <Button onClick={() => void config.refetch()}>{t('purchaser.tryAgain')}</Button>
        </>
      )}
      {kind.data && config.isPending && <Loading label={t('purchaser.search.loadingConditions')} rows={4} />}
      {kind.data
        ? config.data && <KindSearch kind={kind.data} params={params} currency={config.data.currency} />
        : !kindId && <KindChoice kinds={kinds.data ?? []} />}
    </Page>
  );
}

/** Before a kind is chosen: what can be bought, and how buying works. */
function KindChoice(props: { kinds: Kind[] }) {
  const t = useT();
  return (
    <div className="kind-choice">
      {props.kinds.length > 0 && (
        <>
          <h2>{t('purchaser.search.onOffer')}</h2>
          <ul className="kind-list">
            {props.kinds.map((k) => {
              const about = descriptionOf(k);
              return (
                <li key={k.id}>
                  <Link href={searchQuery(k.id)}>
                    <Label text={k.names} />
                  </Link>
                  {about && (
                    <span className="muted">
                      {' · '}
                      <Label text={about} />
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <h2>{t('purchaser.search.howTitle')}</h2>
      <ol className="steps">
        <li>{t('purchaser.search.how.choose')}</li>
        <li>{t('purchaser.search.how.pick')}</li>
        <li>{t('purchaser.search.how.keep')}</li>
      </ol>
    </div>
  );
}

/** The form and results of one kind; the results panel reserves its place before any search. */
function KindSearch(props: { kind: Kind; params: URLSearchParams; currency: string }) {
  const { kind, params } = props;
  const [, navigate] = useLocation();
  const queries = useQueryClient();
  const t = useT();
  const draft = draftFromParams(kind, params);
  const sort = sortChoice(kind, params.get('sort'), t);
  const submitted = isSubmitted(params);
  const query = searchQuery(kind.id, draft, sort.value);
  const built = buildRequest(kind, draft, sort, props.currency, t);
  const valid = submitted && Object.keys(built.errors).length === 0;
  const answer = useSearchResults(valid ? built.request : null, query);
  const refused = isRefusedRequest(answer.error) ? (answer.error as ApiError) : null;

  // After a search or a relaxation, focus goes to the results: that is where the news is.
  const heading = useRef<HTMLHeadingElement>(null);
  const focusResults = useRef(false);
  useEffect(() => {
    if (focusResults.current && submitted) {
      focusResults.current = false;
      focusElement(heading.current);
    }
  });

  const show = (next: Draft, sortValue: string, focus: boolean) => {
    const target = searchQuery(kind.id, next, sortValue);
    // A new search asks the market afresh (prices and stock move); "back" reuses what was shown.
    searchAfresh(queries, target);
    focusResults.current = focus;
    navigate(target);
  };

  return (
    <div className="buy-layout">
      <div className="panel">
        <ConditionForm
          // New conditions in the address (a search, a relaxation, "back") start the form afresh;
          // a new sort keeps what is being typed.
          key={`${searchQuery(kind.id, draft)}${submitted}${refused ? 'refused' : ''}`}
          kind={kind}
          initial={draft}
          sort={sort}
          currency={props.currency}
          serverErrors={{
            ...(submitted ? built.errors : {}),
            ...fieldErrorsFromProblem(refused?.problem.errors ?? []),
          }}
          onSearch={(next) => show(next, sort.value, true)}
        />
      </div>
      <div className="results-area">
        {valid ? (
          <Results
            kind={kind}
            answer={answer}
            sort={sort}
            headingRef={heading}
            onSort={(value) => show(draft, value, false)}
            onRelax={(attribute) => show(withoutAttribute(draft, attribute), sort.value, true)}
          />
        ) : (
          <p className="muted results-placeholder">
            {submitted ? t('purchaser.search.needsFixing') : t('purchaser.search.placeholder')}
          </p>
        )}
      </div>
    </div>
  );
}
