import { ClosedLinkUnavailable } from '../../platform/closed-link/client';
import type { MarketContext } from '../context';
import { SETTLEMENT_RELEASE_TOPIC } from '../delivery/parcels';
import { drainOutbox } from '../outbox';
import { sendAnnouncements } from './announcements';
import { applyOrderPaid, SETTLEMENT_REFUND_TOPIC } from './order-paid';

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

/** Asks settlement to refund orders cancelled after payment (see applyOrderPaid). */
function sendRefunds(ctx: MarketContext, now: Date): Promise<number> {
  return drainOutbox(ctx.db, {
    topic: SETTLEMENT_REFUND_TOPIC,
    now,
    log: ctx.log,
    maxAttempts: 25,
    deliver: async (job) => {
      const done = await ctx.settlement.background.escrow(
        (job.payload as { orderId: string }).orderId,
        'refund',
      );
      return done.ok || done.code === 'not_paid' ? null : `refund refused: ${done.code}`;
    },
  });
}

/** B9: asks settlement to release the escrow of picked-up parcels to their sellers. */
function sendReleases(ctx: MarketContext, now: Date): Promise<number> {
  return drainOutbox(ctx.db, {
    topic: SETTLEMENT_RELEASE_TOPIC,
    now,
    log: ctx.log,
    maxAttempts: 25,
    deliver: async (job) => {
      const done = await ctx.settlement.background.escrow(
        (job.payload as { orderId: string }).orderId,
        'release',
      );
      // A repeat is answered as a replay (ok); already released, by whatever path, is done too.
      return done.ok || done.code === 'already_released' ? null : `release refused: ${done.code}`;
    },
  });
}

/** One pass of the market's side of the closed link; an unreachable settlement waits for the next. */
export async function runSettlementDuties(ctx: MarketContext): Promise<void> {
  const now = ctx.clock.now();
  try {
    while ((await sendAnnouncements(ctx, now)) > 0) {}
    while ((await sendRefunds(ctx, now)) > 0) {}
    while ((await sendReleases(ctx, now)) > 0) {}
    while ((await collectSettlementEvents(ctx)) > 0) {}
  } catch (error) {
    if (!(error instanceof ClosedLinkUnavailable)) throw error;
    ctx.log.debug({ err: error }, 'settlement unreachable; trying again later');
  }
}
