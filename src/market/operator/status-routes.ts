import { z } from 'zod';
import { problemResponses } from '../../platform/http/problem';
import type { HttpServer } from '../../platform/http/server';
import type { MarketContext } from '../context';
import { requireOperator } from './operator-auth';
import { marketStatus } from './status';

const serviceStatusSchema = z
  .object({
    name: z.string().describe('The service: `market` for now; settlement and delivery join the list later'),
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    startedAt: z.string(),
    uptimeSeconds: z.number().int(),
    database: z.object({
      driver: z.enum(['pglite', 'postgres']),
      ok: z.boolean(),
      latencyMs: z.number().nullable().describe('Round trip of `SELECT 1`; null when it did not answer'),
    }),
    counts: z
      .array(z.object({ name: z.string(), label: z.string(), value: z.number().int() }))
      .describe(
        'What the service holds, each count with a stable `name` and a label for people, so a status page can show any service. Empty when the database did not answer.',
      ),
    issues: z.array(z.string()).describe('Why the service is degraded; empty when it is ok'),
    checkedAt: z.string(),
  })
  .meta({ id: 'ServiceStatus' });

export function statusRoutes(app: HttpServer, ctx: MarketContext) {
  const startedAt = ctx.clock.now();
  app.get(
    '/operator/status',
    {
      preHandler: requireOperator(ctx),
      schema: {
        tags: ['operator'],
        summary: 'How each service is doing: status, database, counts',
        security: [{ bearer: [] }],
        response: {
          200: z.object({ services: z.array(serviceStatusSchema) }),
          ...problemResponses(401),
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { services: [await marketStatus(ctx, startedAt)] };
    },
  );
}
