import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { runIdempotent } from '../../platform/idempotency.ts';
import {
  escrowAnswerSchema,
  type MoneyState,
  orderAnnouncementSchema,
  paymentAnswerSchema,
  paymentIdFor,
  paymentRequestSchema,
} from '../../protocol/settlement.ts';
import type { SettlementContext } from '../context.ts';
import { announcements, payments } from '../db/schema.ts';
import { message, problem } from '../problems/catalogue.ts';
import { recordAnnouncement } from './announcements.ts';
import { withEscrowAccounts } from './charge.ts';
import { escrowState, refundEscrow, releaseEscrow } from './escrow.ts';
import { pay } from './pay.ts';
import { paymentRequestHash } from './request-hash.ts';

const orderParams = z.object({ orderId: z.string().min(1).max(40) });

export function paymentRoutes(app: HttpServer, ctx: SettlementContext) {
  app.post(
    '/announcements',
    {
      schema: {
        operationId: 'announceOrder',
        tags: ['orders'],
        // B7.
        summary: 'A new order, announced by the market',
        body: orderAnnouncementSchema,
        response: { 200: z.object({ replayed: z.boolean() }), ...problemResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const recorded = await recordAnnouncement(ctx.db, request.body, ctx.clock.now());
      if (!recorded.ok) {
        return sendProblem(reply, problem(409, 'announcement_conflict'));
      }
      return recorded.value;
    },
  );

  app.post(
    '/payments',
    {
      schema: {
        operationId: 'createPayment',
        tags: ['payments'],
        // B8.
        summary: 'Pay an announced order into escrow; approved or declined',
        description:
          'The Idempotency-Key is the purchaser’s: its first answer, approval or decline, is replayed; the same key with another request is a 409.',
        headers: z.object({ 'idempotency-key': z.string().min(1).max(255) }),
        body: paymentRequestSchema,
        response: { 200: paymentAnswerSchema, ...problemResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const now = ctx.clock.now();
      const outcome = await withEscrowAccounts(ctx.db, now, () =>
        runIdempotent(
          ctx.db,
          {
            scope: `payment:${request.body.orderId}`,
            key,
            hash: paymentRequestHash(ctx.config.secretKey, request.body),
            now,
          },
          async (tx) => {
            const paymentId = paymentIdFor(request.body.orderId, key);
            const answer = await pay(tx, { ...request.body, paymentId }, ctx.instruments, now);
            // A decline is committed too: it stays the answer for this key, with its PIN count.
            return { success: true, status: 200, body: answer };
          },
        ),
      );
      if (outcome.kind === 'mismatch') {
        return sendProblem(
          reply,
          problem(409, 'idempotency_key_reused', { title: message('idempotency_key_reused.payment') }),
        );
      }
      const answer = outcome.response.body as z.infer<typeof paymentAnswerSchema>;
      if (outcome.kind === 'replayed') reply.header('idempotent-replayed', 'true');
      else
        ctx.metrics.payments.inc({
          outcome: answer.outcome,
          code: answer.outcome === 'declined' ? answer.code : 'none',
        });
      return answer;
    },
  );

  app.get(
    '/payments/:paymentId',
    {
      schema: {
        operationId: 'getPayment',
        tags: ['payments'],
        summary: 'An approved payment by its ID, for a caller that lost the answer',
        params: z.object({ paymentId: z.string().uuid() }),
        response: { 200: paymentAnswerSchema, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const [row] = await ctx.db
        .select({ payment: payments, order: announcements })
        .from(payments)
        .innerJoin(announcements, eq(announcements.orderId, payments.orderId))
        .where(eq(payments.id, request.params.paymentId));
      if (!row) return sendProblem(reply, problem(404, 'payment_not_found'));
      return {
        outcome: 'approved' as const,
        paymentId: row.payment.id,
        orderId: row.order.orderId,
        amount: Number(row.order.amount),
        currency: row.order.currency,
        paidAt: row.payment.paidAt.toISOString(),
      };
    },
  );

  for (const action of ['release', 'refund'] as const) {
    app.post(
      `/orders/:orderId/${action}`,
      {
        schema: {
          operationId: action === 'release' ? 'releaseEscrow' : 'refundEscrow',
          tags: ['orders'],
          summary:
            action === 'release'
              ? 'Picked up: escrow to the seller’s payable, less the market fee'
              : 'Returned or cancelled: the escrow goes back to the instrument',
          params: orderParams,
          response: { 200: escrowAnswerSchema, ...problemResponses(404, 409) },
        },
      },
      async (request, reply) => {
        const { orderId } = request.params;
        const now = ctx.clock.now();
        const done = await ctx.db.transaction(async (tx) =>
          action === 'release'
            ? releaseEscrow(tx, orderId, ctx.config.marketFeeBasisPoints, now)
            : refundEscrow(tx, orderId, now),
        );
        if (!done.ok) {
          if (done.error.code === 'not_paid') {
            return sendProblem(reply, problem(404, 'not_paid'));
          }
          const money = await ctx.db.transaction((tx) => escrowState(tx, orderId));
          return sendProblem(
            reply,
            problem(409, done.error.code, { title: message('escrow_resolved', { money }), money }),
          );
        }
        const money: MoneyState = action === 'release' ? 'released' : 'refunded';
        if (!done.value.replayed) ctx.metrics.escrow.inc({ action });
        return { orderId, money, replayed: done.value.replayed };
      },
    );
  }
}
