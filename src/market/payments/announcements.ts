import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { drainOutbox, enqueue } from '../../platform/outbox.ts';
import type { OrderAnnouncement } from '../../protocol/settlement.ts';
import type { MarketContext } from '../context.ts';
import { orders } from '../db/schema.ts';
import type { Order } from '../orders/purchase.ts';
import { orderTermsHash } from './terms-hash.ts';

export const SETTLEMENT_ANNOUNCE_TOPIC = 'settlement.announce';
/** About a day of backing off: an outage delays announcements, it does not lose them. */
const MAX_ATTEMPTS = 25;

/** B7: what settlement learns of a new order, nothing more. */
export const announcementOf = (order: Order): OrderAnnouncement => ({
  orderId: order.id,
  amount: order.amountMinor,
  currency: order.currency,
  sellerId: order.sellerId,
  termsHash: orderTermsHash(order),
});

/** B7, in the order's own transaction: the announcement is queued and sent after commit. */
export const queueAnnouncement = (tx: Executor, order: Order, now: Date) =>
  enqueue(tx, { topic: SETTLEMENT_ANNOUNCE_TOPIC, payload: { orderId: order.id }, now });

/** Sends queued announcements over the closed link; settlement accepts a repeat. */
export function sendAnnouncements(ctx: MarketContext, now: Date): Promise<number> {
  return drainOutbox(ctx.db, {
    topic: SETTLEMENT_ANNOUNCE_TOPIC,
    now,
    log: ctx.log,
    maxAttempts: MAX_ATTEMPTS,
    deliver: async (job) => {
      const { orderId } = job.payload as { orderId: string };
      const [order] = await ctx.db.select().from(orders).where(eq(orders.id, orderId));
      if (!order) return null;
      const answer = await ctx.settlement.background.announce(announcementOf(order));
      return answer === 'announced' ? null : 'settlement holds other terms for this order';
    },
  });
}
