import { z } from 'zod';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { requireSignedRequest, SIGNED_BY_PEER } from '../../platform/http/signed-requests.ts';
import { parcelEventSchema } from '../../protocol/delivery.ts';
import type { MarketContext } from '../context.ts';
import { problem } from '../problems/catalogue.ts';
import { applyParcelEvent } from './parcels.ts';

/** B9: delivery's news of parcels, from its outbox, signed with the key the two share. */
export function deliveryEventRoutes(app: HttpServer, ctx: MarketContext) {
  app.post(
    '/delivery/events',
    {
      // Checked before the body is validated, so a stranger learns nothing, not even the schema.
      preValidation: requireSignedRequest({ secrets: () => [ctx.config.deliveryKey], clock: ctx.clock }),
      bodyLimit: 16 * 1024,
      // Delivery's outbox catches up in bursts from one address; the signature guards the route.
      config: { rateLimit: { max: 20_000, timeWindow: 60_000 } },
      schema: {
        operationId: 'receiveDeliveryEvent',
        tags: ['delivery'],
        security: SIGNED_BY_PEER,
        // B9.
        summary: 'A parcel moved (delivery only, signed)',
        description:
          'Sent by delivery’s outbox, at least once. A repeated event ID changes nothing (`applied: false`). The parcel only moves forward; picked up releases the escrow to the seller, returned refunds it. An unknown order is a 404, which delivery retries and then parks.',
        body: parcelEventSchema,
        response: {
          200: z.object({ applied: z.boolean() }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const outcome = await ctx.db.transaction((tx) => applyParcelEvent(tx, request.body, ctx.clock.now()));
      if (outcome === 'unknown_order') {
        request.log.warn('delivery reported a parcel of an unknown order'); // a request's values are never logged
        return sendProblem(reply, problem(404, 'order_not_found'));
      }
      return { applied: outcome === 'applied' };
    },
  );
}
