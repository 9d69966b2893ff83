import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { analysisTitle } from '../app/analytics-names.ts';
import { amountText, parseMoney } from '../app/money.ts';
import { Label } from '../app/shown-text.tsx';
import { useMarketCurrency } from '../app/terminal-config.ts';
import { Button, Empty, Field, Loading, Notice, Page, ProblemNotice, TableScroll } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { Seller } from './api-types.ts';
import { CheckboxField } from './checkbox-field.tsx';
import { type FieldErrors, FormProblemNotice, refusalProblem, useFormProblem } from './form-feedback.tsx';
import { formatDateTime, type Translate } from './format.ts';
import { useKinds } from './kind-queries.ts';
import { OPERATOR_QUERY, useOperator } from './operator-session.tsx';

/** The analytics settings as the market answers and takes them (src/market/analytics/routes.ts). */
interface Settings {
  analyses: { analysis: string; price: number; epsilon: string }[];
  globalBudget: string;
  sellerBudget: string;
  exportsEnabled: boolean;
}

interface Budget {
  globalBudget: string;
  sellerBudget: string;
  months: { month: string; marketSpent: string; sellers: { sellerId: string; spent: string }[] }[];
}

interface AuditEntry {
  sellerId: string;
  reportId: string;
  releaseId: string;
  analysis: string;
  parameters: Record<string, unknown>;
  epsilon: string;
  at: string;
}

const SETTINGS_QUERY = [OPERATOR_QUERY, 'analytics', 'settings'] as const;
const AUDIT_PAGE = 50;
const MONTHS_SHOWN = 3;

/** An analysis by its title, as the seller's catalogue names it; its ID in words for one this terminal does not know. */
const useAnalysisName = () => {
  const t = useT();
  return (id: string) => {
    const words = id.replaceAll('-', ' ');
    return analysisTitle(t, id, words.charAt(0).toUpperCase() + words.slice(1));
  };
};

const EPSILON = /^\d{1,2}(\.\d{1,6})?$/;
const BUDGET = /^\d{1,3}(\.\d{1,6})?$/;

/** Prices and ε per analysis, the privacy budgets and what was spent of them, and every release. */
export function AnalyticsPage() {
  const t = useT();
  return (
    <Page title={t('operator.analytics.title')} intro={t('operator.analytics.intro')}>
      <SettingsForm />
      <BudgetSpent />
      <AuditLog />
    </Page>
  );
}

interface Draft {
  analyses: { analysis: string; price: string; epsilon: string }[];
  globalBudget: string;
  sellerBudget: string;
  exportsEnabled: boolean;
}

const draftOf = (settings: Settings, currency: string): Draft => ({
  analyses: settings.analyses.map((a) => ({
    analysis: a.analysis,
    price: amountText(a.price, currency),
    epsilon: a.epsilon,
  })),
  globalBudget: settings.globalBudget,
  sellerBudget: settings.sellerBudget,
  exportsEnabled: settings.exportsEnabled,
});

/** The body of a draft, or the errors of its fields, keyed by the paths the market names them by. */
function readDraft(draft: Draft, currency: string, t: Translate): { body?: Settings; fields: FieldErrors } {
  const fields: FieldErrors = {};
  const analyses = draft.analyses.map((a, i) => {
    const price = parseMoney(a.price, currency);
    if (price === null)
      fields[`analyses.${i}.price`] = t('operator.analytics.priceInvalid', {
        example: amountText(1000, currency),
      });
    const epsilon = a.epsilon.trim();
    if (!EPSILON.test(epsilon)) fields[`analyses.${i}.epsilon`] = t('operator.analytics.epsilonInvalid');
    else if (Number(epsilon) === 0) fields[`analyses.${i}.epsilon`] = t('operator.analytics.epsilonZero');
    return { analysis: a.analysis, price: price ?? 0, epsilon };
  });
  const budget = (key: 'globalBudget' | 'sellerBudget') => {
    const value = draft[key].trim();
    if (!BUDGET.test(value)) fields[key] = t('operator.analytics.budgetInvalid');
    return value;
  };
  const body = {
    analyses,
    globalBudget: budget('globalBudget'),
    sellerBudget: budget('sellerBudget'),
    exportsEnabled: draft.exportsEnabled,
  };
  return Object.keys(fields).length ? { fields } : { body, fields };
}

function SettingsForm() {
  const { call } = useOperator();
  const queries = useQueryClient();
  const t = useT();
  const analysisName = useAnalysisName();
  const currency = useMarketCurrency();
  const settings = useQuery({
    queryKey: SETTINGS_QUERY,
    queryFn: ({ signal }) => call<Settings>('GET', '/operator/analytics/settings', { signal }),
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  const { form, problem, errors, fail, clear } = useFormProblem();
  const [saved, setSaved] = useState(false);
  const savedNotice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (settings.data && currency && !draft) setDraft(draftOf(settings.data, currency));
  }, [settings.data, currency, draft]);
  useEffect(() => {
    if (saved) savedNotice.current?.focus();
  }, [saved]);

  const save = useMutation({
    mutationFn: (body: Settings) => call<Settings>('PUT', '/operator/analytics/settings', { body }),
    onSuccess: (answer) => {
      queries.setQueryData(SETTINGS_QUERY, answer);
      void queries.invalidateQueries({ queryKey: [OPERATOR_QUERY, 'analytics', 'budget'] });
      if (currency) setDraft(draftOf(answer, currency));
      setSaved(true);
    },
    onError: (error) => fail(refusalProblem(error, t)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft || !currency) return;
    setSaved(false);
    const read = readDraft(draft, currency, t);
    if (!read.body) return fail({ fields: read.fields, general: null });
    clear();
    save.mutate(read.body);
  };
  const edit = (change: (d: Draft) => Draft) => {
    setSaved(false);
    setDraft((d) => d && change(d));
  };
  const setAnalysis = (i: number, field: 'price' | 'epsilon', value: string) =>
    edit((d) => ({ ...d, analyses: d.analyses.map((a, j) => (j === i ? { ...a, [field]: value } : a)) }));

  return (
    <section className="panel" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('operator.analytics.settings.title')}</h2>
      <ProblemNotice error={settings.error} title={t('operator.analytics.settings.readFailed')} />
      {(settings.isPending || (settings.data && !draft)) && (
        <Loading label={t('operator.analytics.settings.loading')} rows={3} />
      )}
      <div ref={savedNotice} tabIndex={-1} className="focus-target">
        {saved && <Notice tone="success">{t('operator.analytics.settings.saved')}</Notice>}
      </div>
      {draft && currency && (
        <form ref={form} onSubmit={submit} noValidate>
          <FormProblemNotice problem={problem} title={t('operator.analytics.settings.failed')} />
          <TableScroll className="analytics-prices" label={t('operator.analytics.prices.caption')}>
            <table>
              <caption className="visually-hidden">{t('operator.analytics.prices.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('operator.analytics.prices.analysis')}</th>
                  <th scope="col">{t('operator.analytics.prices.price', { currency })}</th>
                  <th scope="col">{t('operator.analytics.prices.epsilon')}</th>
                </tr>
              </thead>
              <tbody>
                {draft.analyses.map((a, i) => (
                  <tr key={a.analysis}>
                    <th scope="row">{analysisName(a.analysis)}</th>
                    <td>
                      <Field
                        label={
                          <span className="visually-hidden">
                            {t('operator.analytics.prices.priceOf', { analysis: analysisName(a.analysis) })}
                          </span>
                        }
                        error={errors[`analyses.${i}.price`]}
                      >
                        {(control) => (
                          <input
                            {...control}
                            inputMode="decimal"
                            autoComplete="off"
                            value={a.price}
                            onChange={(e) => setAnalysis(i, 'price', e.target.value)}
                          />
                        )}
                      </Field>
                    </td>
                    <td>
                      <Field
                        label={
                          <span className="visually-hidden">
                            {t('operator.analytics.prices.epsilonOf', { analysis: analysisName(a.analysis) })}
                          </span>
                        }
                        error={errors[`analyses.${i}.epsilon`]}
                      >
                        {(control) => (
                          <input
                            {...control}
                            inputMode="decimal"
                            autoComplete="off"
                            value={a.epsilon}
                            onChange={(e) => setAnalysis(i, 'epsilon', e.target.value)}
                          />
                        )}
                      </Field>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <p className="hint">{t('operator.analytics.prices.hint')}</p>
          <h3 className="subheading">{t('operator.analytics.budgets.title')}</h3>
          <div className="grid">
            <Field
              label={t('operator.analytics.budgets.market')}
              hint={t('operator.analytics.budgets.marketHint')}
              error={errors.globalBudget}
            >
              {(control) => (
                <input
                  {...control}
                  inputMode="decimal"
                  autoComplete="off"
                  value={draft.globalBudget}
                  onChange={(e) => edit((d) => ({ ...d, globalBudget: e.target.value }))}
                />
              )}
            </Field>
            <Field
              label={t('operator.analytics.budgets.seller')}
              hint={t('operator.analytics.budgets.sellerHint')}
              error={errors.sellerBudget}
            >
              {(control) => (
                <input
                  {...control}
                  inputMode="decimal"
                  autoComplete="off"
                  value={draft.sellerBudget}
                  onChange={(e) => edit((d) => ({ ...d, sellerBudget: e.target.value }))}
                />
              )}
            </Field>
          </div>
          <p className="hint">{t('operator.analytics.budgets.lowered')}</p>
          <CheckboxField
            label={t('operator.analytics.exports')}
            hint={t('operator.analytics.exportsHint')}
            checked={draft.exportsEnabled}
            onChange={(exportsEnabled) => edit((d) => ({ ...d, exportsEnabled }))}
          />
          <Button type="submit" variant="primary" busy={save.isPending}>
            {t('operator.analytics.settings.submit')}
          </Button>
        </form>
      )}
    </section>
  );
}

/** YYYY-MM of `month` and the months before it, newest first. */
export function monthsUpTo(month: string, count: number): string[] {
  const [year = 0, m = 1] = month.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, m - 1 - i, 1));
    return d.toISOString().slice(0, 7);
  });
}

function useSellerNames() {
  const { call } = useOperator();
  const sellers = useQuery({
    queryKey: [OPERATOR_QUERY, 'sellers'],
    queryFn: ({ signal }) =>
      call<{ sellers: Seller[] }>('GET', '/operator/sellers', { signal }).then((r) => r.sellers),
  });
  return (id: string) => sellers.data?.find((s) => s.id === id)?.name ?? id;
}

function BudgetSpent() {
  const { call } = useOperator();
  const t = useT();
  const [month, setMonth] = useState(() => new Date().toISOString().slice(0, 7));
  const months = /^\d{4}-\d{2}$/.test(month) ? monthsUpTo(month, MONTHS_SHOWN) : [];
  const sellerName = useSellerNames();
  const budget = useQuery({
    queryKey: [OPERATOR_QUERY, 'analytics', 'budget', months.join(',')],
    queryFn: ({ signal }) =>
      call<Budget>('GET', `/operator/analytics/budget?months=${months.join(',')}`, { signal }),
    enabled: months.length > 0,
  });
  return (
    <section className="panel" aria-labelledby="budget-heading">
      <h2 id="budget-heading">{t('operator.analytics.spent.title')}</h2>
      <Field
        label={t('operator.analytics.spent.month')}
        hint={t('operator.analytics.spent.monthHint', { count: MONTHS_SHOWN - 1 })}
        className="month-field"
      >
        {(control) => (
          <input {...control} type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        )}
      </Field>
      <ProblemNotice error={budget.error} title={t('operator.analytics.spent.readFailed')} />
      {budget.isPending && months.length > 0 && (
        <Loading label={t('operator.analytics.spent.loading')} rows={2} />
      )}
      {budget.data && (
        <ul className="budget-months">
          {budget.data.months.map((m) => (
            <li key={m.month} className="budget-month">
              <h3 className="subheading">{m.month}</h3>
              <BudgetMeter
                label={t('operator.analytics.spent.market')}
                spent={m.marketSpent}
                budget={budget.data.globalBudget}
              />
              {m.sellers.length === 0 ? (
                <p className="muted">{t('operator.analytics.spent.noSeller')}</p>
              ) : (
                <ul
                  className="budget-sellers"
                  aria-label={t('operator.analytics.spent.sellers', { month: m.month })}
                >
                  {m.sellers.map((s) => (
                    <li key={s.sellerId}>
                      <BudgetMeter
                        label={sellerName(s.sellerId)}
                        spent={s.spent}
                        budget={budget.data.sellerBudget}
                      />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function BudgetMeter(props: { label: string; spent: string; budget: string }) {
  const spent = Number(props.spent);
  const budget = Number(props.budget);
  const full = budget > 0 ? Math.min(1, spent / budget) : 1;
  const t = useT();
  return (
    <div className="budget-meter">
      <p>
        <span className="budget-who">{props.label}</span>{' '}
        <span>
          {spent >= budget
            ? t.rich('operator.analytics.meter.closed', {
                spent: props.spent,
                budget: props.budget,
                b: (chunks: ReactNode[]) => <strong>{chunks}</strong>,
              })
            : t('operator.analytics.meter.spent', { spent: props.spent, budget: props.budget })}
        </span>
      </p>
      <div className="budget-bar" aria-hidden="true">
        <div className={spent >= budget ? 'full' : undefined} style={{ width: `${full * 100}%` }} />
      </div>
    </div>
  );
}

function AuditLog() {
  const { call } = useOperator();
  const t = useT();
  const analysisName = useAnalysisName();
  const sellerName = useSellerNames();
  const kinds = useKinds();
  const kindName = (id: unknown): ReactNode => {
    const kind = kinds.data?.find((k) => k.id === id);
    return kind ? <Label text={kind.names} /> : typeof id === 'string' && id;
  };
  const audit = useInfiniteQuery({
    queryKey: [OPERATOR_QUERY, 'analytics', 'audit'],
    queryFn: ({ pageParam, signal }) =>
      call<{ items: AuditEntry[]; nextCursor: string | null }>(
        'GET',
        `/operator/analytics/audit?limit=${AUDIT_PAGE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
        { signal },
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const list = audit.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="panel" aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t('operator.analytics.audit.title')}</h2>
      <p className="muted">{t('operator.analytics.audit.intro')}</p>
      <ProblemNotice error={audit.error} title={t('operator.analytics.audit.readFailed')} />
      {audit.isPending ? (
        <Loading label={t('operator.analytics.audit.loading')} rows={2} />
      ) : list.length === 0 && !audit.error ? (
        <Empty title={t('operator.analytics.audit.empty')} />
      ) : (
        <TableScroll label={t('operator.analytics.audit.tableLabel')}>
          <table>
            <caption className="visually-hidden">{t('operator.analytics.audit.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('operator.analytics.audit.when')}</th>
                <th scope="col">{t('operator.analytics.audit.seller')}</th>
                <th scope="col">{t('operator.analytics.audit.analysis')}</th>
                <th scope="col" className="number">
                  {t('operator.analytics.audit.epsilon')}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((entry) => (
                <tr key={`${entry.reportId}-${entry.at}`}>
                  <td>
                    <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                  </td>
                  <td>{sellerName(entry.sellerId)}</td>
                  <td>
                    {analysisName(entry.analysis)}
                    <p className="muted cell-note">
                      {kindName(entry.parameters.kind)}
                      {describeAudited(entry.parameters, t).map((part) => `, ${part}`)}
                    </p>
                  </td>
                  <td className="number">{entry.epsilon}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {audit.hasNextPage && (
        <Button busy={audit.isFetchingNextPage} onClick={() => audit.fetchNextPage()}>
          {t('operator.analytics.audit.older')}
        </Button>
      )}
    </section>
  );
}

/** A report's parameters after its kind, each to follow a comma: periods, range, attribute, currency. */
const describeAudited = (p: Record<string, unknown>, t: Translate) =>
  [
    p.granularity && t('operator.analytics.audit.by', { granularity: String(p.granularity) }),
    p.from && p.to && t('operator.analytics.audit.range', { from: String(p.from), to: String(p.to) }),
    p.attribute,
    p.currency,
  ].filter((v): v is string => typeof v === 'string' && v !== '');
