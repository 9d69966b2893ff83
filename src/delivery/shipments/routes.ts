import { z } from 'zod';
import { type Problem, problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { requireSignedRequest, SIGNED_BY_PEER } from '../../platform/http/signed-requests.ts';
import { shipmentBookingSchema, shipmentSchema } from '../../protocol/delivery.ts';
import { parseOrderId } from '../../protocol/order-id.ts';
import type { DeliveryContext } from '../context.ts';
import { LABEL_PAGE_SIZES, labelInputSchema, renderLabelPdf, renderLabelPng } from '../labels/label.ts';
import { message, problem } from '../problems/catalogue.ts';
import { type BookingRefusal, bookShipment } from './booking.ts';
import { shipmentView } from './views.ts';

const NOT_FOUND = problem(404, 'shipment_not_found');
const INVALID_ORDER_ID = problem(400, 'invalid_order_id');

function bookingProblem(refusal: BookingRefusal): Problem {
  switch (refusal.code) {
    case 'unknown_pickup_point':
      return problem(422, refusal.code, { detail: message('unknown_pickup_point.detail') });
    case 'pickup_point_closed':
      return problem(409, refusal.code, { detail: message('pickup_point_closed.detail') });
    case 'shipment_conflict':
      return problem(409, refusal.code, {
        detail: message('shipment_conflict.detail', {
          pickupPointCode: refusal.booked.pickupPointCode,
          parcelSize: refusal.booked.parcelSize,
        }),
        booked: refusal.booked,
      });
  }
}

const LABEL_SIZE_LETTER = { small: 'S', medium: 'M', large: 'L' } as const;
const printableAddress = labelInputSchema.shape.pickupPoint.shape.address;

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
          'The order ID as text, Code 128 and QR; the pickup point’s code, name and address (Japanese printed in Noto Sans JP); the return reference. Nothing about the purchaser. Answers application/pdf or image/png as an attachment.',
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
        pickupPoint: {
          code: view.pickupPoint.code,
          name: view.pickupPoint.name,
          // A point registered before addresses were printed may have one too long for the label:
          // its label then goes without, as every label did before.
          address: printableAddress.safeParse(view.pickupPoint.address).data,
        },
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
