import { z } from 'zod';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { DECLINE_CODES, paymentRequestSchema } from '../../protocol/settlement.ts';
import type { MarketContext } from '../context.ts';
import { ORDER_NOT_FOUND, purchaserOrder } from '../orders/purchaser-access.ts';
import { message, problem } from '../problems/catalogue.ts';
import { pickupCodeRegistrationFor, pickupCodeRegistrationSchema } from '../shipping/purchaser-routes.ts';
import { type PaymentFailure, payOrder } from './pay.ts';

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

/** The problem answer of each payment failure. */
function paymentProblem(failure: PaymentFailure) {
  switch (failure.code) {
    case 'order_not_payable':
      return problem(409, 'order_not_payable', {
        detail:
          failure.state === 'cancelled'
            ? message('order_not_payable.detail.cancelled')
            : message('order_not_payable.detail', { state: failure.state }),
      });
    case 'unknown_pickup_point':
      return problem(422, 'unknown_pickup_point', { detail: message('unknown_pickup_point.detail') });
    case 'pickup_point_closed':
      return problem(409, 'pickup_point_closed', { detail: message('pickup_point_closed.detail') });
    case 'idempotency_key_reused':
      return problem(409, 'idempotency_key_reused', { title: message('idempotency_key_reused.payment') });
    case 'declined': {
      const { code, message: _said, outcome: _, ...evidence } = failure.declined;
      // Paid already is a conflict with the order's state, with the time as evidence, not a refusal of the card.
      // Settlement's message is the English of the code's: it is worded here in the caller's language.
      return problem(code === 'already_paid' ? 409 : 402, code, {
        title: message('declined'),
        detail: message(`declined.${code}`),
        ...evidence,
      });
    }
    case 'order_lapsed':
      return problem(409, 'order_lapsed', {
        detail: message('order_lapsed.detail'),
        paidAt: failure.paidAt,
        refund: 'queued',
      });
    case 'settlement_unavailable':
      return problem(503, 'settlement_unavailable', {
        title: message('settlement_unavailable.payment'),
        detail: message('settlement_unavailable.payment.detail'),
      });
  }
}

export function paymentRoutes(app: HttpServer, ctx: MarketContext) {
  app.post(
    '/orders/:orderId/payment',
    {
      schema: {
        operationId: 'payOrder',
        tags: ['purchase'],
        // B8.
        summary: 'Pay an order into escrow with a prepaid or credit card; approved or declined',
        description: `The order secret is the bearer token. The card number and PIN are passed to settlement over the closed link and are neither stored nor logged here. The pickup point is where the parcel will wait: one delivery does not know is a 422 \`unknown_pickup_point\`, a closed one a 409 \`pickup_point_closed\`. The approval carries \`pickupCodeRegistration\`: where the purchaser’s browser registers the pickup code it makes, directly at delivery. Declines are answered 402 with one of the codes ${DECLINE_CODES.join(', ')}; except \`already_paid\`, a 409 with \`paidAt\` as evidence. Send an \`Idempotency-Key\`: a retry with it is answered from settlement's record, never charged twice; a declined key stays declined; the same key with another payment is a 409.`,
        security: [{ orderSecret: [] }],
        params: z.object({ orderId: z.string().max(40) }),
        headers: z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }),
        body: paymentRequestSchema.omit({ orderId: true, announcement: true }),
        response: { 200: paidSchema, ...problemResponses(400, 402, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const row = await purchaserOrder(ctx.db, request.params.orderId, request.headers.authorization);
      if (!row) return sendProblem(reply, ORDER_NOT_FOUND);
      const paid = await payOrder(
        ctx,
        row.order,
        request.body,
        request.headers['idempotency-key'],
        request.log,
      );
      if (!paid.ok) {
        if (paid.error.code === 'settlement_unavailable') reply.header('retry-after', '5');
        return sendProblem(reply, paymentProblem(paid.error));
      }
      return {
        ...paid.value,
        outcome: 'approved' as const,
        // B9: the purchaser's browser registers the pickup code it makes at delivery with this.
        pickupCodeRegistration: pickupCodeRegistrationFor(ctx.config, paid.value.orderId),
      };
    },
  );
}
