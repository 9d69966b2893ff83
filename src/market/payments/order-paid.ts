import { and, eq, gte, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { enqueue } from '../../platform/outbox.ts';
import type { Result } from '../../platform/result.ts';
import type { OrderPaidEvent } from '../../protocol/settlement.ts';
import { commodities, offers, orders } from '../db/schema.ts';
import { moveOrder, type Order, type RefusedChange } from '../orders/order-state.ts';
import { sellerOrderPayload } from '../orders/purchase.ts';
import { appendSellerEvent } from '../orders/seller-events.ts';

export const SETTLEMENT_REFUND_TOPIC = 'settlement.refund';

export type PaidOutcome = 'paid' | 'already_paid' | 'cancelled' | 'unknown_order';

/**
 * B8's last arrow: settlement says order X is paid and goes to pickup point P. The order becomes
 * paid and the seller is told (inbox, live stream, webhook): the commodity and the pickup point,
 * nothing about the payer. Applying the same news twice changes nothing.
 *
 * A payment can overtake the order's expiry (approved just before the window closed, heard of
 * just after). Then the stock is taken again if it is still there; if not, the order is
 * cancelled and settlement is asked to refund, so nobody pays for what cannot be sent.
 */
export async function applyOrderPaid(tx: Tx, event: OrderPaidEvent, now: Date): Promise<PaidOutcome> {
  // The commodity comes along, for the seller's notice: one statement, the order's row locked.
  const [found] = await tx
    .select({ order: orders, commodity: commodities })
    .from(orders)
    .innerJoin(commodities, eq(commodities.id, orders.commodityId))
    .where(eq(orders.id, event.orderId))
    .for('update', { of: orders });
  if (!found) return 'unknown_order';
  const { order, commodity } = found;
  if (order.state === 'paid') return 'already_paid';
  if (order.state === 'cancelled') {
    await enqueue(tx, { topic: SETTLEMENT_REFUND_TOPIC, payload: { orderId: order.id }, now });
    return 'cancelled';
  }
  if (order.state === 'expired' && !(await reserveAgain(tx, order.offerId, order.quantity, now))) {
    settled(await moveOrder(tx, order, { event: 'cancel' }, now));
    await enqueue(tx, { topic: SETTLEMENT_REFUND_TOPIC, payload: { orderId: order.id }, now });
    return 'cancelled';
  }
  const paid = settled(
    await moveOrder(
      tx,
      order,
      { event: 'pay', paidAt: new Date(event.paidAt), pickupPointId: event.pickupPointId },
      now,
    ),
  );
  await appendSellerEvent(tx, order.sellerId, 'order.paid', sellerOrderPayload(paid, commodity), now);
  return 'paid';
}

/** The order is locked and in a state the table lets the news move, so a refusal is a bug. */
function settled(moved: Result<Order, RefusedChange>): Order {
  if (!moved.ok) throw new Error(`order change refused: ${JSON.stringify(moved.error)}`);
  return moved.value;
}

async function reserveAgain(tx: Tx, offerId: string, quantity: number, now: Date): Promise<boolean> {
  const reserved = await tx
    .update(offers)
    .set({ stock: sql`${offers.stock} - ${quantity}`, updatedAt: now })
    .where(and(eq(offers.id, offerId), gte(offers.stock, quantity)))
    .returning({ id: offers.id });
  return reserved.length > 0;
}
