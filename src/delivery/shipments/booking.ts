import { eq } from 'drizzle-orm';
import { err, ok, type Result } from '../../platform/result.ts';
import { encodeCrockford, randomCrockfordDigits } from '../../protocol/crockford.ts';
import type { ShipmentBooking } from '../../protocol/delivery.ts';
import type { DeliveryContext } from '../context.ts';
import { pickupPoints, shipments } from '../db/schema.ts';
import { appendEvent, findShipment, type ShipmentRow } from './shipments.ts';

export type BookingRefusal =
  | { code: 'unknown_pickup_point' }
  | { code: 'pickup_point_closed' }
  | { code: 'shipment_conflict'; booked: { pickupPointCode: string; parcelSize: string } };

/**
 * The carrier's return reference: random, so it says nothing about the order or the seller, and
 * short enough to read out over a counter (`R-` and 10 Crockford digits, 50 bits).
 */
const newReturnReference = () => `R-${encodeCrockford(randomCrockfordDigits(10))}`;

const sameBooking = (row: ShipmentRow, pointId: string, booking: ShipmentBooking) =>
  row.pickupPointId === pointId && row.parcelSize === booking.parcelSize;

/**
 * B9: the seller (through the market) books a paid order's parcel to the pickup point the
 * purchaser chose. Booking again with the same point and size answers the same shipment, so a
 * retry is safe; another point or size is a conflict, never a silent change of address.
 */
export async function bookShipment(
  ctx: DeliveryContext,
  orderId: string,
  booking: ShipmentBooking,
): Promise<Result<{ shipment: ShipmentRow; created: boolean }, BookingRefusal>> {
  const [point] = await ctx.db
    .select()
    .from(pickupPoints)
    .where(eq(pickupPoints.code, booking.pickupPointCode));
  const existing = await findShipment(ctx.db, orderId);
  if (existing) return answerExisting(ctx, existing, point?.id, booking);
  if (!point) return err({ code: 'unknown_pickup_point' });
  if (!point.active) return err({ code: 'pickup_point_closed' });

  for (;;) {
    const now = ctx.clock.now();
    const created = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(shipments)
        .values({
          orderId,
          pickupPointId: point.id,
          parcelSize: booking.parcelSize,
          state: 'booked',
          returnReference: newReturnReference(),
          bookedAt: now,
          updatedAt: now,
        })
        // Either key may clash: the order (booked meanwhile) or, rarely, the return reference.
        .onConflictDoNothing()
        .returning();
      // B9: booked is the parcel's first event; the market hears of it like every other.
      if (row)
        await appendEvent(tx, { orderId, state: 'booked', at: now, pickupPointId: null, deadline: null });
      return row;
    });
    if (created) return ok({ shipment: created, created: true });
    const raced = await findShipment(ctx.db, orderId);
    if (raced) return answerExisting(ctx, raced, point.id, booking);
  }
}

async function answerExisting(
  ctx: DeliveryContext,
  existing: ShipmentRow,
  pointId: string | undefined,
  booking: ShipmentBooking,
): Promise<Result<{ shipment: ShipmentRow; created: boolean }, BookingRefusal>> {
  if (pointId && sameBooking(existing, pointId, booking)) return ok({ shipment: existing, created: false });
  const [bookedPoint] = await ctx.db
    .select({ code: pickupPoints.code })
    .from(pickupPoints)
    .where(eq(pickupPoints.id, existing.pickupPointId));
  return err({
    code: 'shipment_conflict',
    booked: { pickupPointCode: bookedPoint?.code ?? '', parcelSize: existing.parcelSize },
  });
}
