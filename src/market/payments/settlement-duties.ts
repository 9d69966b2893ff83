import { ClosedLinkUnavailable } from '../../platform/closed-link/client.ts';
import { drainOutbox } from '../../platform/outbox.ts';
import { settleReportPurchases } from '../analytics/reports.ts';
import type { MarketContext } from '../context.ts';
import { SETTLEMENT_RELEASE_TOPIC } from '../shipping/parcels.ts';
import { sendAnnouncements } from './announcements.ts';
import { applyOrderPaid, SETTLEMENT_REFUND_TOPIC } from './order-paid.ts';

/**
 * Takes settlement's news (its outbox, read over the closed link) and applies each item in its
 * own transaction before acknowledging it, so a crash in between only means applying it again.
 */
export async function collectSettlementEvents(ctx: MarketContext): Promise<number> {
  const events = await ctx.settlement.background.pendingEvents();
  for (const { event } of events) {
    const outcome = await ctx.db.transaction((tx) => applyOrderPaid(tx, event, ctx.clock.now()));
    if (outcome === 'unknown_order')
      ctx.log.error({ orderId: event.orderId }, 'settlement paid an unknown order');
  }
  if (events.length) await ctx.settlement.background.acknowledge(events.map((e) => e.id));
  return events.length;
}

/**
 * What the market asks settlement to do with an order's escrow, each from its own topic:
 * refunds of orders cancelled after payment (see applyOrderPaid) or whose parcel came back, and
 * B9: releases of picked-up parcels to their sellers. `done` is settlement's refusal that means
 * the work has already happened, by whatever path; a repeat is answered as a replay (ok).
 */
const ESCROW_DUTIES = [
  { topic: SETTLEMENT_REFUND_TOPIC, action: 'refund', done: 'not_paid' },
  { topic: SETTLEMENT_RELEASE_TOPIC, action: 'release', done: 'already_released' },
] as const;

function sendEscrowDuty(
  ctx: MarketContext,
  now: Date,
  duty: (typeof ESCROW_DUTIES)[number],
): Promise<number> {
  return drainOutbox(ctx.db, {
    topic: duty.topic,
    now,
    log: ctx.log,
    maxAttempts: 25,
    deliver: async (job) => {
      const answer = await ctx.settlement.background.escrow(
        (job.payload as { orderId: string }).orderId,
        duty.action,
      );
      return answer.ok || answer.code === duty.done ? null : `${duty.action} refused: ${answer.code}`;
    },
  });
}

/** One pass of the market's side of the closed link; an unreachable settlement waits for the next. */
export async function runSettlementDuties(ctx: MarketContext): Promise<void> {
  const now = ctx.clock.now();
  try {
    while ((await sendAnnouncements(ctx, now)) > 0) {}
    for (const duty of ESCROW_DUTIES) while ((await sendEscrowDuty(ctx, now, duty)) > 0) {}
    while ((await collectSettlementEvents(ctx)) > 0) {}
    await settleReportPurchases(ctx);
  } catch (error) {
    if (!(error instanceof ClosedLinkUnavailable)) throw error;
    ctx.log.debug({ err: error }, 'settlement unreachable; trying again later');
  }
}
