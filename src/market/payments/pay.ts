import type { FastifyBaseLogger } from 'fastify';
import { ClosedLinkUnavailable } from '../../platform/closed-link/client.ts';
import { newId } from '../../platform/ids.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import type { PaymentAnswer, PaymentRequest } from '../../protocol/settlement.ts';
import type { MarketContext } from '../context.ts';
import type { Order } from '../orders/order-state.ts';
import { DeliveryContractError, DeliveryUnavailable } from '../shipping/delivery-client.ts';
import { announcementOf } from './announcements.ts';
import { applyOrderPaid } from './order-paid.ts';

export type Declined = Extract<PaymentAnswer, { outcome: 'declined' }>;

export interface PaymentApproved {
  orderId: string;
  amount: number;
  currency: string;
  paidAt: string;
  pickupPointId: string;
}

/** Why a payment was not taken, or was taken and given back, as values the route words. */
export type PaymentFailure =
  | { code: 'order_not_payable'; state: Order['state'] | 'lapsed' }
  | { code: 'unknown_pickup_point' }
  | { code: 'pickup_point_closed' }
  | { code: 'idempotency_key_reused' }
  | { code: 'declined'; declined: Declined }
  /** Approved, but the order had lapsed meanwhile and its item was gone: it is refunded. */
  | { code: 'order_lapsed'; paidAt: string }
  | { code: 'settlement_unavailable' };

/**
 * B8: the chosen pickup point must be one delivery knows and that takes parcels, asked of
 * delivery's public list. When delivery cannot be asked just now, the payment is taken anyway
 * rather than turned away: the seller's booking checks the point again and is refused there if
 * it is unknown or closed.
 */
async function pickupPointRefusal(
  ctx: MarketContext,
  code: string,
  log: FastifyBaseLogger,
): Promise<PaymentFailure | null> {
  try {
    const point = await ctx.delivery.pickupPoint(code);
    if (!point) return { code: 'unknown_pickup_point' };
    if (!point.active) return { code: 'pickup_point_closed' };
    return null;
  } catch (error) {
    if (!(error instanceof DeliveryUnavailable || error instanceof DeliveryContractError)) throw error;
    // Not the pickup point: with the order it says where a purchaser will be.
    log.warn({ err: error }, 'pickup point not checked: delivery could not be asked');
    return null;
  }
}

/**
 * B8: pays an order into escrow. The instrument is relayed to settlement as it came and lives
 * in this call's memory only. A paid order still goes through, so a retried payment gets its
 * approval back from settlement's record. The approval is applied here at once (settlement's
 * outbox says the same later), and what applying it did is the answer: a payment that
 * overtook the order's expiry is paid if the stock could be taken again, and otherwise the
 * order is cancelled and the money refunded, which the purchaser is told, not "approved".
 */
export async function payOrder(
  ctx: MarketContext,
  order: Order,
  payment: Omit<PaymentRequest, 'orderId' | 'announcement'>,
  idempotencyKey: string | undefined,
  log: FastifyBaseLogger,
): Promise<Result<PaymentApproved, PaymentFailure>> {
  const now = ctx.clock.now();
  if (order.state === 'awaiting_payment' && order.expiresAt <= now)
    return err({ code: 'order_not_payable', state: 'lapsed' });
  if (order.state !== 'awaiting_payment' && order.state !== 'paid')
    return err({ code: 'order_not_payable', state: order.state });
  // A paid order's retry is answered from settlement's record, whatever became of the point since.
  if (order.state === 'awaiting_payment') {
    const refusal = await pickupPointRefusal(ctx, payment.pickupPointId, log);
    if (refusal) return err(refusal);
  }
  const key = idempotencyKey ?? newId();
  let answer: PaymentAnswer | 'key_reused';
  try {
    // B7 again with the payment, in case the outbox has not sent it yet.
    answer = await ctx.settlement.live.pay(
      { ...payment, orderId: order.id, announcement: announcementOf(order) },
      key,
    );
  } catch (error) {
    if (!(error instanceof ClosedLinkUnavailable)) throw error;
    log.warn({ err: error }, 'settlement unavailable for a payment');
    return err({ code: 'settlement_unavailable' });
  }
  if (answer === 'key_reused') return err({ code: 'idempotency_key_reused' });
  if (answer.outcome === 'declined') return err({ code: 'declined', declined: answer });
  const event = {
    type: 'order_paid' as const,
    orderId: order.id,
    pickupPointId: payment.pickupPointId,
    paidAt: answer.paidAt,
  };
  const applied = await ctx.db.transaction((tx) => applyOrderPaid(tx, event, ctx.clock.now()));
  if (applied === 'cancelled') return err({ code: 'order_lapsed', paidAt: answer.paidAt });
  if (applied === 'unknown_order') throw new Error(`order ${order.id} vanished while being paid`);
  return ok({
    orderId: order.id,
    amount: answer.amount,
    currency: answer.currency,
    paidAt: answer.paidAt,
    pickupPointId: payment.pickupPointId,
  });
}
