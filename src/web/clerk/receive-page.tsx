import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { parseOrderId } from '../../protocol/order-id.ts';
import { Button, Field, Page } from '../app/ui.tsx';
import { type Parcel, type ScanAction, scanParcel } from './clerk-api.ts';
import { CLERK_QUERY, useClerk } from './clerk-session.tsx';
import { OrderIdGroups, type Outcome, OutcomeRegion } from './outcome.tsx';
import { counterTime, refusalOf } from './refusal.ts';
import { ScanInput } from './scan-input.tsx';

type Step = Exclude<ScanAction, 'return'>;

/** The three ways a parcel passes the counter without a customer, as a clerk names them. */
const STEPS: Record<
  Step,
  { name: string; hint: string; button: string; done: (parcel: Parcel, here: string) => string }
> = {
  'drop-off': {
    name: 'From a seller',
    hint: 'A seller hands in a parcel for sending',
    button: 'Take in from seller',
    done: (p, here) =>
      `Taken in, for ${p.pickupPointCode}${p.pickupPointCode === here ? ' (this store)' : ''}. Keep it with the parcels for the carrier.`,
  },
  dispatch: {
    name: 'To the carrier',
    hint: 'The carrier takes a parcel handed in here',
    button: 'Hand to carrier',
    done: () => 'Handed to the carrier.',
  },
  arrival: {
    name: 'From the carrier',
    hint: 'The carrier brings a parcel for this store',
    button: 'Take in from carrier',
    done: (p) =>
      `Put it on the shelf for collection${p.deadline ? `, until ${counterTime(p.deadline)}` : ''}.`,
  },
};

const STEP_ORDER = Object.keys(STEPS) as Step[];

/**
 * B9: parcels in and out without a customer: from a seller (drop-off), to the carrier
 * (dispatch), from the carrier (arrival), each by scanning the label's barcode (exactly the
 * order ID) or typing the order ID. The field keeps the focus, so a pile of parcels is one scan
 * after another.
 */
export function ReceivePage() {
  const { key, pickupPoint, refusedKey } = useClerk();
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
        title: (
          <>
            {STEPS[attempt.step].name}: parcel <OrderIdGroups orderId={parcel.orderId} />
          </>
        ),
        detail: STEPS[attempt.step].done(parcel, pickupPoint.code),
      });
      setDone((list) =>
        [{ orderId: parcel.orderId, step: attempt.step, at: Date.now() }, ...list].slice(0, 20),
      );
      void queries.invalidateQueries({ queryKey: [CLERK_QUERY, 'parcels'] });
    },
    onError: (failure) => {
      if (refusedKey(failure)) return;
      const refusal = refusalOf(failure);
      setOutcome({ tone: 'refused', title: refusal.title, detail: refusal.detail });
    },
    onSettled: () => input.current?.focus(),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (scan.isPending) return;
    const orderId = parseOrderId(orderText);
    if (!orderId) {
      setError(
        orderText.trim()
          ? 'That is not a valid order ID. Check it for a typo: 18 letters and digits, as on the label.'
          : 'Scan the label’s barcode, or type the order ID',
      );
      input.current?.focus();
      return;
    }
    setError(null);
    setOrderText('');
    setOutcome(null);
    scan.mutate({ step, orderId });
  };

  return (
    <Page
      title="Receive"
      intro="Choose what is happening, then scan each parcel’s label or type its order ID. The field stays ready for the next one."
    >
      <form
        className="panel counter-form"
        onSubmit={submit}
        noValidate
        aria-label="Receive or dispatch parcels"
      >
        <fieldset className="steps-choice">
          <legend>What is happening</legend>
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
                    {STEPS[s].name}
                  </span>
                  <span className="hint" id={`${group}-${s}`}>
                    {STEPS[s].hint}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field label="Order ID on the label" hint="Case and hyphens do not matter." error={error}>
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
          {STEPS[step].button}
        </Button>
      </form>
      <OutcomeRegion outcome={outcome} />
      {done.length > 0 && (
        <section className="panel" aria-labelledby="done-title">
          <h2 id="done-title">Done at this counter just now</h2>
          <ul className="done-list">
            {done.map((d) => (
              <li key={`${d.orderId}-${d.step}-${d.at}`}>
                <span className="mono">{d.orderId}</span> <span className="muted">{STEPS[d.step].name}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}
