import { and, asc, eq, lte } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import type { ShipmentState } from '../../protocol/delivery.ts';
import type { DeliveryContext } from '../context.ts';
import { shipments } from '../db/schema.ts';
import type { PickupPoint } from '../pickup-points/pickup-points.ts';
import { lockShipment, moveShipment, type ShipmentRow } from './shipments.ts';

/** A clerk's scan that cannot be done, as a value the route turns into a problem answer. */
export type TransitionRefusal =
  | { code: 'parcel_not_found' }
  | { code: 'wrong_state'; state: ShipmentState }
  | { code: 'not_overdue'; deadline: Date };

/** Done, or had already been done here: a repeat answers the parcel and adds no event. */
export type Moved = { shipment: ShipmentRow; repeated: boolean };

const DAY_MS = 86_400_000;

/**
 * Runs one scan at a pickup point on the locked shipment; `decide` sees the parcel as it is
 * after any concurrent scan committed.
 */
async function scan<E>(
  ctx: DeliveryContext,
  orderId: string,
  decide: (tx: Tx, shipment: ShipmentRow, now: Date) => Promise<Result<Moved, E | TransitionRefusal>>,
): Promise<Result<Moved, E | TransitionRefusal>> {
  return ctx.db.transaction(async (tx) => {
    const shipment = await lockShipment(tx, orderId);
    if (!shipment) return err({ code: 'parcel_not_found' as const });
    return decide(tx, shipment, ctx.clock.now());
  });
}

const repeated = (shipment: ShipmentRow) => ok({ shipment, repeated: true });
const wrongState = (shipment: ShipmentRow) => err({ code: 'wrong_state' as const, state: shipment.state });
const notHere = () => err({ code: 'parcel_not_found' as const });

/** B9: the seller hands the parcel in at a store; any store may take it. */
export const dropOff = (ctx: DeliveryContext, point: PickupPoint, orderId: string) =>
  scan(ctx, orderId, async (tx, shipment, now) => {
    if (shipment.state === 'dropped_off' && shipment.droppedOffPointId === point.id)
      return repeated(shipment);
    if (shipment.state !== 'booked') return wrongState(shipment);
    const moved = await moveShipment(tx, shipment, {
      state: 'dropped_off',
      at: now,
      pickupPointId: point.id,
      droppedOffPointId: point.id,
    });
    return ok({ shipment: moved, repeated: false });
  });

/** B9: the carrier takes the parcel from the store it was handed in at, and only from there. */
export const dispatch = (ctx: DeliveryContext, point: PickupPoint, orderId: string) =>
  scan(ctx, orderId, async (tx, shipment, now) => {
    if (shipment.droppedOffPointId !== point.id) return notHere();
    if (shipment.state === 'in_transit') return repeated(shipment);
    if (shipment.state !== 'dropped_off') return wrongState(shipment);
    const moved = await moveShipment(tx, shipment, { state: 'in_transit', at: now, pickupPointId: point.id });
    return ok({ shipment: moved, repeated: false });
  });

/**
 * B9: the carrier brings the parcel to its pickup point, and only there; from now the purchaser
 * has the point's retention days to collect it.
 */
export const arrive = (ctx: DeliveryContext, point: PickupPoint, orderId: string) =>
  scan(ctx, orderId, async (tx, shipment, now) => {
    if (shipment.pickupPointId !== point.id) return notHere();
    if (shipment.state === 'ready_for_pickup') return repeated(shipment);
    if (shipment.state !== 'in_transit') return wrongState(shipment);
    const moved = await moveShipment(tx, shipment, {
      state: 'ready_for_pickup',
      at: now,
      pickupPointId: point.id,
      deadline: new Date(now.getTime() + point.retentionDays * DAY_MS),
    });
    return ok({ shipment: moved, repeated: false });
  });

/** B9: a parcel not collected by its deadline goes back to the seller (the escrow is refunded). */
export const returnParcel = (ctx: DeliveryContext, point: PickupPoint, orderId: string) =>
  scan(ctx, orderId, async (tx, shipment, now) => {
    if (shipment.pickupPointId !== point.id) return notHere();
    if (shipment.state === 'returned') return repeated(shipment);
    if (shipment.state !== 'ready_for_pickup') return wrongState(shipment);
    const deadline = shipment.deadline as Date;
    if (deadline > now) return err({ code: 'not_overdue' as const, deadline });
    const moved = await moveShipment(tx, shipment, { state: 'returned', at: now, pickupPointId: point.id });
    return ok({ shipment: moved, repeated: false });
  });

/**
 * B9: parcels still waiting a grace period after their deadline are returned by delivery itself,
 * so the purchaser's money never waits on a forgetful clerk. Each in its own transaction, locked
 * and skipped if a clerk has it; returns how many were returned.
 */
export async function returnOverdueParcels(ctx: DeliveryContext, batch = 50): Promise<number> {
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - ctx.config.returnGraceMs);
  let returned = 0;
  const due = await ctx.db
    .select({ orderId: shipments.orderId })
    .from(shipments)
    .where(and(eq(shipments.state, 'ready_for_pickup'), lte(shipments.deadline, cutoff)))
    .orderBy(asc(shipments.deadline))
    .limit(batch);
  for (const { orderId } of due) {
    returned += await ctx.db.transaction(async (tx) => {
      const [shipment] = await tx
        .select()
        .from(shipments)
        .where(eq(shipments.orderId, orderId))
        .for('update', { skipLocked: true });
      if (shipment?.state !== 'ready_for_pickup' || !shipment.deadline || shipment.deadline > cutoff)
        return 0;
      await moveShipment(tx, shipment, {
        state: 'returned',
        at: now,
        pickupPointId: shipment.pickupPointId,
        reason: 'retention_expired',
      });
      return 1;
    });
  }
  return returned;
}
