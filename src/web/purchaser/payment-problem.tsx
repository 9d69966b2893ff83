import { Link } from 'wouter';
import { ApiError } from '../app/api.ts';
import { outcomeUnknown } from '../app/attempt-key.ts';
import { Button, Notice, ProblemNotice } from '../app/ui.tsx';
import type { DeclineCode } from './market-api.ts';

/** A decline the form answers; already_paid is answered by showing the order paid instead. */
export type FormDecline = Exclude<DeclineCode, 'already_paid'>;

const ANOTHER_CARD = 'Nothing was charged. Pay with another card.';

/** "4 tries are left before the card locks." */
function triesLeft(attemptsLeft: unknown): string {
  if (typeof attemptsLeft !== 'number') return '';
  if (attemptsLeft <= 0) return 'The card is now locked for a while.';
  return `${attemptsLeft === 1 ? '1 try is' : `${attemptsLeft} tries are`} left before the card locks.`;
}

/**
 * What each decline tells the purchaser, and the way forward: about the card and the order only,
 * never about whoever holds the card. A new decline code is a type error here until it is worded.
 */
const DECLINES: Record<
  FormDecline,
  (facts: { attemptsLeft?: unknown; amount: string; currency: string }) => { title: string; detail: string }
> = {
  unknown_order: () => ({
    title: 'The payment service has not heard of this order yet',
    detail: 'Nothing was charged. Wait a moment, then enter the card again and pay.',
  }),
  amount_mismatch: () => ({
    title: 'The amount differs from the order',
    detail: 'Nothing was charged. Reload this page to read the order again, then pay.',
  }),
  invalid_number: () => ({
    title: 'This is not a valid card number',
    detail:
      'Nothing was charged. A digit may be mistyped or two swapped: check the number on the card, then enter it again with its PIN.',
  }),
  unknown_instrument: () => ({
    title: 'No card has this number',
    detail: 'Nothing was charged. Check the number on the card, then enter it again with its PIN.',
  }),
  wrong_pin: ({ attemptsLeft }) => ({
    title: 'Wrong PIN',
    detail: `Nothing was charged. ${triesLeft(attemptsLeft)} Enter the card number and the PIN again.`,
  }),
  instrument_locked: () => ({
    title: 'This card is locked',
    detail:
      'Too many wrong PINs were entered. Nothing was charged. Try this card again later, or pay with another card.',
  }),
  card_expired: () => ({ title: 'This prepaid card has expired', detail: ANOTHER_CARD }),
  credit_expired: () => ({ title: 'This credit card has expired', detail: ANOTHER_CARD }),
  credit_suspended: () => ({
    title: 'This credit card is suspended',
    detail: `${ANOTHER_CARD} The card’s issuer can say why.`,
  }),
  credit_closed: () => ({ title: 'This credit card is closed', detail: ANOTHER_CARD }),
  credit_history: () => ({
    title: 'This credit card cannot pay for this order',
    detail: `The card’s payment history does not allow it. ${ANOTHER_CARD}`,
  }),
  insufficient_balance: ({ amount }) => ({
    title: 'Not enough on this prepaid card',
    detail: `Its balance is less than ${amount}. ${ANOTHER_CARD}`,
  }),
  over_limit: ({ amount }) => ({
    title: 'Over the credit limit',
    detail: `${amount} would take this card over its limit. ${ANOTHER_CARD}`,
  }),
  currency_mismatch: ({ currency }) => ({
    title: 'This card is in another currency',
    detail: `Nothing was charged. Pay with a card in ${currency}.`,
  }),
};

const isFormDecline = (code: string): code is FormDecline => Object.hasOwn(DECLINES, code);

/**
 * Why a payment did not go through, said plainly, with the way forward. An answer that never
 * came offers to send the same payment again, with the same Idempotency-Key.
 */
export function PaymentProblem(props: {
  error: unknown;
  amount: string;
  currency: string;
  retry: () => void;
  retrying: boolean;
}) {
  const { error } = props;
  if (!(error instanceof ApiError)) return <ProblemNotice error={error} />;
  if (outcomeUnknown(error.status)) {
    return (
      <Notice tone="error" title="The payment service did not answer">
        <p>
          The payment may or may not have gone through. Try again: the same payment is sent again, and it is
          never taken twice.
        </p>
        <div className="row">
          <Button variant="primary" busy={props.retrying} onClick={props.retry}>
            Try the payment again
          </Button>
        </div>
      </Notice>
    );
  }
  const { code } = error.problem;
  if (isFormDecline(code)) {
    const { title, detail } = DECLINES[code]({
      attemptsLeft: error.problem.attemptsLeft,
      amount: props.amount,
      currency: props.currency,
    });
    return (
      <Notice tone="error" title={title}>
        <p>{detail}</p>
      </Notice>
    );
  }
  switch (code) {
    case 'order_not_payable':
      return (
        <Notice tone="error" title="This order can no longer be paid">
          <p>
            {error.problem.detail} Nothing was charged. <Link href="/">Search again</Link> to buy it anew.
          </p>
        </Notice>
      );
    case 'order_not_found':
      return (
        <Notice tone="error" title="The market does not recognise this order and secret">
          <p>Nothing was charged. Check the order in My orders.</p>
        </Notice>
      );
    default:
      return <ProblemNotice error={error} title="The payment did not go through" />;
  }
}
