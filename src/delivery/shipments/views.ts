import { and, asc, eq, gt, lte } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { PARCEL_SIZES, SHIPMENT_STATES, type Shipment } from '../../protocol/delivery.ts';
import { pickupPoints, shipmentEvents, shipments } from '../db/schema.ts';
import type { ShipmentRow } from './shipments.ts';

/** A parcel as a pickup point's clerk sees it: no more than the label shows. */
export const parcelSchema = z
  .object({
    orderId: z.string(),
    state: z.enum(SHIPMENT_STATES),
    parcelSize: z.enum(PARCEL_SIZES),
    /** Where it is to be collected. */
    pickupPointCode: z.string(),
    deadline: z.string().nullable(),
  })
  .meta({ id: 'Parcel' });
export type Parcel = z.infer<typeof parcelSchema>;

const stateOrder = (state: string) => SHIPMENT_STATES.indexOf(state as never);

/** The market's view of one shipment (and through it the seller's and the purchaser's). */
export async function shipmentView(db: Executor, orderId: string): Promise<Shipment | null> {
  const [row] = await db
    .select({ shipment: shipments, point: pickupPoints })
    .from(shipments)
    .innerJoin(pickupPoints, eq(pickupPoints.id, shipments.pickupPointId))
    .where(eq(shipments.orderId, orderId));
  if (!row) return null;
  const events = await db
    .select({ state: shipmentEvents.state, at: shipmentEvents.at })
    .from(shipmentEvents)
    .where(eq(shipmentEvents.orderId, orderId));
  // Several steps may share a timestamp; a parcel's states only ever move forward.
  events.sort((a, b) => a.at.getTime() - b.at.getTime() || stateOrder(a.state) - stateOrder(b.state));
  const { shipment, point } = row;
  return {
    orderId: shipment.orderId,
    state: shipment.state,
    parcelSize: shipment.parcelSize,
    pickupPoint: {
      code: point.code,
      name: point.name,
      address: point.address,
      nameRomaji: point.nameRomaji,
      addressRomaji: point.addressRomaji,
    },
    returnReference: shipment.returnReference,
    bookedAt: shipment.bookedAt.toISOString(),
    deadline: shipment.deadline?.toISOString() ?? null,
    events: events.map((e) => ({ state: e.state, at: e.at.toISOString() })),
  };
}

export const parcelView = (shipment: ShipmentRow, pickupPointCode: string): Parcel => ({
  orderId: shipment.orderId,
  state: shipment.state,
  parcelSize: shipment.parcelSize,
  pickupPointCode,
  deadline: shipment.deadline?.toISOString() ?? null,
});

/** The parcel view of a shipment, its destination's code looked up. */
export async function loadParcelView(db: Executor, shipment: ShipmentRow): Promise<Parcel> {
  const [point] = await db
    .select({ code: pickupPoints.code })
    .from(pickupPoints)
    .where(eq(pickupPoints.id, shipment.pickupPointId));
  return parcelView(shipment, point?.code ?? '');
}

/** How many parcels each list shows at most; a store's shelf holds far fewer. */
const LIST_LIMIT = 500;

/**
 * B9: a pickup point's work lists. Dropped off here (for the carrier to take), coming here,
 * waiting here to be collected, and overdue here (to be sent back).
 */
export async function clerkParcelLists(db: Executor, pointId: string, now: Date) {
  const list = async (where: ReturnType<typeof and>, order: Parameters<typeof asc>[0]) => {
    const rows = await db
      .select({ shipment: shipments, code: pickupPoints.code })
      .from(shipments)
      .innerJoin(pickupPoints, eq(pickupPoints.id, shipments.pickupPointId))
      .where(where)
      .orderBy(asc(order), asc(shipments.orderId))
      .limit(LIST_LIMIT);
    return rows.map((r) => parcelView(r.shipment, r.code));
  };
  const here = eq(shipments.pickupPointId, pointId);
  const ready = eq(shipments.state, 'ready_for_pickup');
  const [droppedOff, incoming, waiting, overdue] = await Promise.all([
    list(
      and(eq(shipments.droppedOffPointId, pointId), eq(shipments.state, 'dropped_off')),
      shipments.updatedAt,
    ),
    list(and(here, eq(shipments.state, 'in_transit')), shipments.updatedAt),
    list(and(here, ready, gt(shipments.deadline, now)), shipments.deadline),
    list(and(here, ready, lte(shipments.deadline, now)), shipments.deadline),
  ]);
  return { droppedOff, incoming, waiting, overdue };
}
