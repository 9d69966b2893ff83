import { type Problem, problem } from '../../platform/http/problem.ts';
import type { ShipmentState } from '../../protocol/delivery.ts';
import type { HandOverRefusal } from '../pickup-codes/hand-over.ts';
import type { TransitionRefusal } from '../shipments/transitions.ts';

/** What a clerk can read out to the person at the counter. */
const STATE_TEXT: Record<ShipmentState, string> = {
  booked: 'booked, not yet handed in by the seller',
  dropped_off: 'handed in by the seller, not yet taken by the carrier',
  in_transit: 'on its way with the carrier',
  ready_for_pickup: 'waiting to be collected',
  picked_up: 'already collected',
  returned: 'sent back to the seller',
};

const time = (at: Date) => at.toISOString();

export type ClerkRefusal = HandOverRefusal | TransitionRefusal;

/** Every refusal at the counter as a problem answer, with a title and detail a clerk can read out. */
export function clerkProblem(refusal: ClerkRefusal): Problem {
  switch (refusal.code) {
    case 'invalid_order_id':
      return problem(400, refusal.code, 'That is not a valid order ID', {
        detail: 'Check it for a typo: it is 18 letters and digits, as printed on the label.',
      });
    case 'invalid_pickup_code':
      return problem(400, refusal.code, 'That is not a valid pickup code', {
        detail:
          'Check it for a typo: it is 12 letters and digits, as on the purchaser’s receipt. No attempt was counted.',
      });
    case 'parcel_not_found':
      return problem(404, refusal.code, 'No such parcel at this pickup point', {
        detail: 'Check the order ID; a parcel for another pickup point cannot be handled here.',
      });
    case 'wrong_state':
      return problem(409, refusal.code, `This parcel is ${STATE_TEXT[refusal.state]}`, {
        detail: 'That step does not apply to it now.',
        state: refusal.state,
      });
    case 'not_overdue':
      return problem(409, refusal.code, 'This parcel is not overdue yet', {
        detail: `It waits for the purchaser until ${time(refusal.deadline)}.`,
        deadline: time(refusal.deadline),
      });
    case 'not_ready':
      return problem(409, refusal.code, 'This parcel has not arrived here yet', {
        detail: `It is ${STATE_TEXT[refusal.state]}.`,
        state: refusal.state,
      });
    case 'already_picked_up':
      return problem(409, refusal.code, 'This parcel has already been collected', {
        detail: 'Its pickup code has been used and cannot be used again.',
      });
    case 'returned':
      return problem(409, refusal.code, 'This parcel has been sent back to the seller', {
        detail: 'It was not collected in time.',
      });
    case 'deadline_passed':
      return problem(409, refusal.code, 'The collection deadline has passed', {
        detail: `It had to be collected by ${time(refusal.deadline)}; it goes back to the seller.`,
        deadline: time(refusal.deadline),
      });
    case 'wrong_code':
      return problem(422, refusal.code, 'Wrong pickup code', {
        detail: `${refusal.attemptsLeft} more wrong ${refusal.attemptsLeft === 1 ? 'code locks' : 'codes lock'} this order for a while.`,
        attemptsLeft: refusal.attemptsLeft,
      });
    case 'pickup_locked':
      return problem(423, refusal.code, 'Too many wrong codes for this order', {
        detail: `${refusal.wrongCode ? 'That code was wrong too. ' : ''}No code is taken for this order until ${time(refusal.lockedUntil)}.`,
        lockedUntil: time(refusal.lockedUntil),
      });
    case 'too_many_attempts_here':
      return problem(429, refusal.code, 'Too many wrong codes at this pickup point', {
        detail: `No pickup code is taken here for ${refusal.retryAfterSeconds} seconds.`,
        retryAfterSeconds: refusal.retryAfterSeconds,
      });
  }
}
