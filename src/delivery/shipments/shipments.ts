import { eq } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import type { ShipmentState } from '../../protocol/delivery.ts';
import { shipmentEvents, shipments } from '../db/schema.ts';
import { queueParcelEvent } from '../events/parcel-events.ts';

export type ShipmentRow = typeof shipments.$inferSelect;

/**
 * The shipment, locked for the rest of the transaction (`SELECT … FOR UPDATE`): every change of
 * state reads and writes under this lock, so two clerks scanning the same parcel at once are
 * served one after the other and the second sees what the first did.
 */
export async function lockShipment(tx: Tx, orderId: string): Promise<ShipmentRow | undefined> {
  const [row] = await tx.select().from(shipments).where(eq(shipments.orderId, orderId)).for('update');
  return row;
}

export async function findShipment(db: Executor, orderId: string): Promise<ShipmentRow | undefined> {
  const [row] = await db.select().from(shipments).where(eq(shipments.orderId, orderId));
  return row;
}

/**
 * Appends a parcel's event and queues it for the market, in the caller's transaction (B9: the
 * market learns every step, so money can follow the parcel).
 */
export async function appendEvent(
  tx: Tx,
  event: {
    orderId: string;
    state: ShipmentState;
    at: Date;
    pickupPointId: string | null;
    reason?: string;
    deadline: Date | null;
  },
): Promise<void> {
  const id = newId();
  await tx.insert(shipmentEvents).values({
    id,
    orderId: event.orderId,
    state: event.state,
    at: event.at,
    pickupPointId: event.pickupPointId,
    reason: event.reason ?? null,
  });
  await queueParcelEvent(tx, {
    id,
    orderId: event.orderId,
    state: event.state,
    at: event.at.toISOString(),
    deadline: event.deadline?.toISOString() ?? null,
  });
}

/** Moves a locked shipment on to `state`: the row, its event and the market's message together. */
export async function moveShipment(
  tx: Tx,
  shipment: ShipmentRow,
  change: {
    state: ShipmentState;
    at: Date;
    /** The store where it happened. */
    pickupPointId: string;
    reason?: string;
    deadline?: Date;
    droppedOffPointId?: string;
  },
): Promise<ShipmentRow> {
  const [moved] = await tx
    .update(shipments)
    .set({
      state: change.state,
      updatedAt: change.at,
      ...(change.deadline && { deadline: change.deadline }),
      ...(change.droppedOffPointId && { droppedOffPointId: change.droppedOffPointId }),
    })
    .where(eq(shipments.orderId, shipment.orderId))
    .returning();
  if (!moved) throw new Error(`shipment ${shipment.orderId} vanished while locked`);
  await appendEvent(tx, {
    orderId: moved.orderId,
    state: moved.state,
    at: change.at,
    pickupPointId: change.pickupPointId,
    reason: change.reason,
    deadline: moved.deadline,
  });
  return moved;
}
