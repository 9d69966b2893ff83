import { ApiError } from '../app/api.ts';
import type { ShipmentState } from './clerk-api.ts';

/** Where a parcel is, as a clerk reads it out. */
export const STATE_WORDS: Record<ShipmentState, string> = {
  booked: 'booked by the seller but not handed in yet',
  dropped_off: 'handed in by the seller, waiting for the carrier',
  in_transit: 'on its way with the carrier',
  ready_for_pickup: 'waiting here to be collected',
  picked_up: 'already collected',
  returned: 'sent back to the seller',
};

/** "12 May 2026, 14:32", in the clerk's own locale and time zone. */
export const counterTime = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** "45 seconds", "10 minutes": a wait said plainly. */
function waitWords(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export interface Refusal {
  title: string;
  detail: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * B9: why delivery refused, in plain words a clerk can read out to the person at the counter,
 * with what to do next. Dates are said in the clerk's time zone; unknown refusals are said as
 * delivery worded them.
 */
export function refusalOf(error: unknown): Refusal {
  if (!(error instanceof ApiError))
    return { title: 'Something went wrong', detail: String((error as Error)?.message ?? error) };
  const p = error.problem;
  switch (p.code) {
    case 'network':
      return {
        title: 'The pickup service cannot be reached',
        detail: 'Nothing was done. Check the connection and try again.',
      };
    case 'wrong_code': {
      const left = typeof p.attemptsLeft === 'number' ? p.attemptsLeft : null;
      return {
        title: 'Wrong pickup code',
        detail: `${
          left === null ? 'Only a few attempts are left' : `${left} attempt${left === 1 ? '' : 's'} left`
        } for this order before it locks. Ask the customer to read the code from the receipt again. Do not hand the parcel over.`,
      };
    }
    case 'pickup_locked': {
      const until = text(p.lockedUntil);
      return {
        title: 'Locked: too many wrong codes for this order',
        detail: `No code is taken for it${until ? ` until ${counterTime(until)}` : ' for a while'}. Do not hand the parcel over; the customer can come back then.`,
      };
    }
    case 'deadline_passed': {
      const deadline = text(p.deadline);
      return {
        title: 'Too late: the collection deadline has passed',
        detail: `It had to be collected${deadline ? ` by ${counterTime(deadline)}` : ' earlier'}. Do not hand it over: it goes back to the seller, and the customer is refunded. Return it from the overdue list.`,
      };
    }
    case 'not_ready':
      return {
        title: 'This parcel has not arrived here yet',
        detail: `It is ${STATE_WORDS[p.state as ShipmentState] ?? 'not here'}. There is nothing to hand over yet.`,
      };
    case 'already_picked_up':
      return {
        title: 'Already collected',
        detail:
          'This parcel was handed over before, and its code cannot be used again. Do not hand anything over.',
      };
    case 'returned':
      return {
        title: 'Returned to the seller',
        detail: 'It was not collected in time and went back. The customer is refunded.',
      };
    case 'parcel_not_found':
      return {
        title: 'No such parcel at this store',
        detail:
          'No parcel with this order ID is handled here. Check the order ID; a parcel for another pickup point cannot be handled at this one.',
      };
    case 'too_many_attempts_here': {
      const wait =
        error.retryAfterSeconds ?? (typeof p.retryAfterSeconds === 'number' ? p.retryAfterSeconds : null);
      return {
        title: 'Too many wrong codes at this store',
        detail: `No pickup code is taken here${wait !== null ? ` for the next ${waitWords(wait)}` : ' for a while'}. This protects every parcel here from guessing.`,
      };
    }
    case 'wrong_state':
      return {
        title: `This parcel is ${STATE_WORDS[p.state as ShipmentState] ?? 'elsewhere on its way'}`,
        detail: 'That step does not apply to it now. Check that you chose the right action.',
      };
    case 'not_overdue': {
      const deadline = text(p.deadline);
      return {
        title: 'Not overdue yet',
        detail: `It waits for the customer${deadline ? ` until ${counterTime(deadline)}` : ''}. Keep it on the shelf.`,
      };
    }
    default:
      return { title: p.title, detail: p.detail ?? '' };
  }
}
