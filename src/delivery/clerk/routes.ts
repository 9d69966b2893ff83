import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import type { Result } from '../../platform/result.ts';
import { parseOrderId } from '../../protocol/order-id.ts';
import type { DeliveryContext } from '../context.ts';
import { handOver } from '../pickup-codes/hand-over.ts';
import type { PickupPoint } from '../pickup-points/pickup-points.ts';
import type { ShipmentRow } from '../shipments/shipments.ts';
import {
  arrive,
  dispatch,
  dropOff,
  type Moved,
  returnParcel,
  type TransitionRefusal,
} from '../shipments/transitions.ts';
import { clerkParcelLists, loadParcelView, parcelSchema } from '../shipments/views.ts';
import { clerkPoint, requireClerk } from './clerk-keys.ts';
import { type ClerkRefusal, clerkProblem } from './problems.ts';

/** Typed or scanned: read leniently (case, hyphens, I/L/O), a typo caught by the check digit. */
const orderIdField = z.string().min(1).max(64).describe('The order ID as typed or scanned from the label');

const scanSchema = z.object({ orderId: orderIdField });

type Scan = (
  ctx: DeliveryContext,
  point: PickupPoint,
  orderId: string,
) => Promise<Result<Moved, TransitionRefusal>>;

/** The pickup clerk's terminal (B9): every action is at the one point its key belongs to. */
export function clerkRoutes(app: HttpServer, ctx: DeliveryContext) {
  const auth = { preValidation: requireClerk(ctx) };
  const security = [{ clerkKey: [] }];

  const answer = async (reply: FastifyReply, result: Result<ShipmentRow, ClerkRefusal>) =>
    result.ok ? reply.send(await loadParcelView(ctx.db, result.value)) : refuse(reply, result.error);

  const refuse = (reply: FastifyReply, refusal: ClerkRefusal) => {
    const body = clerkProblem(refusal);
    if (refusal.code === 'too_many_attempts_here')
      reply.header('retry-after', String(refusal.retryAfterSeconds));
    return sendProblem(reply, body);
  };

  app.get(
    '/clerk/session',
    {
      ...auth,
      schema: {
        operationId: 'getClerkSession',
        tags: ['clerk'],
        summary: 'The pickup point this clerk key belongs to',
        security,
        response: {
          200: z.object({
            pickupPoint: z.object({
              code: z.string(),
              name: z.string(),
              nameRomaji: z.string().nullable().describe('The name in Latin letters, when given'),
              address: z.string(),
              addressRomaji: z.string().nullable(),
              openingHours: z.string(),
              capacity: z.number().int(),
              retentionDays: z.number().int(),
            }),
          }),
          ...problemResponses(401),
        },
      },
    },
    async (request) => {
      const p = clerkPoint(request);
      return {
        pickupPoint: {
          code: p.code,
          name: p.name,
          nameRomaji: p.nameRomaji,
          address: p.address,
          addressRomaji: p.addressRomaji,
          openingHours: p.openingHours,
          capacity: p.capacity,
          retentionDays: p.retentionDays,
        },
      };
    },
  );

  app.get(
    '/clerk/parcels',
    {
      ...auth,
      schema: {
        operationId: 'listClerkParcels',
        tags: ['clerk'],
        summary: 'This point’s parcels: dropped off (for the carrier), incoming, waiting and overdue',
        description:
          'Waiting parcels are collectable until their deadline; overdue ones are past it and are to be returned to the seller.',
        security,
        response: {
          200: z.object({
            droppedOff: z.array(parcelSchema),
            incoming: z.array(parcelSchema),
            waiting: z.array(parcelSchema),
            overdue: z.array(parcelSchema),
          }),
          ...problemResponses(401),
        },
      },
    },
    async (request) => clerkParcelLists(ctx.db, clerkPoint(request).id, ctx.clock.now()),
  );

  const scanRoute = (path: string, operationId: string, summary: string, description: string, scan: Scan) =>
    app.post(
      path,
      {
        ...auth,
        schema: {
          operationId,
          tags: ['clerk'],
          summary,
          description: `${description} Repeating a scan that was already done here answers the parcel again and changes nothing.`,
          security,
          body: scanSchema,
          response: { 200: parcelSchema, ...problemResponses(400, 401, 404, 409) },
        },
      },
      async (request, reply) => {
        const orderId = parseOrderId(request.body.orderId);
        if (!orderId) return refuse(reply, { code: 'invalid_order_id' });
        const result = await scan(ctx, clerkPoint(request), orderId);
        return answer(reply, result.ok ? { ok: true, value: result.value.shipment } : result);
      },
    );

  // B9: the parcel's steps through pickup points, one scan each.
  scanRoute(
    '/clerk/drop-off',
    'dropOffParcel',
    'Receive a parcel from its seller',
    'Booked → dropped off. Any store may take a parcel in, whatever its destination.',
    dropOff,
  );
  scanRoute(
    '/clerk/dispatch',
    'dispatchParcel',
    'Hand a parcel to the carrier',
    'Dropped off at this store → in transit.',
    dispatch,
  );
  scanRoute(
    '/clerk/arrival',
    'receiveParcel',
    'Receive a parcel from the carrier',
    'In transit → ready for pickup, only at the parcel’s own pickup point; the collection deadline is set from the point’s retention days.',
    arrive,
  );
  scanRoute(
    '/clerk/return',
    'returnParcel',
    'Send an overdue parcel back to its seller',
    'Ready for pickup past its deadline → returned; the purchaser is refunded.',
    returnParcel,
  );

  app.post(
    '/clerk/hand-over',
    {
      ...auth,
      schema: {
        operationId: 'handOverParcel',
        tags: ['clerk'],
        summary: 'Hand a parcel to the purchaser who shows its order ID and pickup code',
        // B9.
        description:
          'The code is checked against its verifier in constant time, once: a used code is refused. Wrong codes are limited per order (then locked for a while) and per pickup point. Every refusal says why, for the clerk to read out.',
        security,
        body: scanSchema.extend({
          code: z.string().min(1).max(64).describe('The pickup code as typed or scanned'),
        }),
        response: { 200: parcelSchema, ...problemResponses(400, 401, 404, 409, 422, 423, 429) },
      },
    },
    async (request, reply) => answer(reply, await handOver(ctx, clerkPoint(request), request.body)),
  );
}
