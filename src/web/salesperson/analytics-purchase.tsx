import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { measureName } from '../app/analytics-names.ts';
import { ApiError } from '../app/api.ts';
import { newAttemptKey } from '../app/attempt-key.ts';
import { CardFields, type CardKind, cardKinds, checkCard, useCardEntry } from '../app/card-fields.tsx';
import { focusElement } from '../app/focus.ts';
import { formatMoney } from '../app/money.ts';
import type { Translate } from '../app/translate.ts';
import { Button, Notice, ProblemNotice } from '../app/ui.tsx';
import { activeLocale, useT } from '../i18n/i18n.tsx';
import { ANALYTICS_QUERY, type AnalyticsQuote, buyReport, type PaymentSource } from './analytics-api.ts';
import { conditionLabel } from './analytics-figures.ts';
import { EpsilonText } from './analytics-words.tsx';
import { localTime } from './order-state.tsx';
import { useSeller } from './seller-session.tsx';
import { getPayable, PAYABLE_QUERY } from './shipment-api.ts';
import type { Kind } from './types.ts';

type Method = 'payable' | CardKind;

const methods = (t: Translate): Record<Method, string> => {
  const cards = cardKinds(t);
  return {
    payable: t('salesperson.purchase.payableBalance'),
    prepaid: cards.prepaid.name,
    credit: cards.credit.name,
  };
};

/** No answer, or the market failed while answering with no word that nothing was charged. */
const outcomeUnknown = (error: ApiError) =>
  error.status === 0 ||
  (error.status >= 500 && !['settlement_unavailable', 'analysis_failed'].includes(error.code));

/** A refusal after which this quote cannot be paid: a new one must be asked for. */
const closed = (failure: unknown) =>
  failure instanceof ApiError &&
  ['payment_declined', 'quote_expired', 'report_not_quoted'].includes(failure.code);

/** The quote (price, ε, accuracy, until when it holds) and paying for it. */
export function QuotePanel(props: { quote: AnalyticsQuote; kind: Kind | undefined; onRequote: () => void }) {
  const { quote } = props;
  const t = useT();
  const attribute = quote.parameters.attribute;
  const about = typeof attribute === 'string' ? conditionLabel(t, props.kind, attribute) : undefined;
  const price = formatMoney(quote.price, quote.currency);
  return (
    <section className="panel quote-panel" aria-labelledby="quote-title">
      <h2 id="quote-title">{t('salesperson.purchase.quote')}</h2>
      <dl className="quote-facts">
        <div>
          <dt>{t('salesperson.purchase.price')}</dt>
          <dd className="amount" data-testid="quote-price">
            {price}
          </dd>
        </div>
        <div>
          <dt>{t('salesperson.purchase.budgetSpent')}</dt>
          <dd>
            {quote.kept ? t('salesperson.purchase.budgetKept') : <EpsilonText epsilon={quote.epsilon} />}
          </dd>
        </div>
        <div>
          <dt>{t('salesperson.purchase.holdsUntil')}</dt>
          <dd>
            <time dateTime={quote.quoteExpiresAt}>{localTime(quote.quoteExpiresAt)}</time>
          </dd>
        </div>
      </dl>
      <h3 className="quote-subtitle">{t('salesperson.purchase.accuracy')}</h3>
      <p className="hint">{t('salesperson.purchase.accuracyHint')}</p>
      <ul className="accuracy-list">
        {quote.accuracy.map((a) => (
          <li key={a.name}>
            {t.rich('salesperson.purchase.accuracyOf', {
              label: measureName(t, quote.analysis, a, about),
              accuracy: a.accuracy95.toLocaleString(activeLocale()),
              b: (chunks) => <strong>{chunks}</strong>,
            })}
          </li>
        ))}
      </ul>
      <PaymentForm quote={quote} price={price} onRequote={props.onRequote} />
    </section>
  );
}

function PaymentForm(props: { quote: AnalyticsQuote; price: string; onRequote: () => void }) {
  const { quote } = props;
  const { key } = useSeller();
  const t = useT();
  const queries = useQueryClient();
  const [, navigate] = useLocation();
  const radioName = useId();
  const [method, setMethod] = useState<Method>('payable');
  const { entry, errors, setErrors, change, clear } = useCardEntry();
  const [failure, setFailure] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const inFlight = useRef(false);
  // The purchase whose answer never came, sent again as it was and with the same
  // Idempotency-Key, so it is paid once at most. The card fields live here alone, and only
  // until an answer comes.
  const unanswered = useRef<{ source: PaymentSource; key: string } | null>(null);
  const inputs = { number: useRef<HTMLInputElement>(null), pin: useRef<HTMLInputElement>(null) };
  const problemBox = useRef<HTMLDivElement>(null);
  const payable = useQuery({ queryKey: PAYABLE_QUERY, queryFn: ({ signal }) => getPayable(key, signal) });
  const balance = payable.data?.balances.find((b) => b.currency === quote.currency)?.payable;

  const send = async (attempt: { source: PaymentSource; key: string }) => {
    inFlight.current = true;
    setSending(true);
    setFailure(null);
    try {
      const report = await buyReport(key, quote.reportId, attempt.source, attempt.key);
      unanswered.current = null;
      void queries.invalidateQueries({ queryKey: ANALYTICS_QUERY });
      void queries.invalidateQueries({ queryKey: PAYABLE_QUERY });
      navigate(`/analytics/reports/${report.reportId}?bought=1`);
    } catch (error) {
      unanswered.current = error instanceof ApiError && outcomeUnknown(error) ? attempt : null;
      setFailure(error);
      requestAnimationFrame(() => focusElement(problemBox.current));
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current) return;
    if (method === 'payable') {
      void send({ source: { type: 'payable' }, key: newAttemptKey() });
      return;
    }
    const { digits, errors: found } = checkCard(entry, t);
    setErrors(found);
    const first = (['number', 'pin'] as const).find((field) => found[field]);
    if (first) {
      focusElement(inputs[first].current);
      return;
    }
    clear();
    void send({ source: { type: 'card', number: digits, pin: entry.pin }, key: newAttemptKey() });
  };

  const retry = () => {
    if (unanswered.current && !inFlight.current) void send(unanswered.current);
  };

  return (
    <form className="payment-form" onSubmit={submit} noValidate aria-labelledby="pay-title">
      <h3 id="pay-title" className="quote-subtitle">
        {t('salesperson.purchase.pay')}
      </h3>
      <div ref={problemBox} tabIndex={-1} className="focus-target">
        {failure !== null && (
          <PurchaseProblem
            error={failure}
            price={props.price}
            retry={retry}
            retrying={sending}
            onRequote={props.onRequote}
          />
        )}
      </div>
      <fieldset>
        <legend>{t('salesperson.purchase.payWith')}</legend>
        <div className="chips">
          {(Object.entries(methods(t)) as [Method, string][]).map(([m, name]) => (
            <label key={m} className="chip">
              <input
                type="radio"
                name={radioName}
                checked={method === m}
                onChange={() => {
                  setMethod(m);
                  setErrors({});
                }}
              />
              {name}
            </label>
          ))}
        </div>
        {method === 'payable' && (
          <p className="hint">
            {balance === undefined
              ? t('salesperson.purchase.fromPayable')
              : t('salesperson.purchase.fromPayableNow', { balance: formatMoney(balance, quote.currency) })}
          </p>
        )}
      </fieldset>
      {method !== 'payable' && (
        <>
          <CardFields kind={method} entry={entry} errors={errors} refs={inputs} onChange={change} />
          <p className="muted">{t('salesperson.purchase.cardNote')}</p>
        </>
      )}
      <p className="muted">{t('salesperson.purchase.holdFirst')}</p>
      <Button type="submit" variant="primary" busy={sending} disabled={closed(failure)}>
        {t('salesperson.purchase.submit', { price: props.price })}
      </Button>
    </form>
  );
}

/** Why the purchase did not go through, and the way forward. */
function PurchaseProblem(props: {
  error: unknown;
  price: string;
  retry: () => void;
  retrying: boolean;
  onRequote: () => void;
}) {
  const { error } = props;
  const t = useT();
  if (!(error instanceof ApiError)) return <ProblemNotice error={error} />;
  if (outcomeUnknown(error)) {
    return (
      <Notice tone="error" title={t('salesperson.purchase.noAnswer')}>
        <p>{t('salesperson.purchase.noAnswerText')}</p>
        <Button variant="primary" busy={props.retrying} onClick={props.retry}>
          {t('salesperson.purchase.retry')}
        </Button>
      </Notice>
    );
  }
  switch (error.code) {
    case 'payment_declined':
      return (
        <Notice tone="error" title={t('salesperson.purchase.declined')}>
          <p>{t('salesperson.purchase.declinedText', { detail: error.problem.detail ?? '' })}</p>
          <Button onClick={props.onRequote}>{t('salesperson.purchase.requote')}</Button>
        </Notice>
      );
    case 'quote_expired':
      return (
        <Notice tone="error" title={t('salesperson.purchase.expired')}>
          <p>{t('salesperson.purchase.expiredText')}</p>
          <Button onClick={props.onRequote}>{t('salesperson.purchase.requote')}</Button>
        </Notice>
      );
    case 'over_budget':
      return (
        <Notice tone="error" title={t('salesperson.purchase.overBudget')}>
          <p>{error.problem.detail}</p>
        </Notice>
      );
    case 'report_not_quoted':
      return (
        <Notice tone="warning" title={t('salesperson.purchase.notQuoted')}>
          <p>
            {t.rich('salesperson.purchase.notQuotedText', {
              link: (chunks) => <Link href="/analytics">{chunks}</Link>,
            })}
          </p>
        </Notice>
      );
    case 'settlement_unavailable':
      return (
        <Notice tone="error" title={t('salesperson.purchase.settlementUnavailable')}>
          <p>{t('salesperson.purchase.settlementUnavailableText')}</p>
        </Notice>
      );
    default:
      return <ProblemNotice error={error} title={t('salesperson.purchase.failed')} />;
  }
}
