import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError } from '../app/api.ts';
import { newAttemptKey } from '../app/attempt-key.ts';
import { CARD_KINDS, CardFields, type CardKind, checkCard, useCardEntry } from '../app/card-fields.tsx';
import { focusElement } from '../app/focus.ts';
import { formatMoney } from '../app/money.ts';
import { Button, Notice, ProblemNotice } from '../app/ui.tsx';
import { ANALYTICS_QUERY, type AnalyticsQuote, buyReport, type PaymentSource } from './analytics-api.ts';
import { EpsilonText } from './analytics-words.tsx';
import { localTime } from './order-state.tsx';
import { useSeller } from './seller-session.tsx';
import { getPayable, PAYABLE_QUERY } from './shipment-api.ts';

type Method = 'payable' | CardKind;

const METHODS: Record<Method, string> = {
  payable: 'Your payable balance',
  prepaid: CARD_KINDS.prepaid.name,
  credit: CARD_KINDS.credit.name,
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
export function QuotePanel(props: { quote: AnalyticsQuote; onRequote: () => void }) {
  const { quote } = props;
  const price = formatMoney(quote.price, quote.currency);
  return (
    <section className="panel quote-panel" aria-labelledby="quote-title">
      <h2 id="quote-title">Quote</h2>
      <dl className="quote-facts">
        <div>
          <dt>Price</dt>
          <dd className="amount" data-testid="quote-price">
            {price}
          </dd>
        </div>
        <div>
          <dt>Privacy budget spent</dt>
          <dd>
            {quote.kept ? (
              'None: this report exists already, so buying it spends no privacy budget'
            ) : (
              <EpsilonText epsilon={quote.epsilon} />
            )}
          </dd>
        </div>
        <div>
          <dt>Holds until</dt>
          <dd>
            <time dateTime={quote.quoteExpiresAt}>{localTime(quote.quoteExpiresAt)}</time>
          </dd>
        </div>
      </dl>
      <h3 className="quote-subtitle">Accuracy</h3>
      <p className="hint">
        Each figure is within this much of the truth, with 95 % confidence. Figures too small to tell from the
        noise are suppressed: marked, and not given.
      </p>
      <ul className="accuracy-list">
        {quote.accuracy.map((a) => (
          <li key={a.name}>
            {a.label}: <strong>± {a.accuracy95.toLocaleString()}</strong>
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
    const { digits, errors: found } = checkCard(entry);
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
        Pay
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
        <legend>Pay with</legend>
        <div className="chips">
          {(Object.keys(METHODS) as Method[]).map((m) => (
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
              {METHODS[m]}
            </label>
          ))}
        </div>
        {method === 'payable' && (
          <p className="hint">
            {balance === undefined
              ? 'Taken from the money settlement holds payable to you.'
              : `Taken from the money settlement holds payable to you: ${formatMoney(balance, quote.currency)} now.`}
          </p>
        )}
      </fieldset>
      {method !== 'payable' && (
        <>
          <CardFields kind={method} entry={entry} errors={errors} refs={inputs} onChange={change} />
          <p className="muted">
            The card number and PIN go through the market, which keeps neither, to the payment service, which
            alone checks them. This page empties their fields once they are sent.
          </p>
        </>
      )}
      <p className="muted">
        The price is held first, the report made, and only then is the payment taken: if anything fails before
        that, nothing is charged.
      </p>
      <Button type="submit" variant="primary" busy={sending} disabled={closed(failure)}>
        Pay {props.price} and get the report
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
  if (!(error instanceof ApiError)) return <ProblemNotice error={error} />;
  if (outcomeUnknown(error)) {
    return (
      <Notice tone="error" title="The market did not answer">
        <p>
          The payment may or may not have gone through. Try again: the same purchase is sent again, and it is
          never paid twice.
        </p>
        <Button variant="primary" busy={props.retrying} onClick={props.retry}>
          Try the purchase again
        </Button>
      </Notice>
    );
  }
  switch (error.code) {
    case 'payment_declined':
      return (
        <Notice tone="error" title="The payment was declined">
          <p>
            {error.problem.detail} Nothing was charged. A declined quote cannot be paid again: get a new one
            to pay with another card or your payable balance.
          </p>
          <Button onClick={props.onRequote}>Get a new quote</Button>
        </Notice>
      );
    case 'quote_expired':
      return (
        <Notice tone="error" title="The quote has expired">
          <p>Nothing was charged. Ask for a new quote: its price and ε may differ.</p>
          <Button onClick={props.onRequote}>Get a new quote</Button>
        </Notice>
      );
    case 'over_budget':
      return (
        <Notice tone="error" title="The privacy budget ran out meanwhile">
          <p>{error.problem.detail}</p>
        </Notice>
      );
    case 'report_not_quoted':
      return (
        <Notice tone="warning" title="This quote was bought or refused already">
          <p>
            Nothing more was charged. See <Link href="/analytics">your reports</Link>, or ask for a new quote.
          </p>
        </Notice>
      );
    case 'settlement_unavailable':
      return (
        <Notice tone="error" title="Settlement cannot be reached">
          <p>Nothing was charged. Try again in a moment.</p>
        </Notice>
      );
    default:
      return <ProblemNotice error={error} title="The purchase did not go through" />;
  }
}
