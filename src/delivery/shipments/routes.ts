import { z } from 'zod';
import { type Problem, problem, problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { requireSignedRequest, SIGNED_BY_PEER } from '../../platform/http/signed-requests.ts';
import { shipmentBookingSchema, shipmentSchema } from '../../protocol/delivery.ts';
import { parseOrderId } from '../../protocol/order-id.ts';
import type { DeliveryContext } from '../context.ts';
import { LABEL_PAGE_SIZES, renderLabelPdf, renderLabelPng } from '../labels/label.ts';
import { type BookingRefusal, bookShipment } from './booking.ts';
import { shipmentView } from './views.ts';

const NOT_FOUND = problem(404, 'shipment_not_found', 'No shipment for this order');
const INVALID_ORDER_ID = problem(400, 'invalid_order_id', 'That is not a valid order ID');

function bookingProblem(refusal: BookingRefusal): Problem {
  switch (refusal.code) {
    case 'unknown_pickup_point':
      return problem(422, refusal.code, 'No such pickup point', {
        detail: 'The order names a pickup point delivery does not know.',
      });
    case 'pickup_point_closed':
      return problem(409, refusal.code, 'This pickup point takes no new parcels', {
        detail: 'It has been closed by the operator.',
      });
    case 'shipment_conflict':
      return problem(409, refusal.code, 'This order’s parcel is booked otherwise', {
        detail: `It is booked to ${refusal.booked.pickupPointCode} as ${refusal.booked.parcelSize}.`,
        booked: refusal.booked,
      });
  }
}

const LABEL_SIZE_LETTER = { small: 'S', medium: 'M', large: 'L' } as const;

/**
 * B9: shipments, booked and followed by the market for its sellers and purchasers. Only the
 * market may call these: every request is signed with the key the two share, checked before
 * the body is even looked at.
 */
export function shipmentRoutes(app: HttpServer, ctx: DeliveryContext) {
  const signed = {
    preValidation: requireSignedRequest({ secrets: () => [ctx.config.marketKey], clock: ctx.clock }),
  };
  const params = z.object({ orderId: z.string().max(64) });

  app.put(
    '/shipments/:orderId',
    {
      ...signed,
      schema: {
        operationId: 'bookShipment',
        tags: ['shipments'],
        security: SIGNED_BY_PEER,
        summary: 'Book the parcel of a paid order to its pickup point',
        description:
          'Signed by the market. Booking again the same way answers the same shipment (200); another pickup point or size is a conflict.',
        params,
        body: shipmentBookingSchema,
        response: { 200: shipmentSchema, 201: shipmentSchema, ...problemResponses(400, 401, 409, 422) },
      },
    },
    async (request, reply) => {
      const orderId = parseOrderId(request.params.orderId);
      if (!orderId) return sendProblem(reply, INVALID_ORDER_ID);
      const booked = await bookShipment(ctx, orderId, request.body);
      if (!booked.ok) return sendProblem(reply, bookingProblem(booked.error));
      const view = await shipmentView(ctx.db, orderId);
      if (!view) throw new Error(`shipment ${orderId} vanished after booking`);
      return reply.code(booked.value.created ? 201 : 200).send(view);
    },
  );

  app.get(
    '/shipments/:orderId',
    {
      ...signed,
      schema: {
        operationId: 'getShipment',
        tags: ['shipments'],
        security: SIGNED_BY_PEER,
        summary: 'A shipment, with every step it took',
        params,
        response: { 200: shipmentSchema, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const orderId = parseOrderId(request.params.orderId);
      const view = orderId ? await shipmentView(ctx.db, orderId) : null;
      return view ?? sendProblem(reply, NOT_FOUND);
    },
  );

  app.get(
    '/shipments/:orderId/label',
    {
      ...signed,
      schema: {
        operationId: 'getShipmentLabel',
        tags: ['shipments'],
        security: SIGNED_BY_PEER,
        summary: 'The shipping label: PDF (A6 or 4×6 in) or PNG (4×6 in, 203 dpi)',
        // B9.
        description:
          'The order ID as text, Code 128 and QR; the pickup point’s code and name; the return reference. Nothing about the purchaser. Answers application/pdf or image/png as an attachment.',
        params,
        querystring: z.object({
          format: z.enum(['pdf', 'png']).default('pdf'),
          size: z
            .enum(Object.keys(LABEL_PAGE_SIZES) as [keyof typeof LABEL_PAGE_SIZES])
            .default('a6')
            .describe('PDF page size; a PNG is always 4×6 in'),
        }),
        response: {
          200: z.any().describe('The label: application/pdf or image/png'),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const orderId = parseOrderId(request.params.orderId);
      const view = orderId ? await shipmentView(ctx.db, orderId) : null;
      if (!view) return sendProblem(reply, NOT_FOUND);
      const input = {
        orderId: view.orderId,
        pickupPoint: { code: view.pickupPoint.code, name: view.pickupPoint.name },
        returnReference: view.returnReference,
        parcelSize: LABEL_SIZE_LETTER[view.parcelSize],
      };
      const { format, size } = request.query;
      const bytes = format === 'png' ? await renderLabelPng(input) : await renderLabelPdf(input, size);
      return reply
        .type(format === 'png' ? 'image/png' : 'application/pdf')
        .header('content-disposition', `attachment; filename="label-${view.orderId}.${format}"`)
        .send(bytes);
    },
  );
}
