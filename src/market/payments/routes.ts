import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { ClosedLinkUnavailable } from '../../platform/closed-link/client.ts';
import { problem, problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { newId } from '../../platform/ids.ts';
import { DECLINE_CODES, paymentRequestSchema } from '../../protocol/settlement.ts';
import type { MarketContext } from '../context.ts';
import { ORDER_NOT_FOUND, purchaserOrder } from '../orders/purchaser-access.ts';
import { DeliveryContractError, DeliveryUnavailable } from '../shipping/delivery-client.ts';
import { pickupCodeRegistrationFor, pickupCodeRegistrationSchema } from '../shipping/purchaser-routes.ts';
import { announcementOf } from './announcements.ts';
import { applyOrderPaid } from './order-paid.ts';

const paidSchema = z
  .object({
    outcome: z.literal('approved'),
    orderId: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    paidAt: z.string(),
    pickupPointId: z.string(),
    pickupCodeRegistration: pickupCodeRegistrationSchema,
  })
  .meta({ id: 'PaymentApproved' });

const SETTLEMENT_UNAVAILABLE = problem(503, 'settlement_unavailable', 'Payments cannot be taken just now', {
  detail: 'Nothing was charged that will not be honoured: try again with the same Idempotency-Key.',
});

/**
 * B8: the pickup point chosen must be one delivery knows and that takes parcels, asked of
 * delivery's public list. Null when it may be paid to. When delivery cannot be asked just now,
 * the payment is taken anyway rather than turned away: the seller's booking checks the point
 * again and is refused there if it is unknown or closed.
 */
async function pickupPointRefusal(ctx: MarketContext, code: string, log: FastifyBaseLogger) {
  try {
    const point = await ctx.delivery.pickupPoint(code);
    if (!point) {
      return problem(422, 'unknown_pickup_point', 'No such pickup point', {
        detail: 'Choose a pickup point from delivery’s list.',
      });
    }
    if (!point.active) {
      return problem(409, 'pickup_point_closed', 'This pickup point takes no new parcels', {
        detail: 'Choose another pickup point.',
      });
    }
    return null;
  } catch (error) {
    if (!(error instanceof DeliveryUnavailable || error instanceof DeliveryContractError)) throw error;
    // Not the pickup point: with the order it says where a purchaser will be.
    log.warn({ err: error }, 'pickup point not checked: delivery could not be asked');
    return null;
  }
}

export function paymentRoutes(app: HttpServer, ctx: MarketContext) {
  app.post(
    '/orders/:orderId/payment',
    {
      schema: {
        tags: ['purchase'],
        summary: 'B8: pay an order into escrow with a prepaid or credit card; approved or declined',
        description: `The order secret is the bearer token. The card number and PIN are passed to settlement over the closed link and are neither stored nor logged here. The pickup point is where the parcel will wait: one delivery does not know is a 422 \`unknown_pickup_point\`, a closed one a 409 \`pickup_point_closed\`. The approval carries \`pickupCodeRegistration\`: where the purchaser’s browser registers the pickup code it makes, directly at delivery. Declines are answered 402 with one of the codes ${DECLINE_CODES.join(', ')}; except \`already_paid\`, a 409 with \`paidAt\` as evidence. Send an \`Idempotency-Key\`: a retry with it is answered from settlement's record, never charged twice; a declined key stays declined; the same key with another payment is a 409.`,
        security: [{ bearer: [] }],
        params: z.object({ orderId: z.string().max(40) }),
        headers: z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }),
        body: paymentRequestSchema.omit({ orderId: true }),
        response: { 200: paidSchema, ...problemResponses(400, 402, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const row = await purchaserOrder(ctx.db, request.params.orderId, request.headers.authorization);
      if (!row) return sendProblem(reply, ORDER_NOT_FOUND);
      const { order } = row;
      const now = ctx.clock.now();
      const open = order.state === 'awaiting_payment' && order.expiresAt > now;
      // A paid order still goes through, so a retried payment gets its approval back.
      if (!open && order.state !== 'paid') {
        return sendProblem(
          reply,
          problem(409, 'order_not_payable', 'This order can no longer be paid', {
            detail: `The order is ${order.state === 'awaiting_payment' ? 'expired' : order.state}; buy again.`,
          }),
        );
      }
      // A paid order's retry is answered from settlement's record, whatever became of the point since.
      if (order.state === 'awaiting_payment') {
        const refusal = await pickupPointRefusal(ctx, request.body.pickupPointId, request.log);
        if (refusal) return sendProblem(reply, refusal);
      }
      const key = request.headers['idempotency-key'] ?? newId();
      try {
        // B7 again, in case the outbox has not sent it yet: settlement accepts the repeat.
        await ctx.settlement.live.announce(announcementOf(order));
        // B8: relayed as it came; the instrument is in this request's memory only.
        const answer = await ctx.settlement.live.pay({ ...request.body, orderId: order.id }, key);
        if (answer === 'key_reused') {
          return sendProblem(
            reply,
            problem(409, 'idempotency_key_reused', 'This Idempotency-Key was used with another payment'),
          );
        }
        if (answer.outcome === 'declined') {
          const { code, message, outcome: _, ...evidence } = answer;
          // Paid already is a conflict with the order's state, with the time as evidence, not a refusal of the card.
          const status = code === 'already_paid' ? 409 : 402;
          return sendProblem(
            reply,
            problem(status, code, 'Payment declined', { detail: message, ...evidence }),
          );
        }
        // Settlement's outbox says the same later; applying it now lets the purchaser see it paid.
        const event = {
          type: 'order_paid' as const,
          orderId: order.id,
          pickupPointId: request.body.pickupPointId,
          paidAt: answer.paidAt,
        };
        await ctx.db.transaction((tx) => applyOrderPaid(tx, event, now));
        return {
          ...answer,
          outcome: 'approved' as const,
          pickupPointId: request.body.pickupPointId,
          // B9: the purchaser's browser registers the pickup code it makes at delivery with this.
          pickupCodeRegistration: pickupCodeRegistrationFor(ctx.config, order.id),
        };
      } catch (error) {
        if (!(error instanceof ClosedLinkUnavailable)) throw error;
        request.log.warn({ err: error }, 'settlement unavailable for a payment');
        reply.header('retry-after', '5');
        return sendProblem(reply, SETTLEMENT_UNAVAILABLE);
      }
    },
  );
}
