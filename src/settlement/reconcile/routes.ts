import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { problemResponses } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { keysetAfter, keysetOrder, pageQuery, toPage } from '../../platform/paging.ts';
import {
  ledgerCheckSchema,
  type MoneyState,
  moneyStatesKey,
  moneyStatesSchema,
} from '../../protocol/settlement.ts';
import type { SettlementContext } from '../context.ts';
import { announcements, payments, transfers } from '../db/schema.ts';
import { ledgerBreaches } from '../ledger/invariants.ts';

const resolution = alias(transfers, 'resolution');
const KEYSET = [announcements.orderId];

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
        querystring: z.object(pageQuery(moneyStatesKey, { max: 5000, default: 1000 })),
        response: { 200: moneyStatesSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const { cursor, limit } = request.query;
      const rows = await ctx.db
        .select({ orderId: announcements.orderId, paid: payments.orderId, resolved: resolution.kind })
        .from(announcements)
        .leftJoin(payments, eq(payments.orderId, announcements.orderId))
        .leftJoin(resolution, eq(resolution.pendingId, payments.escrowTransferId))
        .where(cursor ? keysetAfter(KEYSET, cursor, 'asc') : undefined)
        .orderBy(...keysetOrder(KEYSET, 'asc'))
        .limit(limit + 1);
      const money = (r: (typeof rows)[number]): MoneyState =>
        !r.paid ? 'unpaid' : !r.resolved ? 'held' : r.resolved === 'post_pending' ? 'released' : 'refunded';
      return toPage(
        rows,
        limit,
        (r) => [r.orderId],
        (r) => ({ orderId: r.orderId, money: money(r) }),
      );
    },
  );
}
