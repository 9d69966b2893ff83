import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { ApiError } from '../app/api.ts';
import { outcomeUnknown } from '../app/attempt-key.ts';
import { Button, Notice, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { DeclineCode } from './market-api.ts';
import type { Translate } from './translate.ts';

/** A decline the form answers; already_paid is answered by showing the order paid instead. */
export type FormDecline = Exclude<DeclineCode, 'already_paid'>;

/** "4 tries are left before the card locks." */
function triesLeft(attemptsLeft: unknown, t: Translate): string {
  if (typeof attemptsLeft !== 'number') return '';
  if (attemptsLeft <= 0) return t('purchaser.decline.nowLocked');
  return t('purchaser.decline.triesLeft', { count: attemptsLeft });
}

/**
 * What each decline tells the purchaser, and the way forward: about the card and the order only,
 * never about whoever holds the card. A new decline code is a type error here until it is worded.
 */
const DECLINES: Record<
  FormDecline,
  (
    t: Translate,
    facts: { attemptsLeft?: unknown; amount: string; currency: string },
  ) => { title: string; detail: string }
> = {
  unknown_order: (t) => ({
    title: t('purchaser.decline.unknownOrder.title'),
    detail: t('purchaser.decline.unknownOrder.detail'),
  }),
  amount_mismatch: (t) => ({
    title: t('purchaser.decline.amountMismatch.title'),
    detail: t('purchaser.decline.amountMismatch.detail'),
  }),
  invalid_number: (t) => ({
    title: t('purchaser.decline.invalidNumber.title'),
    detail: t('purchaser.decline.invalidNumber.detail'),
  }),
  unknown_instrument: (t) => ({
    title: t('purchaser.decline.unknownInstrument.title'),
    detail: t('purchaser.decline.unknownInstrument.detail'),
  }),
  wrong_pin: (t, { attemptsLeft }) => ({
    title: t('purchaser.decline.wrongPin.title'),
    detail: t('purchaser.decline.wrongPin.detail', { tries: triesLeft(attemptsLeft, t) }),
  }),
  instrument_locked: (t) => ({
    title: t('purchaser.decline.locked.title'),
    detail: t('purchaser.decline.locked.detail'),
  }),
  card_expired: (t) => ({
    title: t('purchaser.decline.cardExpired.title'),
    detail: t('purchaser.decline.anotherCard'),
  }),
  credit_expired: (t) => ({
    title: t('purchaser.decline.creditExpired.title'),
    detail: t('purchaser.decline.anotherCard'),
  }),
  credit_suspended: (t) => ({
    title: t('purchaser.decline.creditSuspended.title'),
    detail: t('purchaser.decline.creditSuspended.detail'),
  }),
  credit_closed: (t) => ({
    title: t('purchaser.decline.creditClosed.title'),
    detail: t('purchaser.decline.anotherCard'),
  }),
  credit_history: (t) => ({
    title: t('purchaser.decline.creditHistory.title'),
    detail: t('purchaser.decline.creditHistory.detail'),
  }),
  insufficient_balance: (t, { amount }) => ({
    title: t('purchaser.decline.insufficientBalance.title'),
    detail: t('purchaser.decline.insufficientBalance.detail', { amount }),
  }),
  over_limit: (t, { amount }) => ({
    title: t('purchaser.decline.overLimit.title'),
    detail: t('purchaser.decline.overLimit.detail', { amount }),
  }),
  currency_mismatch: (t, { currency }) => ({
    title: t('purchaser.decline.currencyMismatch.title'),
    detail: t('purchaser.decline.currencyMismatch.detail', { currency }),
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
  const t = useT();
  if (!(error instanceof ApiError)) return <ProblemNotice error={error} />;
  if (outcomeUnknown(error.status)) {
    return (
      <Notice tone="error" title={t('purchaser.paymentProblem.noAnswer.title')}>
        <p>{t('purchaser.paymentProblem.noAnswer.body')}</p>
        <div className="row">
          <Button variant="primary" busy={props.retrying} onClick={props.retry}>
            {t('purchaser.paymentProblem.noAnswer.retry')}
          </Button>
        </div>
      </Notice>
    );
  }
  const { code } = error.problem;
  if (isFormDecline(code)) {
    const { title, detail } = DECLINES[code](t, {
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
        <Notice tone="error" title={t('purchaser.notPayable.title')}>
          <p>
            {t.rich('purchaser.paymentProblem.notPayable', {
              detail: error.problem.detail ?? '',
              link: (chunks: ReactNode[]) => <Link href="/">{chunks}</Link>,
            })}
          </p>
        </Notice>
      );
    case 'order_not_found':
      return (
        <Notice tone="error" title={t('purchaser.paymentProblem.notFound.title')}>
          <p>{t('purchaser.paymentProblem.notFound.body')}</p>
        </Notice>
      );
    default:
      return <ProblemNotice error={error} title={t('purchaser.paymentProblem.failed')} />;
  }
}
