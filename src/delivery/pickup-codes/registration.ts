import { eq, isNull, sql } from 'drizzle-orm';
import { err, ok, type Result } from '../../platform/result.ts';
import { slowHash, verifySlowHash } from '../../platform/secrets.ts';
import { pickupCodeRegistrationTokenValid } from '../../protocol/delivery.ts';
import { parseOrderId } from '../../protocol/order-id.ts';
import { parsePickupCode } from '../../protocol/pickup-code.ts';
import type { DeliveryContext } from '../context.ts';
import { pickupCodes } from '../db/schema.ts';

export type RegistrationRefusal =
  | { code: 'invalid_order_id' }
  | { code: 'invalid_registration_token' }
  | { code: 'invalid_pickup_code' }
  | { code: 'pickup_code_already_registered' };

/**
 * B9: the purchaser's browser registers the pickup code it made, with the token the market gave
 * it for the order; the code never passes through the market. Only a salted scrypt verifier is
 * kept. The first code registered wins, so no one who merely holds the token (the market
 * included) can replace it unnoticed; sending the same code again answers as the first time.
 */
export async function registerPickupCode(
  ctx: DeliveryContext,
  input: { orderId: string; token: string; code: string },
): Promise<Result<{ orderId: string; registeredAt: Date; created: boolean }, RegistrationRefusal>> {
  const orderId = parseOrderId(input.orderId);
  if (!orderId) return err({ code: 'invalid_order_id' });
  if (!pickupCodeRegistrationTokenValid(ctx.config.marketKey, orderId, input.token)) {
    return err({ code: 'invalid_registration_token' });
  }
  const code = parsePickupCode(input.code);
  if (!code) return err({ code: 'invalid_pickup_code' });

  const verifier = await slowHash(code);
  const now = ctx.clock.now();
  // A row may already count wrong codes tried before any was registered; it takes the code
  // only while it has none. Concurrent registrations queue on the key: one wins.
  const [registered] = await ctx.db
    .insert(pickupCodes)
    .values({ orderId, verifier, registeredAt: now })
    .onConflictDoUpdate({
      target: pickupCodes.orderId,
      set: { verifier: sql`excluded.verifier`, registeredAt: sql`excluded.registered_at` },
      setWhere: isNull(pickupCodes.verifier),
    })
    .returning();
  if (registered?.registeredAt) return ok({ orderId, registeredAt: registered.registeredAt, created: true });

  const [existing] = await ctx.db.select().from(pickupCodes).where(eq(pickupCodes.orderId, orderId));
  if (existing?.verifier && existing.registeredAt && (await verifySlowHash(code, existing.verifier))) {
    return ok({ orderId, registeredAt: existing.registeredAt, created: false });
  }
  return err({ code: 'pickup_code_already_registered' });
}
