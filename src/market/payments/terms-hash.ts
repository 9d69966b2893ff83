import { requestHash } from '../../platform/idempotency.ts';
import type { Order } from '../orders/purchase.ts';

/**
 * B7: the order's terms as one hash, so settlement can hold both sides to the same order
 * without learning what was bought.
 */
export const orderTermsHash = (order: Order): string =>
  requestHash({
    orderId: order.id,
    sellerId: order.sellerId,
    offerId: order.offerId,
    commodityId: order.commodityId,
    quantity: order.quantity,
    unitPrice: order.unitPriceMinor,
    amount: order.amountMinor,
    currency: order.currency,
    createdAt: order.createdAt.toISOString(),
  });
