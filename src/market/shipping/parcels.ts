import { eq } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { enqueue } from '../../platform/outbox.ts';
import { type ParcelEvent, SHIPMENT_STATES, type ShipmentState } from '../../protocol/delivery.ts';
import { parseOrderId } from '../../protocol/order-id.ts';
import { orders, parcelEvents } from '../db/schema.ts';
import { moveOrder, type Order } from '../orders/order-state.ts';
import { appendSellerEvent } from '../orders/seller-events.ts';
import { SETTLEMENT_REFUND_TOPIC } from '../payments/order-paid.ts';

/** B9: the escrow of a picked-up parcel goes to the seller (settlement-duties sends it). */
export const SETTLEMENT_RELEASE_TOPIC = 'settlement.release';

const RANK = Object.fromEntries(SHIPMENT_STATES.map((s, i) => [s, i])) as Record<ShipmentState, number>;

export interface ParcelStep {
  state: ShipmentState;
  at: Date;
  deadline: Date | null;
}

/**
 * B9: moves an order's parcel forward to what delivery reported, in the caller's transaction
 * (the order row locked by the caller), and lets money follow the parcel: picked up releases
 * the escrow to the seller, returned refunds it, each queued for settlement exactly once
 * because a parcel reaches an end only once. The seller is told each move. Answers whether the
 * parcel moved.
 */
export async function advanceParcel(tx: Tx, order: Order, step: ParcelStep, now: Date): Promise<boolean> {
  const moved = await moveOrder(
    tx,
    order,
    { event: 'parcel', state: step.state, deadline: step.deadline },
    now,
  );
  if (!moved.ok) return false;
  // Only moves are told: a late, older event says nothing the seller does not know already.
  await appendSellerEvent(
    tx,
    order.sellerId,
    'order.parcel',
    {
      orderId: order.id,
      state: step.state,
      at: step.at.toISOString(),
      deadline: step.deadline?.toISOString() ?? null,
    },
    now,
  );
  // B9: hand-over releases escrow to the seller; a parcel not collected goes back, refunded.
  // Only a paid order's parcel moves, so its money is in escrow.
  if (step.state === 'picked_up')
    await enqueue(tx, { topic: SETTLEMENT_RELEASE_TOPIC, payload: { orderId: order.id }, now });
  if (step.state === 'returned')
    await enqueue(tx, { topic: SETTLEMENT_REFUND_TOPIC, payload: { orderId: order.id }, now });
  return true;
}

export type ParcelEventOutcome = 'applied' | 'repeated' | 'unknown_order';

/**
 * B9: a parcel event from delivery, in one transaction. Its ID is recorded first, so a repeat
 * (delivery's outbox sends at least once) is recognised and changes nothing; a new but older
 * event is recorded for the purchaser's tracking but does not move the parcel back.
 */
export async function applyParcelEvent(tx: Tx, event: ParcelEvent, now: Date): Promise<ParcelEventOutcome> {
  const orderId = parseOrderId(event.orderId);
  // The lock puts concurrent events of one order in a line, so "forward only" holds between them.
  const [order] = orderId ? await tx.select().from(orders).where(eq(orders.id, orderId)).for('update') : [];
  if (!order) return 'unknown_order';
  const step: ParcelStep = {
    state: event.state,
    at: new Date(event.at),
    deadline: event.deadline ? new Date(event.deadline) : null,
  };
  const recorded = await tx
    .insert(parcelEvents)
    .values({ id: event.id, orderId: order.id, ...step, receivedAt: now })
    .onConflictDoNothing()
    .returning({ id: parcelEvents.id });
  if (!recorded.length) return 'repeated';
  await advanceParcel(tx, order, step, now);
  return 'applied';
}

/**
 * The parcel's way as the market heard of it, oldest first, for the purchaser's tracking; steps
 * at the same moment in the order of the way.
 */
export async function parcelHistory(
  db: Executor,
  orderId: string,
): Promise<{ state: ShipmentState; at: Date }[]> {
  const rows = await db
    .select({ state: parcelEvents.state, at: parcelEvents.at })
    .from(parcelEvents)
    .where(eq(parcelEvents.orderId, orderId));
  return rows.sort((a, b) => a.at.getTime() - b.at.getTime() || RANK[a.state] - RANK[b.state]);
}
