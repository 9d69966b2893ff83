import { z } from 'zod';
import { ClosedLinkUnavailable } from '../../platform/closed-link/client.ts';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { requireOperator } from '../../platform/operator-keys.ts';
import { SHIPMENT_STATES } from '../../protocol/delivery.ts';
import { ANALYTICS_HOLD_STATES, MONEY_STATES } from '../../protocol/settlement.ts';
import type { MarketContext } from '../context.ts';
import { orderStateSchema } from '../orders/routes.ts';
import { reconcile } from '../payments/reconcile.ts';
import { problem } from '../problems/catalogue.ts';

const reportPayment = z.object({ state: z.enum(ANALYTICS_HOLD_STATES), amount: z.number().int() });

const reconciliationSchema = z
  .object({
    ok: z.boolean(),
    ledgerBreaches: z.array(z.string()),
    mismatches: z.array(
      z.object({
        orderId: z.string(),
        market: orderStateSchema.nullable(),
        parcel: z.enum(SHIPMENT_STATES).optional().describe('The parcel’s state, when it has one'),
        money: z.enum(MONEY_STATES).nullable(),
        problem: z.string(),
      }),
    ),
    ordersChecked: z.number().int(),
    analytics: z
      .object({
        holdsChecked: z.number().int(),
        mismatches: z.array(
          z.object({
            holdId: z.string(),
            market: reportPayment.nullable().describe('The payment at the market; null when it has none'),
            settlement: reportPayment.nullable().describe('The hold at settlement; null when it has none'),
            problem: z.string(),
          }),
        ),
      })
      .describe('Sellers’ payments for analytics reports: the market’s against settlement’s holds'),
  })
  .meta({ id: 'Reconciliation' });

export function reconcileRoutes(app: HttpServer, ctx: MarketContext) {
  app.get(
    '/operator/reconcile',
    {
      preHandler: requireOperator(ctx),
      schema: {
        operationId: 'reconcileMoney',
        tags: ['operator'],
        summary:
          'Settlement’s ledger invariants, every order’s money against its state and its parcel’s, and every analytics report’s payment',
        security: [{ operatorKey: [] }],
        response: { 200: reconciliationSchema, ...problemResponses(401, 503) },
      },
    },
    async (_request, reply) => {
      try {
        return await reconcile(ctx);
      } catch (error) {
        if (!(error instanceof ClosedLinkUnavailable)) throw error;
        return sendProblem(reply, problem(503, 'settlement_unavailable'));
      }
    },
  );
}
