import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import type { ShipmentState } from '../../protocol/delivery.ts';
import { orders } from '../db/schema.ts';

export type Order = typeof orders.$inferSelect;
export type OrderState = Order['state'];
export type OrderEvent = 'pay' | 'expire' | 'cancel';

/**
 * The market's order states as one table: for each state, the events it answers and the state
 * each leads to; anything absent is refused.
 * - B6 creates an order awaiting payment. It is paid (B8), or lapses when its payment window
 *   closes, and its stock returns to the offer.
 * - A payment can overtake the expiry (approved just before the window closed, heard of just
 *   after): the lapsed order is paid if its stock can be taken again, else cancelled, and its
 *   money refunded.
 * - Paid and cancelled are ends. A paid order's parcel then moves along PARCEL_TRANSITIONS.
 */
export const ORDER_TRANSITIONS = {
  awaiting_payment: { pay: 'paid', expire: 'expired' },
  expired: { pay: 'paid', cancel: 'cancelled' },
  paid: {},
  cancelled: {},
} as const satisfies Record<OrderState, Partial<Record<OrderEvent, OrderState>>>;

/** Before delivery reports anything of a paid order's parcel. */
export const UNBOOKED = 'unbooked';

/**
 * B9: where a paid order's parcel may go next, as delivery reports it. Only forward, and never
 * out of an end (picked up or returned). Delivery's events arrive at least once and in any
 * order, so a step may be heard of after a later one: it may skip ahead, and the late, older
 * one is then refused rather than moving the parcel back.
 */
export const PARCEL_TRANSITIONS: Record<ShipmentState | typeof UNBOOKED, readonly ShipmentState[]> = {
  [UNBOOKED]: ['booked', 'dropped_off', 'in_transit', 'ready_for_pickup', 'picked_up', 'returned'],
  booked: ['dropped_off', 'in_transit', 'ready_for_pickup', 'picked_up', 'returned'],
  dropped_off: ['in_transit', 'ready_for_pickup', 'picked_up', 'returned'],
  in_transit: ['ready_for_pickup', 'picked_up', 'returned'],
  ready_for_pickup: ['picked_up', 'returned'],
  picked_up: [],
  returned: [],
};

/** Whether a parcel may move from `current` (null: nothing reported yet) to `next`. */
export const parcelMayMove = (current: ShipmentState | null, next: ShipmentState): boolean =>
  PARCEL_TRANSITIONS[current ?? UNBOOKED].includes(next);

/** Where `event` takes an order in `state`, or null when the table refuses it. */
export const nextOrderState = (state: OrderState, event: OrderEvent): OrderState | null =>
  (ORDER_TRANSITIONS[state] as Partial<Record<OrderEvent, OrderState>>)[event] ?? null;

/** A change of an order, with what the new state carries. */
export type OrderChange =
  | { event: 'expire' }
  | { event: 'cancel' }
  | { event: 'pay'; paidAt: Date; pickupPointId: string }
  | { event: 'parcel'; state: ShipmentState; deadline: Date | null };

export interface RefusedChange {
  code: 'refused_transition';
  state: OrderState;
  parcelState: ShipmentState | null;
  change: OrderChange['event'];
}

/**
 * The one way an order's row changes: the change is checked against the tables above, and
 * written only if the row is still as the caller read it (the caller holds its lock; the guard
 * turns a stale read into a refusal, never a lost update). Answers the changed order.
 */
export async function moveOrder(
  tx: Tx,
  order: Order,
  change: OrderChange,
  now: Date,
): Promise<Result<Order, RefusedChange>> {
  const refused = err<RefusedChange>({
    code: 'refused_transition',
    state: order.state,
    parcelState: order.parcelState,
    change: change.event,
  });
  let set: Partial<Order>;
  if (change.event === 'parcel') {
    if (order.state !== 'paid' || !parcelMayMove(order.parcelState, change.state)) return refused;
    set = { parcelState: change.state, parcelDeadline: change.deadline };
  } else {
    const state = nextOrderState(order.state, change.event);
    if (!state) return refused;
    set =
      change.event === 'pay'
        ? { state, paidAt: change.paidAt, pickupPointId: change.pickupPointId }
        : { state };
  }
  const [moved] = await tx
    .update(orders)
    .set({ ...set, updatedAt: now })
    .where(
      and(
        eq(orders.id, order.id),
        eq(orders.state, order.state),
        order.parcelState === null ? isNull(orders.parcelState) : eq(orders.parcelState, order.parcelState),
      ),
    )
    .returning();
  return moved ? ok(moved) : refused;
}
