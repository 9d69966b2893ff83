import { z } from 'zod';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { pickupCodeRegistrationToken, SHIPMENT_STATES } from '../../protocol/delivery.ts';
import type { MarketConfig } from '../config.ts';
import type { MarketContext } from '../context.ts';
import { ORDER_NOT_FOUND, purchaserOrder } from '../orders/purchaser-access.ts';
import { orderStateSchema } from '../orders/routes.ts';
import { message, problem } from '../problems/catalogue.ts';
import { parcelHistory } from './parcels.ts';

export const pickupCodeRegistrationSchema = z
  .object({
    url: z.string().describe('Where the purchaser’s browser sends delivery the pickup code it made'),
    token: z.string().describe('Lets delivery accept the code for this order, and only this order'),
  })
  .meta({ id: 'PickupCodeRegistration' });

/**
 * B9: how the purchaser's browser registers its pickup code with delivery, directly, so the code
 * never passes through the market: delivery's address and a token for this order only.
 */
export const pickupCodeRegistrationFor = (
  config: Pick<MarketConfig, 'deliveryUrl'> & { deliveryKey: string },
  orderId: string,
) => ({
  url: `${config.deliveryUrl}/pickup-codes`,
  token: pickupCodeRegistrationToken(config.deliveryKey, orderId),
});

const trackingSchema = z
  .object({
    orderId: z.string(),
    orderState: orderStateSchema,
    pickupPointId: z.string().nullable(),
    parcel: z
      .object({
        state: z.enum(SHIPMENT_STATES),
        deadline: z.string().nullable().describe('Collect by then, or the parcel goes back and is refunded'),
        events: z.array(z.object({ state: z.enum(SHIPMENT_STATES), at: z.string() })),
      })
      .nullable()
      .describe('Null until the seller books the parcel'),
  })
  .meta({ id: 'Tracking' });

const ORDER_NOT_PAID = problem(409, 'order_not_paid', {
  detail: message('order_not_paid.detail.pickup_code'),
});

/** The purchaser's side of B9: registering the pickup code, and following the parcel. */
export function parcelPurchaserRoutes(app: HttpServer, ctx: MarketContext) {
  app.get(
    '/orders/:orderId/pickup-code-registration',
    {
      schema: {
        operationId: 'getPickupCodeRegistration',
        tags: ['purchase'],
        // B9.
        summary: 'Where and with which token to register the pickup code at delivery',
        description:
          'The order secret is the bearer token. The purchaser’s browser makes the pickup code itself and sends it to `url` with the token; the market never sees the code. The same answer came with the payment’s approval; this is for a browser that lost it.',
        security: [{ orderSecret: [] }],
        params: z.object({ orderId: z.string().max(40) }),
        response: { 200: pickupCodeRegistrationSchema, ...problemResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const row = await purchaserOrder(ctx.db, request.params.orderId, request.headers.authorization);
      if (!row) return sendProblem(reply, ORDER_NOT_FOUND);
      if (row.order.state !== 'paid') return sendProblem(reply, ORDER_NOT_PAID);
      return pickupCodeRegistrationFor(ctx.config, row.order.id);
    },
  );

  app.get(
    '/orders/:orderId/tracking',
    {
      schema: {
        operationId: 'getOrderTracking',
        tags: ['purchase'],
        // B9.
        summary: 'Follow the parcel with the order ID and the order secret',
        description:
          'From the market’s own record of delivery’s events. A wrong secret and a missing order get the same 404.',
        security: [{ orderSecret: [] }],
        params: z.object({ orderId: z.string().max(40) }),
        response: { 200: trackingSchema, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const row = await purchaserOrder(ctx.db, request.params.orderId, request.headers.authorization);
      if (!row) return sendProblem(reply, ORDER_NOT_FOUND);
      const { order } = row;
      const events = order.parcelState ? await parcelHistory(ctx.db, order.id) : [];
      return {
        orderId: order.id,
        orderState: order.state,
        pickupPointId: order.pickupPointId,
        parcel: order.parcelState
          ? {
              state: order.parcelState,
              deadline: order.parcelDeadline?.toISOString() ?? null,
              events: events.map((e) => ({ state: e.state, at: e.at.toISOString() })),
            }
          : null,
      };
    },
  );
}
