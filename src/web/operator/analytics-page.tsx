import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useFocusFirstInvalid } from '../app/forms.ts';
import { amountText, parseMoney } from '../app/money.ts';
import { useMarketCurrency } from '../app/terminal-config.ts';
import { Button, Empty, Field, Loading, Notice, Page, ProblemNotice, TableScroll } from '../app/ui.tsx';
import type { Seller } from './api-types.ts';
import { CheckboxField } from './checkbox-field.tsx';
import {
  type FieldErrors,
  type FormProblem,
  FormProblemNotice,
  generalMessage,
  noProblem,
  schemaErrors,
} from './form-feedback.tsx';
import { formatDateTime } from './format.ts';
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

/** "sales-volume" → "Sales volume": the analyses as the seller's catalogue names them. */
const analysisName = (id: string) => {
  const words = id.replaceAll('-', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const EPSILON = /^\d{1,2}(\.\d{1,6})?$/;
const BUDGET = /^\d{1,3}(\.\d{1,6})?$/;

/** Prices and ε per analysis, the privacy budgets and what was spent of them, and every release. */
export function AnalyticsPage() {
  return (
    <Page
      title="Analytics"
      intro="What sellers pay for each analysis and the privacy loss (ε) it may spend, the monthly budgets that bound it, what has been spent, and the log of every report given."
    >
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
function readDraft(draft: Draft, currency: string): { body?: Settings; fields: FieldErrors } {
  const fields: FieldErrors = {};
  const analyses = draft.analyses.map((a, i) => {
    const price = parseMoney(a.price, currency);
    if (price === null)
      fields[`analyses.${i}.price`] = `Enter an amount such as ${amountText(1000, currency)}.`;
    const epsilon = a.epsilon.trim();
    if (!EPSILON.test(epsilon))
      fields[`analyses.${i}.epsilon`] = 'Enter ε as a number such as 0.5, at most 6 decimals.';
    else if (Number(epsilon) === 0) fields[`analyses.${i}.epsilon`] = 'ε must be above 0.';
    return { analysis: a.analysis, price: price ?? 0, epsilon };
  });
  const budget = (key: 'globalBudget' | 'sellerBudget') => {
    const value = draft[key].trim();
    if (!BUDGET.test(value)) fields[key] = 'Enter ε as a number such as 10, at most 6 decimals.';
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
  const currency = useMarketCurrency();
  const settings = useQuery({
    queryKey: SETTINGS_QUERY,
    queryFn: ({ signal }) => call<Settings>('GET', '/operator/analytics/settings', { signal }),
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<FormProblem>(noProblem);
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const savedNotice = useRef<HTMLDivElement>(null);
  useFocusFirstInvalid(form, attempt);
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
    onError: (error) => {
      const fields = schemaErrors(error);
      setProblem({
        fields,
        general: Object.keys(fields).length ? null : generalMessage(error),
      });
      setAttempt((n) => n + 1);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft || !currency) return;
    setSaved(false);
    const read = readDraft(draft, currency);
    setProblem({ fields: read.fields, general: null });
    if (read.body) save.mutate(read.body);
    else setAttempt((n) => n + 1);
  };
  const edit = (change: (d: Draft) => Draft) => {
    setSaved(false);
    setDraft((d) => d && change(d));
  };
  const setAnalysis = (i: number, field: 'price' | 'epsilon', value: string) =>
    edit((d) => ({ ...d, analyses: d.analyses.map((a, j) => (j === i ? { ...a, [field]: value } : a)) }));
  const errors = problem.fields;

  return (
    <section className="panel" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Prices and budgets</h2>
      <ProblemNotice error={settings.error} title="The settings could not be read" />
      {(settings.isPending || (settings.data && !draft)) && <Loading label="Loading the settings" rows={3} />}
      <div ref={savedNotice} tabIndex={-1} className="focus-target">
        {saved && <Notice tone="success">Saved. New quotes use these prices and ε.</Notice>}
      </div>
      {draft && currency && (
        <form ref={form} onSubmit={submit} noValidate>
          <FormProblemNotice problem={problem} title="The settings were not saved" />
          <TableScroll className="analytics-prices" label="Price and ε per analysis">
            <table>
              <caption className="visually-hidden">Price and ε per analysis</caption>
              <thead>
                <tr>
                  <th scope="col">Analysis</th>
                  <th scope="col">Price ({currency})</th>
                  <th scope="col">ε per report</th>
                </tr>
              </thead>
              <tbody>
                {draft.analyses.map((a, i) => (
                  <tr key={a.analysis}>
                    <th scope="row">{analysisName(a.analysis)}</th>
                    <td>
                      <Field
                        label={<span className="visually-hidden">Price of {analysisName(a.analysis)}</span>}
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
                        label={<span className="visually-hidden">ε of {analysisName(a.analysis)}</span>}
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
          <p className="hint">
            A smaller ε adds more noise: more private, less accurate. A report bought again spends no ε.
          </p>
          <h3 className="subheading">Privacy budgets, per month of data</h3>
          <div className="grid">
            <Field
              label="Market budget (ε)"
              hint="The most all reports together may spend on one month of data."
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
              label="Budget per seller (ε)"
              hint="The most one seller’s reports may spend on one month of data."
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
          <p className="hint">
            Lowered under what a month has spent, the budget closes that month to new reports.
          </p>
          <CheckboxField
            label="Exports"
            hint="Let sellers export the sales history and purchaser preferences of a kind row by row: ended days only, no order, search or purchaser. Exports are not differentially private."
            checked={draft.exportsEnabled}
            onChange={(exportsEnabled) => edit((d) => ({ ...d, exportsEnabled }))}
          />
          <Button type="submit" variant="primary" busy={save.isPending}>
            Save settings
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
      <h2 id="budget-heading">Budget spent</h2>
      <Field
        label="Up to the month"
        hint={`Shows it and the ${MONTHS_SHOWN - 1} months before it (UTC).`}
        className="month-field"
      >
        {(control) => (
          <input {...control} type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        )}
      </Field>
      <ProblemNotice error={budget.error} title="What was spent could not be read" />
      {budget.isPending && months.length > 0 && <Loading label="Reading the budgets" rows={2} />}
      {budget.data && (
        <ul className="budget-months">
          {budget.data.months.map((m) => (
            <li key={m.month} className="budget-month">
              <h3 className="subheading">{m.month}</h3>
              <BudgetMeter label="Market" spent={m.marketSpent} budget={budget.data.globalBudget} />
              {m.sellers.length === 0 ? (
                <p className="muted">No seller has spent any of this month.</p>
              ) : (
                <ul className="budget-sellers" aria-label={`Sellers’ spending in ${m.month}`}>
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
  return (
    <div className="budget-meter">
      <p>
        <span className="budget-who">{props.label}</span>{' '}
        <span>
          ε {props.spent} of {props.budget}
          {spent >= budget && <strong> · spent: closed to new reports</strong>}
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
  const sellerName = useSellerNames();
  const kinds = useKinds();
  const kindName = (id: unknown) => kinds.data?.find((k) => k.id === id)?.name ?? id;
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
      <h2 id="audit-heading">Audit log</h2>
      <p className="muted">
        Every report given to a seller, newest first: who, which analysis and data, and the ε it spent.
      </p>
      <ProblemNotice error={audit.error} title="The audit log could not be read" />
      {audit.isPending ? (
        <Loading label="Reading the audit log" rows={2} />
      ) : list.length === 0 && !audit.error ? (
        <Empty title="No report given yet" />
      ) : (
        <TableScroll label="Audit log, table">
          <table>
            <caption className="visually-hidden">Reports given, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Seller</th>
                <th scope="col">Analysis</th>
                <th scope="col" className="number">
                  ε spent
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
                      {describeAudited({ ...entry.parameters, kind: kindName(entry.parameters.kind) })}
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
          Show older entries
        </Button>
      )}
    </section>
  );
}

/** A report's parameters in one line: kind, periods, range, attribute, currency. */
const describeAudited = (p: Record<string, unknown>) =>
  [
    p.kind,
    p.granularity && `by ${p.granularity}`,
    p.from && p.to && `${p.from} – ${p.to}`,
    p.attribute,
    p.currency,
  ]
    .filter((v) => typeof v === 'string' && v)
    .join(', ');
