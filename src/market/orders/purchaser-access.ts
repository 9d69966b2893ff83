import { eq } from 'drizzle-orm';
import { bearerToken } from '../../platform/api-keys.ts';
import type { Executor } from '../../platform/db/database.ts';

import { parseOrderId } from '../../protocol/order-id.ts';
import { commodities, orders } from '../db/schema.ts';
import { message, problem } from '../problems/catalogue.ts';
import { orderSecretMatches } from './order-secret.ts';

/** One answer for a missing order, a wrong secret and another seller's order: no enumeration. */
export const ORDER_NOT_FOUND = problem(404, 'order_not_found', { detail: message('order_not_found.detail') });

/**
 * The order a purchaser may see: the ID as printed or typed, and its order secret as the bearer
 * token. Null when either is wrong, without telling which.
 */
export async function purchaserOrder(db: Executor, rawOrderId: string, authorization: string | undefined) {
  const orderId = parseOrderId(rawOrderId);
  const [row] = orderId
    ? await db
        .select({ order: orders, commodity: commodities })
        .from(orders)
        .innerJoin(commodities, eq(commodities.id, orders.commodityId))
        .where(eq(orders.id, orderId))
    : [];
  // The verifier is compared even when there is no order, so both answers take alike long.
  const matches = orderSecretMatches(
    bearerToken(authorization),
    row?.order.secretVerifier ?? Buffer.alloc(32),
  );
  return row && matches ? row : null;
}
