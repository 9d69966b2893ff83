import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { commodities, offers, orders } from '../db/schema.ts';
import { moveOrder } from './order-state.ts';
import { sellerOrderPayload } from './purchase.ts';
import { appendSellerEvent } from './seller-events.ts';

/**
 * An order left unpaid past its payment window expires and its stock returns to the offer.
 * Rows are claimed with SKIP LOCKED, so every market process may run this at once.
 */
export async function expireUnpaidOrders(db: Db, now: Date, batch = 100): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.state, 'awaiting_payment'), lte(orders.expiresAt, now)))
      .limit(batch)
      .for('update', { skipLocked: true });
    if (!due.length) return 0;
    const names = await tx
      .select()
      .from(commodities)
      .where(
        inArray(
          commodities.id,
          due.map((o) => o.commodityId),
        ),
      );
    let expired = 0;
    for (const locked of due) {
      const moved = await moveOrder(tx, locked, { event: 'expire' }, now);
      if (!moved.ok) continue;
      const order = moved.value;
      expired++;
      await tx
        .update(offers)
        .set({ stock: sql`${offers.stock} + ${order.quantity}`, updatedAt: now })
        .where(eq(offers.id, order.offerId));
      const commodity = names.find((c) => c.id === order.commodityId) ?? {
        id: order.commodityId,
        model: '',
        name: '',
      };
      await appendSellerEvent(tx, order.sellerId, 'order.expired', sellerOrderPayload(order, commodity), now);
    }
    return expired;
  });
}
