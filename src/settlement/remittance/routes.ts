import { z } from 'zod';
import { problemResponses } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { sellerPayableSchema } from '../../protocol/settlement.ts';
import type { SettlementContext } from '../context.ts';
import { sellerPayable } from './payable.ts';

/** What a seller is owed, asked for by the market on the seller's behalf over the closed link. */
export function remittanceRoutes(app: HttpServer, ctx: SettlementContext) {
  app.get(
    '/sellers/:sellerId/payable',
    {
      schema: {
        operationId: 'getSellerPayable',
        tags: ['reconciliation'],
        summary: 'A seller’s money per currency: payable (released, not yet paid out) and held in escrow',
        params: z.object({ sellerId: z.string().uuid() }),
        response: { 200: sellerPayableSchema, ...problemResponses(400) },
      },
    },
    (request) => sellerPayable(ctx.db, request.params.sellerId),
  );
}
