import { z } from 'zod';
import { problemResponses } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { requireOperator } from '../../platform/operator-keys.ts';
import { serviceStatusSchema } from '../../platform/service-status.ts';
import type { MarketContext } from '../context.ts';
import { deliveryStatus, marketStatus, settlementStatus } from './status.ts';

export function statusRoutes(app: HttpServer, ctx: MarketContext) {
  const startedAt = ctx.clock.now();
  app.get(
    '/operator/status',
    {
      preHandler: requireOperator(ctx),
      schema: {
        operationId: 'getServiceStatus',
        tags: ['operator'],
        summary: 'How each service is doing: status, database, counts',
        security: [{ operatorKey: [] }],
        response: {
          200: z.object({ services: z.array(serviceStatusSchema) }),
          ...problemResponses(401),
        },
      },
    },
    async () => {
      return {
        services: await Promise.all([
          marketStatus(ctx, startedAt),
          settlementStatus(ctx),
          deliveryStatus(ctx),
        ]),
      };
    },
  );
}
