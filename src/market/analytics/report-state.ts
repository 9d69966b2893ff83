import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { reportPurchases } from './tables.ts';

export type ReportPurchase = typeof reportPurchases.$inferSelect;

/**
 * A report purchase's states as one table; anything absent is refused.
 * - quoted: the seller has a price, an ε and an accuracy (C1), and nothing is held.
 * - holding: the price is being held on the seller's account at settlement.
 * - held → computed: the release exists (computed now and its ε spent, or kept from before).
 * - computed → released: the payment was captured (C4) and the release is the seller's (C3).
 * - declined: settlement refused the hold. voided: the hold was let go (over budget, the
 *   analysis failed, or the hold's answer was lost) and nothing was charged; a computed report
 *   whose hold was let go meanwhile is voided too, and never released.
 */
export const REPORT_TRANSITIONS = {
  quoted: ['holding'],
  holding: ['held', 'declined', 'voided'],
  held: ['computed', 'voided'],
  computed: ['released', 'voided'],
  released: [],
  declined: [],
  voided: [],
} as const;
export type ReportState = keyof typeof REPORT_TRANSITIONS;

export const mayMove = (from: ReportState, to: ReportState) =>
  (REPORT_TRANSITIONS[from] as readonly ReportState[]).includes(to);

/**
 * Moves a purchase from `from` to `to` if it is still in `from`: the one writer of a report
 * purchase's state. Returns the moved row, or null when another request moved it first.
 */
export async function moveReport(
  db: Executor,
  id: string,
  from: ReportState,
  to: ReportState,
  now: Date,
  changes: Partial<Pick<ReportPurchase, 'releaseId' | 'epsilonMicro' | 'failure'>> = {},
): Promise<ReportPurchase | null> {
  if (!mayMove(from, to)) throw new Error(`a report purchase cannot move from ${from} to ${to}`);
  const [moved] = await db
    .update(reportPurchases)
    .set({ ...changes, state: to, updatedAt: now })
    .where(and(eq(reportPurchases.id, id), eq(reportPurchases.state, from)))
    .returning();
  return moved ?? null;
}
