import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'wouter';
import { analysisDescription, analysisTitle } from '../app/analytics-names.ts';
import { ApiError, api } from '../app/api.ts';
import { useFocusFirstInvalid } from '../app/forms.ts';
import { kindName } from '../app/kind-labels.ts';
import { formatMoney } from '../app/money.ts';
import { KindDescription, KindOptions, type Shown, ShownOption, shown } from '../app/shown-text.tsx';
import { useMarketCurrency } from '../app/terminal-config.ts';
import type { Translate } from '../app/translate.ts';
import { Button, Field, Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import { type MessageId, useT } from '../i18n/i18n.tsx';
import {
  type AnalysisParameters,
  type AttributeUse,
  askQuote,
  CATALOGUE_QUERY,
  type CatalogueItem,
  type Granularity,
  getCatalogue,
} from './analytics-api.ts';
import { useKinds } from './analytics-page.tsx';
import { GRANULARITY_NAMES, lastClosedRange, utcToday } from './analytics-periods.ts';
import { QuotePanel } from './analytics-purchase.tsx';
import { EpsilonText } from './analytics-words.tsx';
import { type FieldErrors, hasErrors, sentence } from './form-errors.ts';
import { readCurrency } from './offer-fields.ts';
import { SELL_QUERY, useSeller } from './seller-session.tsx';
import type { AttributeDefinition, Kind } from './types.ts';

interface Draft {
  kind: string;
  attribute: string;
  granularity: Granularity;
  from: string;
  to: string;
  currency: string;
}

const FIELDS = ['kind', 'attribute', 'granularity', 'from', 'to', 'currency'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The attributes of a kind that an analysis can be about; "price" stands for the price. */
function attributeChoices(
  t: Translate,
  use: AttributeUse,
  kind: Kind | undefined,
): { value: string; shown: Shown }[] {
  const of = (types: AttributeDefinition['type'][]) =>
    (kind?.attributes ?? [])
      .filter((a) => types.includes(a.type))
      .map((a) => ({ value: a.name, shown: shown(a.labels) }));
  const price = { value: 'price', shown: { text: t('salesperson.analysis.price') } };
  switch (use) {
    case 'none':
      return [];
    case 'enum':
      return of(['enum']);
    case 'number':
      return [price, ...of(['number'])];
    case 'optional':
      return [price, ...of(['enum', 'number'])];
  }
}

/** One analysis: its parameters, then its quote (price, ε, accuracy), then paying for it. */
export function AnalysisPage() {
  const { analysis = '' } = useParams<{ analysis: string }>();
  const { key } = useSeller();
  const t = useT();
  const catalogue = useQuery({
    queryKey: CATALOGUE_QUERY,
    queryFn: ({ signal }) => getCatalogue(key, signal),
  });
  const item = catalogue.data?.find((i) => i.analysis === analysis);
  return (
    <Page
      title={item ? analysisTitle(t, item.analysis, item.title) : t('salesperson.analysis.title')}
      intro={item && analysisDescription(t, item.analysis, item.description)}
    >
      <ProblemNotice error={catalogue.error} title={t('salesperson.analytics.loadFailed')} />
      {catalogue.isPending && <Loading label={t('salesperson.analysis.loading')} rows={3} />}
      {catalogue.data && !item && (
        <Notice tone="warning" title={t('salesperson.analysis.missing')}>
          <p>
            {t.rich('salesperson.analysis.missingText', {
              link: (chunks) => <Link href="/analytics">{chunks}</Link>,
            })}
          </p>
        </Notice>
      )}
      {item && <AnalysisForm item={item} />}
    </Page>
  );
}

function AnalysisForm(props: { item: CatalogueItem }) {
  const { item } = props;
  const { key } = useSeller();
  const t = useT();
  const marketCurrency = useMarketCurrency();
  const [draft, setDraft] = useState<Draft>(() => ({
    kind: '',
    attribute: item.attribute === 'number' ? 'price' : '',
    granularity: 'week',
    currency: '',
    ...lastClosedRange('week', utcToday(new Date())),
  }));
  // Until the seller picks dates, they follow the granularity: the last ended periods of it.
  const [datesChosen, setDatesChosen] = useState(false);
  const [checked, setChecked] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const quoteBox = useRef<HTMLDivElement>(null);
  const kinds = useKinds();
  // The chosen kind is read afresh: the operator may have extended its schema since the list.
  const kind = useQuery({
    queryKey: [SELL_QUERY, 'kinds', draft.kind],
    queryFn: () => api<Kind>('GET', `/kinds/${encodeURIComponent(draft.kind)}`),
    enabled: draft.kind !== '',
  });
  const quote = useMutation({
    mutationFn: (parameters: AnalysisParameters) => askQuote(key, item.analysis, parameters),
  });
  useFocusFirstInvalid(form, attempt, quote.error);
  useEffect(() => {
    if (quote.data) quoteBox.current?.focus();
  }, [quote.data]);
  useEffect(() => {
    if (marketCurrency) setDraft((d) => (d.currency ? d : { ...d, currency: marketCurrency }));
  }, [marketCurrency]);

  const choices = attributeChoices(t, item.attribute, kind.data);
  const refused = refusalErrors(t, quote.error);
  const errors = hasErrors(checked) ? checked : refused;
  const change = (patch: Partial<Draft>) => {
    quote.reset();
    setChecked({});
    setDraft((d) => ({ ...d, ...patch }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    quote.reset();
    const read = readDraft(t, draft, item.attribute, kind.data, marketCurrency);
    setChecked(read.errors);
    if (read.parameters) quote.mutate(read.parameters);
    else setAttempt((n) => n + 1);
  };

  const generalRefusal = quote.error && !hasErrors(refused) ? quote.error : null;
  return (
    <>
      <dl className="analysis-terms panel">
        <div>
          <dt>{t('salesperson.analysis.price')}</dt>
          <dd>{formatMoney(item.price, item.currency)}</dd>
        </div>
        <div>
          <dt>{t('salesperson.analysis.budget')}</dt>
          <dd>
            {t.rich('salesperson.analysis.budgetUnlessKept', {
              epsilon: <EpsilonText epsilon={item.epsilon} />,
            })}
          </dd>
        </div>
      </dl>
      <form
        ref={form}
        className="panel analysis-form"
        noValidate
        onSubmit={submit}
        aria-labelledby="parameters-title"
      >
        <h2 id="parameters-title">{t('salesperson.analysis.parameters')}</h2>
        {hasErrors(errors) && (
          <Notice tone="error" title={t('salesperson.analysis.noQuote')}>
            <p>{t('salesperson.analysis.correctFields')}</p>
          </Notice>
        )}
        {generalRefusal && <QuoteRefusal error={generalRefusal} />}
        <ProblemNotice error={kinds.error} title={t('salesperson.analysis.kindsFailed')} />
        <div className="grid">
          <Field
            label={t('salesperson.analysis.kind')}
            hint={<KindDescription kind={kind.data} otherwise={t('salesperson.analysis.kindHint')} />}
            error={errors.kind}
          >
            {(control) => (
              <select
                {...control}
                required
                value={draft.kind}
                disabled={!kinds.data}
                onChange={(e) =>
                  change({ kind: e.target.value, attribute: item.attribute === 'number' ? 'price' : '' })
                }
              >
                <option value="">
                  {kinds.data ? t('salesperson.analysis.choose') : t('salesperson.analysis.loadingKinds')}
                </option>
                <KindOptions kinds={kinds.data?.kinds ?? []} />
              </select>
            )}
          </Field>
          {item.attribute !== 'none' && (
            <Field
              label={t(ATTRIBUTE_WORDS[item.attribute].label)}
              hint={t(ATTRIBUTE_WORDS[item.attribute].hint)}
              error={errors.attribute}
            >
              {(control) => (
                <select
                  {...control}
                  required={item.attribute === 'enum'}
                  value={draft.attribute}
                  disabled={!kind.data}
                  onChange={(e) => change({ attribute: e.target.value })}
                >
                  {item.attribute !== 'number' && (
                    <option value="">
                      {!kind.data
                        ? t('salesperson.analysis.kindFirst')
                        : item.attribute === 'enum'
                          ? t('salesperson.analysis.choose')
                          : t('salesperson.analysis.none')}
                    </option>
                  )}
                  {choices.map((c) => (
                    <ShownOption key={c.value} value={c.value} shown={c.shown} />
                  ))}
                </select>
              )}
            </Field>
          )}
        </div>
        <div className="grid">
          <Field
            label={t('salesperson.analysis.periods')}
            hint={t('salesperson.analysis.periodsHint')}
            error={errors.granularity}
          >
            {(control) => (
              <select
                {...control}
                value={draft.granularity}
                onChange={(e) => {
                  const granularity = e.target.value as Granularity;
                  change({
                    granularity,
                    ...(datesChosen ? {} : lastClosedRange(granularity, utcToday(new Date()))),
                  });
                }}
              >
                {(Object.keys(GRANULARITY_NAMES) as Granularity[]).map((g) => (
                  <option key={g} value={g}>
                    {t(GRANULARITY_NAMES[g])}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label={t('salesperson.analysis.from')}
            hint={t('salesperson.analysis.fromHint')}
            error={errors.from}
          >
            {(control) => (
              <input
                {...control}
                type="date"
                required
                value={draft.from}
                onChange={(e) => {
                  setDatesChosen(true);
                  change({ from: e.target.value });
                }}
              />
            )}
          </Field>
          <Field
            label={t('salesperson.analysis.to')}
            hint={t('salesperson.analysis.toHint')}
            error={errors.to}
          >
            {(control) => (
              <input
                {...control}
                type="date"
                required
                value={draft.to}
                onChange={(e) => {
                  setDatesChosen(true);
                  change({ to: e.target.value });
                }}
              />
            )}
          </Field>
          <Field
            label={t('salesperson.analysis.currency')}
            hint={t('salesperson.analysis.currencyHint')}
            error={errors.currency}
          >
            {(control) => (
              <input
                {...control}
                maxLength={3}
                autoComplete="off"
                className="mono"
                value={draft.currency}
                onChange={(e) => change({ currency: e.target.value })}
              />
            )}
          </Field>
        </div>
        <Button type="submit" variant="primary" busy={quote.isPending}>
          {t('salesperson.analysis.getQuote')}
        </Button>
      </form>
      <div ref={quoteBox} tabIndex={-1} className="focus-target">
        {quote.data && (
          <QuotePanel
            quote={quote.data}
            kind={kinds.data?.kinds.find((k) => k.id === quote.data.parameters.kind)}
            onRequote={() => form.current?.requestSubmit()}
          />
        )}
      </div>
    </>
  );
}

const ATTRIBUTE_WORDS: Record<Exclude<AttributeUse, 'none'>, { label: MessageId; hint: MessageId }> = {
  enum: { label: 'salesperson.analysis.attribute.enum', hint: 'salesperson.analysis.attribute.enumHint' },
  number: {
    label: 'salesperson.analysis.attribute.number',
    hint: 'salesperson.analysis.attribute.numberHint',
  },
  optional: {
    label: 'salesperson.analysis.attribute.optional',
    hint: 'salesperson.analysis.attribute.optionalHint',
  },
};

/** The parameters of a draft, or the errors of its fields. */
function readDraft(
  t: Translate,
  draft: Draft,
  use: AttributeUse,
  kind: Kind | undefined,
  marketCurrency: string | undefined,
): { parameters?: AnalysisParameters; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!draft.kind || !kind) errors.kind = t('salesperson.analysis.kindMissing');
  else if (use === 'enum' && !draft.attribute)
    errors.attribute = attributeChoices(t, 'enum', kind).length
      ? t('salesperson.analysis.attributeMissing')
      : t('salesperson.analysis.noEnumAttribute', { kind: kindName(kind) });
  if (!DAY.test(draft.from)) errors.from = t('salesperson.analysis.fromMissing');
  if (!DAY.test(draft.to)) errors.to = t('salesperson.analysis.toMissing');
  else if (DAY.test(draft.from) && draft.to < draft.from) errors.to = t('salesperson.analysis.rangeReversed');
  // Left empty, the market counts prices in its own currency.
  const currency = draft.currency.trim()
    ? readCurrency(t, draft.currency)
    : { value: marketCurrency, error: undefined };
  if (currency.error !== undefined) errors.currency = currency.error;
  if (hasErrors(errors)) return { errors };
  return {
    errors,
    parameters: {
      kind: draft.kind,
      granularity: draft.granularity,
      from: draft.from,
      to: draft.to,
      ...(currency.value && { currency: currency.value }),
      ...(draft.attribute && use !== 'none' && { attribute: draft.attribute }),
    },
  };
}

/** The market's refusals that belong to a field, said next to it. */
function refusalErrors(t: Translate, error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const { problem } = error;
  switch (problem.code) {
    case 'kind_not_found':
      return { kind: t('salesperson.analysis.kindGone') };
    case 'invalid_attribute':
      return { attribute: sentence(problem.detail ?? problem.title) };
    case 'range_reversed':
      return { to: t('salesperson.analysis.rangeReversed') };
    case 'range_not_closed':
      return { to: t('salesperson.analysis.rangeNotClosed', { day: String(problem.lastClosedDay) }) };
    case 'range_too_long':
      return { from: sentence(problem.title) };
  }
  const fields: FieldErrors = {};
  for (const e of problem.errors ?? []) {
    const field = e.path?.replace(/^parameters\./, '');
    if (field && FIELDS.includes(field) && !fields[field]) fields[field] = sentence(e.message);
  }
  return fields;
}

/** A refusal of the quote as a whole: chiefly a privacy budget that cannot pay for a new release. */
function QuoteRefusal(props: { error: unknown }) {
  const t = useT();
  if (props.error instanceof ApiError && props.error.code === 'over_budget') {
    return (
      <Notice tone="error" title={t('salesperson.analysis.budgetSpent')}>
        <p>{props.error.problem.detail}</p>
        <p>{t('salesperson.analysis.budgetSpentHint')}</p>
      </Notice>
    );
  }
  return <ProblemNotice error={props.error} title={t('salesperson.analysis.quoteFailed')} />;
}
