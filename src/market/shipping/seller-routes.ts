import { and, eq } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { PARCEL_SIZES, shipmentSchema } from '../../protocol/delivery.ts';
import { parseOrderId } from '../../protocol/order-id.ts';
import type { MarketContext } from '../context.ts';
import { orders } from '../db/schema.ts';
import { ORDER_NOT_FOUND } from '../orders/purchaser-access.ts';
import { message, problem } from '../problems/catalogue.ts';
import { currentSeller, requireSeller } from '../sellers/seller-auth.ts';
import { DeliveryUnavailable } from './delivery-client.ts';
import { advanceParcel } from './parcels.ts';

const orderParams = z.object({ orderId: z.string().max(40) });

const SHIPMENT_NOT_FOUND = problem(404, 'shipment_not_found', {
  detail: message('shipment_not_found.detail', { path: '/seller/orders/{orderId}/shipment' }),
});

/** One of this seller's orders; another seller's is as missing as one that does not exist. */
async function sellerOrder(db: Executor, rawOrderId: string, sellerId: string) {
  const orderId = parseOrderId(rawOrderId);
  if (!orderId) return undefined;
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.sellerId, sellerId)));
  return order;
}

function deliveryUnavailable(reply: FastifyReply, error: unknown) {
  if (!(error instanceof DeliveryUnavailable)) throw error;
  reply.log.warn({ err: error }, 'delivery unavailable for a seller');
  reply.header('retry-after', '30');
  return sendProblem(
    reply,
    problem(503, 'delivery_unavailable', { detail: message('delivery_unavailable.detail') }),
  );
}

/** The seller's side of B9: book the parcel with delivery, read it back, print its label. */
export function parcelSellerRoutes(app: HttpServer, ctx: MarketContext) {
  app.put(
    '/seller/orders/:orderId/shipment',
    {
      preHandler: requireSeller(ctx),
      schema: {
        operationId: 'bookShipment',
        tags: ['seller orders'],
        // B9.
        summary: 'Book the parcel of a paid order with delivery, to the pickup point the purchaser chose',
        description:
          'Answers delivery’s shipment: 201 when booked now, 200 when the same booking was made before. Delivery learns the order ID, the pickup point and the parcel size, nothing else.',
        security: [{ sellerKey: [] }],
        params: orderParams,
        body: z.object({ parcelSize: z.enum(PARCEL_SIZES).default('small') }),
        response: {
          200: shipmentSchema,
          201: shipmentSchema,
          ...problemResponses(400, 401, 403, 404, 409, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const order = await sellerOrder(ctx.db, request.params.orderId, currentSeller(request).id);
      if (!order) return sendProblem(reply, ORDER_NOT_FOUND);
      if (order.state !== 'paid' || !order.pickupPointId) {
        return sendProblem(
          reply,
          problem(409, 'order_not_paid', { detail: message('order_not_paid.detail.parcel') }),
        );
      }
      let booked: Awaited<ReturnType<typeof ctx.delivery.book>>;
      try {
        // B9: the shipment for order X to pickup point P, as settlement told the market (B8).
        booked = await ctx.delivery.book(order.id, {
          pickupPointCode: order.pickupPointId,
          parcelSize: request.body.parcelSize,
        });
      } catch (error) {
        return deliveryUnavailable(reply, error);
      }
      if (!booked.ok) return sendProblem(reply, booked.problem);
      const { shipment } = booked;
      // Delivery's booked event says the same later; applying its answer now shows the seller
      // the parcel booked at once. Only forward, so it cannot undo news that came first.
      const last = shipment.events.at(-1);
      await ctx.db.transaction(async (tx) => {
        const [locked] = await tx.select().from(orders).where(eq(orders.id, order.id)).for('update');
        if (!locked) return;
        await advanceParcel(
          tx,
          locked,
          {
            state: shipment.state,
            at: new Date(last?.at ?? shipment.bookedAt),
            deadline: shipment.deadline ? new Date(shipment.deadline) : null,
          },
          ctx.clock.now(),
        );
      });
      return reply.code(booked.created ? 201 : 200).send(shipment);
    },
  );

  app.get(
    '/seller/orders/:orderId/shipment',
    {
      preHandler: requireSeller(ctx),
      schema: {
        operationId: 'getSellerShipment',
        tags: ['seller orders'],
        // B9.
        summary: 'The parcel of one of the seller’s orders, as delivery has it',
        security: [{ sellerKey: [] }],
        params: orderParams,
        response: { 200: shipmentSchema, ...problemResponses(401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const order = await sellerOrder(ctx.db, request.params.orderId, currentSeller(request).id);
      if (!order) return sendProblem(reply, ORDER_NOT_FOUND);
      try {
        const shipment = await ctx.delivery.shipment(order.id);
        return shipment ?? sendProblem(reply, SHIPMENT_NOT_FOUND);
      } catch (error) {
        return deliveryUnavailable(reply, error);
      }
    },
  );

  app.get(
    '/seller/orders/:orderId/label',
    {
      preHandler: requireSeller(ctx),
      schema: {
        operationId: 'getSellerShipmentLabel',
        tags: ['seller orders'],
        // B9.
        summary: 'The parcel’s label to print, rendered by delivery (PDF A6 or 4×6 in, or PNG)',
        description:
          'The order ID as text, Code 128 and QR, the pickup point’s code and name and a reference for returns; nothing about the purchaser.',
        security: [{ sellerKey: [] }],
        params: orderParams,
        querystring: z.object({
          format: z.enum(['pdf', 'png']).default('pdf'),
          size: z.enum(['a6', '4x6']).default('a6'),
        }),
        response: {
          // Bytes, sent as they are (never serialised): the schema is here for the docs.
          200: z.unknown().describe('The label: application/pdf or image/png, as an attachment'),
          ...problemResponses(400, 401, 403, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const order = await sellerOrder(ctx.db, request.params.orderId, currentSeller(request).id);
      if (!order) return sendProblem(reply, ORDER_NOT_FOUND);
      try {
        const label = await ctx.delivery.label(order.id, request.query.format, request.query.size);
        if (!label) return sendProblem(reply, SHIPMENT_NOT_FOUND);
        return reply
          .type(label.contentType)
          .header('content-disposition', label.disposition)
          .send(label.bytes);
      } catch (error) {
        return deliveryUnavailable(reply, error);
      }
    },
  );
}
