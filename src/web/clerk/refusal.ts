import { ApiError } from '../app/api.ts';
import type { Translate } from '../app/translate.ts';
import { activeLocale } from '../i18n/i18n.tsx';

/** "12 May 2026, 14:32", in the language shown and the clerk's own time zone. */
export const counterTime = (iso: string) =>
  new Intl.DateTimeFormat(activeLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

export interface Refusal {
  title: string;
  detail: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * B9: why delivery refused, in plain words a clerk can read out to the person at the counter,
 * with what to do next. Dates are said in the clerk's time zone; unknown refusals are said as
 * delivery worded them. Where a parcel is (`state`) is chosen among the shipment states inside
 * the messages, each language wording it whole.
 */
export function refusalOf(error: unknown, t: Translate): Refusal {
  if (!(error instanceof ApiError))
    return { title: t('app.problem.generic'), detail: String((error as Error)?.message ?? error) };
  const p = error.problem;
  switch (p.code) {
    case 'network':
      return {
        title: t('app.problem.unreachable.delivery'),
        detail: t('clerk.refusal.network.detail'),
      };
    case 'wrong_code': {
      const left = typeof p.attemptsLeft === 'number' ? p.attemptsLeft : null;
      return {
        title: t('clerk.refusal.wrongCode.title'),
        detail:
          left === null
            ? t('clerk.refusal.wrongCode.detailFew')
            : t('clerk.refusal.wrongCode.detail', { left }),
      };
    }
    case 'pickup_locked': {
      const until = text(p.lockedUntil);
      return {
        title: t('clerk.refusal.locked.title'),
        detail: until
          ? t('clerk.refusal.locked.detailUntil', { until: counterTime(until) })
          : t('clerk.refusal.locked.detailWhile'),
      };
    }
    case 'deadline_passed': {
      const deadline = text(p.deadline);
      return {
        title: t('clerk.refusal.deadline.title'),
        detail: deadline
          ? t('clerk.refusal.deadline.detailBy', { deadline: counterTime(deadline) })
          : t('clerk.refusal.deadline.detailEarlier'),
      };
    }
    case 'not_ready':
      return {
        title: t('clerk.refusal.notReady.title'),
        detail: t('clerk.refusal.notReady.detail', { state: String(p.state) }),
      };
    case 'already_picked_up':
      return {
        title: t('clerk.refusal.pickedUp.title'),
        detail: t('clerk.refusal.pickedUp.detail'),
      };
    case 'returned':
      return {
        title: t('clerk.refusal.returned.title'),
        detail: t('clerk.refusal.returned.detail'),
      };
    case 'parcel_not_found':
      return {
        title: t('clerk.refusal.notFound.title'),
        detail: t('clerk.refusal.notFound.detail'),
      };
    case 'too_many_attempts_here': {
      const wait =
        error.retryAfterSeconds ?? (typeof p.retryAfterSeconds === 'number' ? p.retryAfterSeconds : null);
      return {
        title: t('clerk.refusal.tooMany.title'),
        // A wait said plainly: "45 seconds", "10 minutes".
        detail:
          wait === null
            ? t('clerk.refusal.tooMany.detailWhile')
            : wait < 90
              ? t('clerk.refusal.tooMany.detailSeconds', { seconds: wait })
              : t('clerk.refusal.tooMany.detailMinutes', { minutes: Math.ceil(wait / 60) }),
      };
    }
    case 'wrong_state':
      return {
        title: t('clerk.refusal.wrongState.title', { state: String(p.state) }),
        detail: t('clerk.refusal.wrongState.detail'),
      };
    case 'not_overdue': {
      const deadline = text(p.deadline);
      return {
        title: t('clerk.refusal.notOverdue.title'),
        detail: deadline
          ? t('clerk.refusal.notOverdue.detailUntil', { deadline: counterTime(deadline) })
          : t('clerk.refusal.notOverdue.detail'),
      };
    }
    default:
      return { title: p.title, detail: p.detail ?? '' };
  }
}
