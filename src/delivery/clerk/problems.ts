import type { Problem } from '../../platform/http/problem.ts';
import type { HandOverRefusal } from '../pickup-codes/hand-over.ts';
import { message, problem } from '../problems/catalogue.ts';
import type { TransitionRefusal } from '../shipments/transitions.ts';

const time = (at: Date) => at.toISOString();

/** Where a parcel stands, as a clerk can read it out. */
const stateText = (state: string) => message('parcel_state', { state });

export type ClerkRefusal = HandOverRefusal | TransitionRefusal;

/** Every refusal at the counter as a problem answer, with a title and detail a clerk can read out. */
export function clerkProblem(refusal: ClerkRefusal): Problem {
  switch (refusal.code) {
    case 'invalid_order_id':
      return problem(400, refusal.code, { detail: message('invalid_order_id.detail') });
    case 'invalid_pickup_code':
      return problem(400, refusal.code, { detail: message('invalid_pickup_code.detail') });
    case 'parcel_not_found':
      return problem(404, refusal.code, { detail: message('parcel_not_found.detail') });
    case 'wrong_state':
      return problem(409, refusal.code, {
        title: message('wrong_state', { state: stateText(refusal.state) }),
        detail: message('wrong_state.detail'),
        state: refusal.state,
      });
    case 'not_overdue':
      return problem(409, refusal.code, {
        detail: message('not_overdue.detail', { deadline: time(refusal.deadline) }),
        deadline: time(refusal.deadline),
      });
    case 'not_ready':
      return problem(409, refusal.code, {
        detail: message('not_ready.detail', { state: stateText(refusal.state) }),
        state: refusal.state,
      });
    case 'already_picked_up':
      return problem(409, refusal.code, { detail: message('already_picked_up.detail') });
    case 'returned':
      return problem(409, refusal.code, { detail: message('returned.detail') });
    case 'deadline_passed':
      return problem(409, refusal.code, {
        detail: message('deadline_passed.detail', { deadline: time(refusal.deadline) }),
        deadline: time(refusal.deadline),
      });
    case 'wrong_code':
      return problem(422, refusal.code, {
        detail: message('wrong_code.detail', { attemptsLeft: refusal.attemptsLeft }),
        attemptsLeft: refusal.attemptsLeft,
      });
    case 'pickup_locked':
      return problem(423, refusal.code, {
        detail: message('pickup_locked.detail', {
          wrongCode: refusal.wrongCode ? 'yes' : 'no',
          lockedUntil: time(refusal.lockedUntil),
        }),
        lockedUntil: time(refusal.lockedUntil),
      });
    case 'too_many_attempts_here':
      return problem(429, refusal.code, {
        detail: message('too_many_attempts_here.detail', { retryAfterSeconds: refusal.retryAfterSeconds }),
        retryAfterSeconds: refusal.retryAfterSeconds,
      });
  }
}
