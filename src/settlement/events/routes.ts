import { and, asc, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { problemResponses } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { type OrderPaidEvent, settlementEventsSchema } from '../../protocol/settlement.ts';
import type { SettlementContext } from '../context.ts';
import { outbox } from '../db/schema.ts';

/**
 * Settlement's outbox over the closed link. Settlement never opens a connection, so the market
 * comes for its messages ("order X is paid, deliver to P") and acknowledges them by ID. Unacked
 * ones are offered again: delivery is at least once, and the market applies each idempotently.
 * Acking by ID rather than by a cursor cannot skip an event committed out of sequence order.
 */
export function eventRoutes(app: HttpServer, ctx: SettlementContext) {
  app.get(
    '/events',
    {
      schema: {
        operationId: 'listEvents',
        tags: ['events'],
        summary: 'Messages for the market not yet acknowledged, oldest first',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: settlementEventsSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const rows = await ctx.db
        .select()
        .from(outbox)
        .where(isNull(outbox.deliveredAt))
        .orderBy(asc(outbox.id))
        .limit(request.query.limit);
      return { events: rows.map((r) => ({ id: r.id, event: r.payload as OrderPaidEvent })) };
    },
  );

  app.post(
    '/events/ack',
    {
      schema: {
        operationId: 'acknowledgeEvents',
        tags: ['events'],
        summary: 'The market has applied these messages',
        body: z.object({ ids: z.array(z.number().int().positive()).max(500) }),
        response: { 200: z.object({ acknowledged: z.number().int() }), ...problemResponses(400) },
      },
    },
    async (request) => {
      if (!request.body.ids.length) return { acknowledged: 0 };
      const acked = await ctx.db
        .update(outbox)
        .set({ deliveredAt: ctx.clock.now() })
        .where(and(inArray(outbox.id, request.body.ids), isNull(outbox.deliveredAt)))
        .returning({ id: outbox.id });
      return { acknowledged: acked.length };
    },
  );
}
