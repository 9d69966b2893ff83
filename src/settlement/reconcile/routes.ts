import { asc, eq, gt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { problemResponses } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { ledgerCheckSchema, type MoneyState, moneyStatesSchema } from '../../protocol/settlement.ts';
import type { SettlementContext } from '../context.ts';
import { announcements, payments, transfers } from '../db/schema.ts';
import { ledgerBreaches } from '../ledger/invariants.ts';

const resolution = alias(transfers, 'resolution');

/** What `tokumei reconcile` compares: the ledger's own invariants, and each order's money. */
export function reconcileRoutes(app: HttpServer, ctx: SettlementContext) {
  app.get(
    '/reconcile/ledger',
    {
      schema: {
        operationId: 'checkLedger',
        tags: ['reconciliation'],
        summary: 'Every breach of the ledger’s invariants (none, normally)',
        response: { 200: ledgerCheckSchema },
      },
    },
    async () => ({ breaches: await ledgerBreaches(ctx.db) }),
  );

  app.get(
    '/reconcile/orders',
    {
      schema: {
        operationId: 'listOrderMoney',
        tags: ['reconciliation'],
        summary: 'Where each announced order’s money is, a page at a time in order-ID order',
        querystring: z.object({
          after: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(5000).default(1000),
        }),
        response: { 200: moneyStatesSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const { after, limit } = request.query;
      const rows = await ctx.db
        .select({ orderId: announcements.orderId, paid: payments.orderId, resolved: resolution.kind })
        .from(announcements)
        .leftJoin(payments, eq(payments.orderId, announcements.orderId))
        .leftJoin(resolution, eq(resolution.pendingId, payments.escrowTransferId))
        .where(after ? gt(announcements.orderId, after) : undefined)
        .orderBy(asc(announcements.orderId))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const money = (r: (typeof rows)[number]): MoneyState =>
        !r.paid ? 'unpaid' : !r.resolved ? 'held' : r.resolved === 'post_pending' ? 'released' : 'refunded';
      return {
        orders: page.map((r) => ({ orderId: r.orderId, money: money(r) })),
        next: rows.length > limit ? (page.at(-1)?.orderId ?? null) : null,
      };
    },
  );
}
