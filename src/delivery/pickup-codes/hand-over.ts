import { and, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import { slowHash, verifySlowHash } from '../../platform/secrets.ts';
import type { ShipmentState } from '../../protocol/delivery.ts';
import { parseOrderId } from '../../protocol/order-id.ts';
import { parsePickupCode } from '../../protocol/pickup-code.ts';
import type { DeliveryContext } from '../context.ts';
import { pickupCodes, pickupPointFailures, pickupPoints } from '../db/schema.ts';
import type { PickupPoint } from '../pickup-points/pickup-points.ts';
import { lockShipment, moveShipment, type ShipmentRow } from '../shipments/shipments.ts';

export type HandOverRefusal =
  | { code: 'invalid_order_id' }
  | { code: 'invalid_pickup_code' }
  | { code: 'parcel_not_found' }
  | { code: 'not_ready'; state: ShipmentState }
  | { code: 'already_picked_up' }
  | { code: 'returned' }
  | { code: 'deadline_passed'; deadline: Date }
  | { code: 'wrong_code'; attemptsLeft: number }
  | { code: 'pickup_locked'; lockedUntil: Date; wrongCode: boolean }
  | { code: 'too_many_attempts_here'; retryAfterSeconds: number };

/**
 * A verifier of no code, checked when an order has none registered, so that "no code" takes as
 * long as "wrong code" and tells a guesser nothing.
 */
let noCodeVerifier: Promise<string> | undefined;

/** Constant time for a given verifier: scrypt, then timingSafeEqual (platform/secrets). */
async function codeMatches(code: string, verifier: string | null | undefined): Promise<boolean> {
  if (verifier) return verifySlowHash(code, verifier);
  noCodeVerifier ??= slowHash('no pickup code is registered');
  await verifySlowHash(code, await noCodeVerifier);
  return false;
}

/**
 * B9: the hand-over. The purchaser shows the order ID and its pickup code; the clerk scans or
 * types them. The parcel must be waiting at this point and not past its deadline; the code is
 * checked against its verifier only while the order is not locked and the point is not over its
 * limit of wrong codes; a wrong code counts against both, and the right one is used up.
 * Everything happens under the shipment's row lock, so two hand-overs of one parcel at once
 * give it out once.
 */
export async function handOver(
  ctx: DeliveryContext,
  point: PickupPoint,
  input: { orderId: string; code: string },
): Promise<Result<ShipmentRow, HandOverRefusal>> {
  // A typo is caught by the check digits before it costs an attempt.
  const orderId = parseOrderId(input.orderId);
  if (!orderId) return err({ code: 'invalid_order_id' });
  const code = parsePickupCode(input.code);
  if (!code) return err({ code: 'invalid_pickup_code' });

  return ctx.db.transaction(async (tx): Promise<Result<ShipmentRow, HandOverRefusal>> => {
    const shipment = await lockShipment(tx, orderId);
    // Another point's parcel answers as no parcel at all.
    if (!shipment || shipment.pickupPointId !== point.id) return err({ code: 'parcel_not_found' });
    if (shipment.state === 'picked_up') return err({ code: 'already_picked_up' });
    if (shipment.state === 'returned') return err({ code: 'returned' });
    if (shipment.state !== 'ready_for_pickup') return err({ code: 'not_ready', state: shipment.state });
    const now = ctx.clock.now();
    const deadline = shipment.deadline as Date;
    if (deadline <= now) return err({ code: 'deadline_passed', deadline });

    const [stored] = await tx
      .select()
      .from(pickupCodes)
      .where(eq(pickupCodes.orderId, orderId))
      .for('update');
    if (stored?.usedAt) return err({ code: 'already_picked_up' });
    if (stored?.lockedUntil && stored.lockedUntil > now) {
      return err({ code: 'pickup_locked', lockedUntil: stored.lockedUntil, wrongCode: false });
    }
    const busy = await pointOverLimit(ctx, tx, point, now);
    if (busy) return err(busy);

    if (await codeMatches(code, stored?.verifier)) {
      // Single use: the code is spent with the hand-over.
      await tx
        .update(pickupCodes)
        .set({ usedAt: now, failedAttempts: 0, lockedUntil: null })
        .where(eq(pickupCodes.orderId, orderId));
      return ok(await moveShipment(tx, shipment, { state: 'picked_up', at: now, pickupPointId: point.id }));
    }
    return wrongCode(ctx, tx, point, orderId, now);
  });
}

/**
 * B9: the per-point limit, so one counter cannot try a few codes on each of many orders. The
 * point's row is locked while counting, so concurrent attempts there are counted one by one.
 */
async function pointOverLimit(
  ctx: DeliveryContext,
  tx: Tx,
  point: PickupPoint,
  now: Date,
): Promise<{ code: 'too_many_attempts_here'; retryAfterSeconds: number } | null> {
  const { pointAttempts: limit, pointWindowMs: windowMs } = ctx.config;
  await tx
    .select({ id: pickupPoints.id })
    .from(pickupPoints)
    .where(eq(pickupPoints.id, point.id))
    .for('no key update');
  const recent = await tx
    .select({ at: pickupPointFailures.at })
    .from(pickupPointFailures)
    .where(
      and(
        eq(pickupPointFailures.pickupPointId, point.id),
        gt(pickupPointFailures.at, new Date(now.getTime() - windowMs)),
      ),
    )
    .orderBy(desc(pickupPointFailures.at))
    .limit(limit);
  const oldestCounted = recent[limit - 1];
  if (!oldestCounted) return null;
  // Once this one leaves the window, the point is under its limit again.
  const waitMs = oldestCounted.at.getTime() + windowMs - now.getTime();
  return { code: 'too_many_attempts_here', retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

async function wrongCode(
  ctx: DeliveryContext,
  tx: Tx,
  point: PickupPoint,
  orderId: string,
  now: Date,
): Promise<Result<never, HandOverRefusal>> {
  await tx.insert(pickupPointFailures).values({ id: newId(), pickupPointId: point.id, at: now });
  // No code registered counts as a wrong code too: the row then holds only the count.
  const [counted] = await tx
    .insert(pickupCodes)
    .values({ orderId, failedAttempts: 1 })
    .onConflictDoUpdate({
      target: pickupCodes.orderId,
      set: { failedAttempts: sql`${pickupCodes.failedAttempts} + 1` },
    })
    .returning({ failedAttempts: pickupCodes.failedAttempts });
  const failed = counted?.failedAttempts ?? 1;
  if (failed < ctx.config.pickupAttempts) {
    return err({ code: 'wrong_code', attemptsLeft: ctx.config.pickupAttempts - failed });
  }
  // B9: too many wrong codes lock the order for a while; the count starts again after it.
  const lockedUntil = new Date(now.getTime() + ctx.config.pickupLockMs);
  await tx
    .update(pickupCodes)
    .set({ failedAttempts: 0, lockedUntil })
    .where(eq(pickupCodes.orderId, orderId));
  return err({ code: 'pickup_locked', lockedUntil, wrongCode: true });
}

/** Wrong codes that no longer count toward any point's limit are forgotten. */
export async function forgetOldFailures(ctx: DeliveryContext): Promise<void> {
  const before = new Date(ctx.clock.now().getTime() - ctx.config.pointWindowMs);
  await ctx.db.delete(pickupPointFailures).where(lt(pickupPointFailures.at, before));
}
