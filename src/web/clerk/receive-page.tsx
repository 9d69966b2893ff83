import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { parseOrderId } from '../../protocol/order-id.ts';
import type { Translate } from '../app/translate.ts';
import { Button, Field, Page } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { type Parcel, type ScanAction, scanParcel } from './clerk-api.ts';
import { CLERK_QUERY, useClerk } from './clerk-session.tsx';
import { OrderIdGroups, type Outcome, OutcomeRegion } from './outcome.tsx';
import { counterTime, refusalOf } from './refusal.ts';
import { ScanInput } from './scan-input.tsx';

type Step = Exclude<ScanAction, 'return'>;

/** The three ways a parcel passes the counter without a customer, as a clerk names them. */
const stepsOf = (
  t: Translate,
): Record<
  Step,
  { name: string; hint: string; button: string; done: (parcel: Parcel, here: string) => string }
> => ({
  'drop-off': {
    name: t('clerk.receive.dropOff.name'),
    hint: t('clerk.receive.dropOff.hint'),
    button: t('clerk.receive.dropOff.button'),
    done: (p, here) =>
      t('clerk.receive.dropOff.done', {
        code: p.pickupPointCode,
        here: p.pickupPointCode === here ? 'yes' : 'no',
      }),
  },
  dispatch: {
    name: t('clerk.receive.dispatch.name'),
    hint: t('clerk.receive.dispatch.hint'),
    button: t('clerk.receive.dispatch.button'),
    done: () => t('clerk.receive.dispatch.done'),
  },
  arrival: {
    name: t('clerk.receive.arrival.name'),
    hint: t('clerk.receive.arrival.hint'),
    button: t('clerk.receive.arrival.button'),
    done: (p) =>
      p.deadline
        ? t('clerk.receive.arrival.doneUntil', { deadline: counterTime(p.deadline) })
        : t('clerk.receive.arrival.done'),
  },
});

const STEP_ORDER: Step[] = ['drop-off', 'dispatch', 'arrival'];

/**
 * B9: parcels in and out without a customer: from a seller (drop-off), to the carrier
 * (dispatch), from the carrier (arrival), each by scanning the label's barcode (exactly the
 * order ID) or typing the order ID. The field keeps the focus, so a pile of parcels is one scan
 * after another.
 */
export function ReceivePage() {
  const { key, pickupPoint, refusedKey } = useClerk();
  const t = useT();
  const steps = stepsOf(t);
  const queries = useQueryClient();
  const group = useId();
  const [step, setStep] = useState<Step>('drop-off');
  const [orderText, setOrderText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [done, setDone] = useState<{ orderId: string; step: Step; at: number }[]>([]);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);

  const scan = useMutation({
    mutationFn: (attempt: { step: Step; orderId: string }) => scanParcel(key, attempt.step, attempt.orderId),
    onSuccess: (parcel, attempt) => {
      setOutcome({
        tone: 'done',
        title: t.rich('clerk.receive.done.title', {
          step: steps[attempt.step].name,
          orderId: <OrderIdGroups orderId={parcel.orderId} />,
        }),
        detail: steps[attempt.step].done(parcel, pickupPoint.code),
      });
      setDone((list) =>
        [{ orderId: parcel.orderId, step: attempt.step, at: Date.now() }, ...list].slice(0, 20),
      );
      void queries.invalidateQueries({ queryKey: [CLERK_QUERY, 'parcels'] });
    },
    onError: (failure) => {
      if (refusedKey(failure)) return;
      const refusal = refusalOf(failure, t);
      setOutcome({ tone: 'refused', title: refusal.title, detail: refusal.detail });
    },
    onSettled: () => input.current?.focus(),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (scan.isPending) return;
    const orderId = parseOrderId(orderText);
    if (!orderId) {
      setError(orderText.trim() ? t('clerk.receive.orderInvalid') : t('clerk.receive.orderMissing'));
      input.current?.focus();
      return;
    }
    setError(null);
    setOrderText('');
    setOutcome(null);
    scan.mutate({ step, orderId });
  };

  return (
    <Page title={t('clerk.receive.title')} intro={t('clerk.receive.intro')}>
      <form className="panel counter-form" onSubmit={submit} noValidate aria-label={t('clerk.receive.form')}>
        <fieldset className="steps-choice">
          <legend>{t('clerk.receive.legend')}</legend>
          <div className="step-options">
            {STEP_ORDER.map((s) => (
              <label key={s} className="step-option">
                <input
                  type="radio"
                  name={group}
                  value={s}
                  checked={step === s}
                  onChange={() => {
                    setStep(s);
                    setOutcome(null);
                  }}
                  aria-labelledby={`${group}-${s}-name`}
                  aria-describedby={`${group}-${s}`}
                />
                <span>
                  <span className="step-name" id={`${group}-${s}-name`}>
                    {steps[s].name}
                  </span>
                  <span className="hint" id={`${group}-${s}`}>
                    {steps[s].hint}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field label={t('clerk.receive.orderLabel')} hint={t('clerk.receive.orderHint')} error={error}>
          {(control) => (
            <ScanInput
              {...control}
              ref={input}
              enterKeyHint="done"
              value={orderText}
              onChange={(e) => {
                setOrderText(e.target.value);
                setError(null);
              }}
            />
          )}
        </Field>
        <Button type="submit" variant="primary" className="counter-action" busy={scan.isPending}>
          {steps[step].button}
        </Button>
      </form>
      <OutcomeRegion outcome={outcome} />
      {done.length > 0 && (
        <section className="panel" aria-labelledby="done-title">
          <h2 id="done-title">{t('clerk.receive.doneList')}</h2>
          <ul className="done-list">
            {done.map((d) => (
              <li key={`${d.orderId}-${d.step}-${d.at}`}>
                <span className="mono">{d.orderId}</span> <span className="muted">{steps[d.step].name}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}
