import { ClosedLinkUnavailable } from '../../platform/closed-link/client.ts';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { sellerPayableSchema } from '../../protocol/settlement.ts';
import type { MarketContext } from '../context.ts';
import { problem } from '../problems/catalogue.ts';
import { currentSeller, requireSeller } from '../sellers/seller-auth.ts';

export function sellerPayableRoutes(app: HttpServer, ctx: MarketContext) {
  app.get(
    '/seller/payable',
    {
      preHandler: requireSeller(ctx),
      schema: {
        operationId: 'getSellerPayable',
        tags: ['seller orders'],
        summary: 'The seller’s money at settlement, per currency: payable, and held in escrow',
        description:
          '`payable`: released to the seller on pickup, less the market fee and the analytics reports paid (or being paid) from it, and not yet paid out. `held`: paid for orders whose parcels have not been picked up yet; it is released on pickup or refunded on return. Integer minor units.',
        security: [{ sellerKey: [] }],
        response: {
          200: sellerPayableSchema.meta({ id: 'SellerPayable' }),
          ...problemResponses(401, 403, 503),
        },
      },
    },
    async (request, reply) => {
      try {
        // Over the closed link: settlement keeps the money, the market only asks on the seller's behalf.
        return await ctx.settlement.live.sellerPayable(currentSeller(request).id);
      } catch (error) {
        if (!(error instanceof ClosedLinkUnavailable)) throw error;
        request.log.warn({ err: error }, 'settlement unavailable for a seller’s payable');
        reply.header('retry-after', '5');
        return sendProblem(reply, problem(503, 'settlement_unavailable'));
      }
    },
  );
}
