import { z } from 'zod';
import { wordMessage } from '../../platform/http/messages.ts';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { pageQuery, pageSchema, toPage } from '../../platform/paging.ts';
import type { MarketContext } from '../context.ts';
import { message, problem } from '../problems/catalogue.ts';
import { currentSeller, requireSeller } from '../sellers/seller-auth.ts';
import { currencySchema, minorUnitsSchema, offerInputSchema, stockSchema } from './offer-input.ts';
import {
  getSellerOffer,
  listSellerOffers,
  type OfferRow,
  sellerOfferKey,
  updateOffer,
  withdrawOffer,
} from './offers.ts';
import { type RowProblem, registerOffers } from './register.ts';

export const offerSchema = z
  .object({
    offerId: z.string(),
    commodityId: z.string(),
    kind: z.string(),
    model: z.string(),
    name: z.string(),
    attributes: z.record(z.string(), z.unknown()),
    price: z.number().int(),
    currency: z.string(),
    stock: z.number().int(),
    status: z.enum(['active', 'withdrawn']),
    updatedAt: z.string(),
  })
  .meta({ id: 'Offer' });

export const offerView = ({ offer, commodity }: OfferRow) => ({
  offerId: offer.id,
  commodityId: commodity.id,
  kind: commodity.kindId,
  model: commodity.model,
  name: commodity.name,
  attributes: commodity.attributes,
  price: offer.priceMinor,
  currency: offer.currency,
  stock: offer.stock,
  status: offer.status,
  updatedAt: offer.updatedAt.toISOString(),
});

export const rowProblem = (p: RowProblem) => {
  const status = p.code === 'commodity_conflict' ? 409 : p.code === 'unknown_kind' ? 400 : 422;
  return problem(status, p.code, {
    title: message('commodity_not_registered'),
    detail: p.reason,
    // For programs: the same in every language, so in English.
    ...(p.attributes && {
      errors: p.attributes.map(({ attribute, reason }) => ({
        attribute,
        message: wordMessage(reason, 'en'),
      })),
    }),
  });
};

const OFFER_NOT_FOUND = problem(404, 'offer_not_found');
const security = [{ sellerKey: [] }];

export function catalogRoutes(app: HttpServer, ctx: MarketContext) {
  const auth = requireSeller(ctx);

  app.post(
    '/seller/offers',
    {
      preHandler: auth,
      schema: {
        operationId: 'createOffer',
        tags: ['catalog'],
        // A1–A2.
        summary: 'Register commodity information and an offer',
        description:
          'The same kind and model (normalised: case, spaces and punctuation ignored) is one commodity shared by every seller. Registering a commodity the seller already offers updates that offer.',
        security,
        body: offerInputSchema,
        response: { 201: offerSchema, 200: offerSchema, ...problemResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const seller = currentSeller(request);
      const now = ctx.clock.now();
      const outcome = await ctx.db.transaction((tx) =>
        registerOffers(tx, seller.id, [{ index: 0, row: request.body }], now),
      );
      const [registered] = outcome.registered;
      if (!registered) return sendProblem(reply, rowProblem(outcome.problems[0] as RowProblem));
      const row = await getSellerOffer(ctx.db, seller.id, registered.offerId);
      return reply.code(registered.created ? 201 : 200).send(offerView(row as OfferRow));
    },
  );

  app.get(
    '/seller/offers',
    {
      preHandler: auth,
      schema: {
        operationId: 'listOffers',
        tags: ['catalog'],
        summary: 'The seller’s offers',
        security,
        querystring: z.object(pageQuery(sellerOfferKey, { max: 500, default: 100 })),
        response: {
          200: pageSchema(offerSchema).meta({ id: 'OfferPage' }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { cursor, limit } = request.query;
      const rows = await listSellerOffers(ctx.db, currentSeller(request).id, cursor, limit + 1);
      return toPage(rows, limit, (r) => [r.offer.id], offerView);
    },
  );

  const offerParams = z.object({ offerId: z.string() });
  const validOfferId = (id: string) => z.uuid().safeParse(id).success;

  app.get(
    '/seller/offers/:offerId',
    {
      preHandler: auth,
      schema: {
        operationId: 'getOffer',
        tags: ['catalog'],
        summary: 'One of the seller’s offers',
        security,
        params: offerParams,
        response: { 200: offerSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { offerId } = request.params;
      const row = validOfferId(offerId)
        ? await getSellerOffer(ctx.db, currentSeller(request).id, offerId)
        : undefined;
      return row ? offerView(row) : sendProblem(reply, OFFER_NOT_FOUND);
    },
  );

  app.patch(
    '/seller/offers/:offerId',
    {
      preHandler: auth,
      schema: {
        operationId: 'updateOffer',
        tags: ['catalog'],
        summary: 'Change the price or stock of an offer',
        security,
        params: offerParams,
        body: z
          .object({
            price: minorUnitsSchema.optional(),
            currency: currencySchema.optional(),
            stock: stockSchema.optional(),
          })
          .refine((b) => Object.keys(b).length > 0, 'give price, currency or stock'),
        response: { 200: offerSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { offerId } = request.params;
      if (!validOfferId(offerId)) return sendProblem(reply, OFFER_NOT_FOUND);
      const updated = await updateOffer(
        ctx.db,
        currentSeller(request).id,
        offerId,
        request.body,
        ctx.clock.now(),
      );
      return updated.ok ? offerView(updated.value) : sendProblem(reply, OFFER_NOT_FOUND);
    },
  );

  app.delete(
    '/seller/offers/:offerId',
    {
      preHandler: auth,
      schema: {
        operationId: 'withdrawOffer',
        tags: ['catalog'],
        summary: 'Withdraw an offer',
        security,
        params: offerParams,
        response: { 200: offerSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { offerId } = request.params;
      if (!validOfferId(offerId)) return sendProblem(reply, OFFER_NOT_FOUND);
      const withdrawn = await withdrawOffer(ctx.db, currentSeller(request).id, offerId, ctx.clock.now());
      return withdrawn.ok ? offerView(withdrawn.value) : sendProblem(reply, OFFER_NOT_FOUND);
    },
  );
}
