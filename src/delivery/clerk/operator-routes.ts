import { z } from 'zod';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { requireOperator } from '../../platform/operator-keys.ts';
import type { DeliveryContext } from '../context.ts';
import { findPickupPoint } from '../pickup-points/pickup-points.ts';
import { problem } from '../problems/catalogue.ts';
import { createClerkKey, revokeClerkKey } from './clerk-keys.ts';

/** The operator issues and revokes the keys of pickup points' clerk terminals. */
export function clerkKeyRoutes(app: HttpServer, ctx: DeliveryContext) {
  app.post(
    '/operator/pickup-points/:code/clerk-keys',
    {
      preHandler: requireOperator(ctx),
      schema: {
        operationId: 'issueClerkKey',
        tags: ['operator'],
        summary: 'Issue a key for a pickup point’s clerk terminal',
        description: 'The key is shown once, here; delivery keeps only a slow hash of it.',
        security: [{ operatorKey: [] }],
        params: z.object({ code: z.string().max(32) }),
        response: {
          201: z.object({ id: z.string().uuid(), key: z.string(), pickupPointCode: z.string() }),
          ...problemResponses(401, 404),
        },
      },
    },
    async (request, reply) => {
      const point = await findPickupPoint(ctx.db, request.params.code);
      if (!point) return sendProblem(reply, problem(404, 'pickup_point_not_found'));
      const { id, key } = await createClerkKey(ctx.db, point.id, ctx.clock.now());
      return reply.code(201).send({ id, key, pickupPointCode: point.code });
    },
  );

  app.delete(
    '/operator/clerk-keys/:id',
    {
      preHandler: requireOperator(ctx),
      schema: {
        operationId: 'revokeClerkKey',
        tags: ['operator'],
        summary: 'Revoke a clerk key',
        description: 'Its terminal is signed out at its next request. Revoking it again changes nothing.',
        security: [{ operatorKey: [] }],
        params: z.object({ id: z.string().uuid() }),
        response: { 204: z.null().describe('Revoked'), ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      if (!(await revokeClerkKey(ctx.db, request.params.id, ctx.clock.now()))) {
        return sendProblem(reply, problem(404, 'clerk_key_not_found'));
      }
      return reply.code(204).send(null);
    },
  );
}
