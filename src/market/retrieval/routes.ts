import { z } from 'zod';
import { answerLanguage } from '../../platform/http/language.ts';
import { listOf, wordMessage } from '../../platform/http/messages.ts';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { cursorSchema, INVALID_CURSOR } from '../../platform/paging.ts';
import type { MarketContext } from '../context.ts';
import { message, problem } from '../problems/catalogue.ts';
import { conditionViewSchema, purchaseRequestSchema } from './purchase-request.ts';
import { COUNT_CAP, type RetrievedItem, retrievalKey } from './retrieve.ts';
import { type SearchFailure, search, searchPage } from './search.ts';
import { MAX_SEARCH_TOKEN_LENGTH } from './search-token.ts';

export const retrievedItemSchema = z
  .object({
    offerId: z.string(),
    commodityId: z.string(),
    sellerId: z.string(),
    sellerName: z.string().describe('The seller’s name, as the seller registered it'),
    model: z.string(),
    name: z.string(),
    attributes: z.record(z.string(), z.unknown()),
    unitPrice: z.number().int().describe('Minor units'),
    currency: z.string(),
    available: z.number().int(),
  })
  .meta({ id: 'RetrievedItem' });

const itemView = (item: RetrievedItem) => ({
  offerId: item.offerId,
  commodityId: item.commodityId,
  sellerId: item.sellerId,
  sellerName: item.sellerName,
  model: item.model,
  name: item.name,
  attributes: item.attributes,
  unitPrice: item.priceMinor,
  currency: item.currency,
  available: item.stock,
});

const searchPageSchema = {
  searchId: z
    .string()
    .describe('Names this page of the search and the offers it showed; opaque, signed by the market'),
  expiresAt: z.string(),
  items: z.array(retrievedItemSchema),
  nextCursor: z.string().nullable(),
};

const matchedSchema = z
  .object({ matched: z.literal(true), ...searchPageSchema })
  .meta({ id: 'SearchResult' });
const unmatchedSchema = z
  .object({
    matched: z.literal(false),
    message: z
      .string()
      .describe('For people, in the language asked for with Accept-Language (as problems are)'),
    conditions: z.array(conditionViewSchema),
    relaxations: z.array(
      z.object({
        index: z.number().int(),
        condition: conditionViewSchema,
        wouldMatch: z.number().int(),
        atLeast: z.boolean().describe(`True when the count reached the cap of ${COUNT_CAP}`),
      }),
    ),
    offersOfKind: z.number().int(),
    next: z.literal('new_purchase_request'),
  })
  .meta({ id: 'NothingMatched' });

function searchFailure(failure: SearchFailure) {
  switch (failure.code) {
    case 'kind_not_found':
      return problem(400, 'unknown_kind', {
        title: message('unknown_kind', { kind: failure.kind }),
        kind: failure.kind,
      });
    case 'invalid_conditions':
      return problem(400, 'invalid_conditions', {
        detail: listOf(
          failure.problems.map(({ index, attribute, reason }) =>
            index < 0
              ? message('invalid_conditions.sort', { attribute, reason })
              : message('invalid_conditions.condition', { number: index + 1, attribute, reason }),
          ),
        ),
        // For programs: the same in every language, so in English.
        errors: failure.problems.map(({ index, attribute, reason }) => ({
          index,
          attribute,
          message: wordMessage(reason, 'en'),
        })),
      });
    case 'search_not_found':
      return problem(404, 'search_not_found', { detail: message('search_not_found.detail') });
    case 'invalid_cursor':
      return INVALID_CURSOR;
  }
}

export function retrievalRoutes(app: HttpServer, ctx: MarketContext) {
  app.post(
    '/searches',
    {
      schema: {
        operationId: 'createSearch',
        security: [],
        tags: ['purchase'],
        // B1–B2.
        summary: 'Send a purchase request, get the matching offers',
        description:
          'Every condition must hold. `searchId` names what this page showed, at the prices shown: send it with a purchase of one of its items, or to ask for the next page. It expires at `expiresAt`. When nothing matches, the answer says which conditions to relax.',
        body: purchaseRequestSchema,
        response: {
          200: z.discriminatedUnion('matched', [matchedSchema, unmatchedSchema]),
          ...problemResponses(400),
        },
      },
    },
    async (request, reply) => {
      const answer = await search(ctx, request.body);
      if (!answer.ok) return sendProblem(reply, searchFailure(answer.error));
      const a = answer.value;
      if (!a.matched) {
        return {
          matched: false as const,
          message: wordMessage(
            message('nothing_matched'),
            answerLanguage(request.headers['accept-language']),
          ),
          conditions: a.conditions,
          relaxations: a.relaxations.map((r) => ({ ...r, atLeast: r.wouldMatch >= COUNT_CAP })),
          offersOfKind: a.offersOfKind,
          next: 'new_purchase_request' as const,
        };
      }
      return {
        matched: true as const,
        searchId: a.searchId,
        expiresAt: a.expiresAt.toISOString(),
        items: a.items.map(itemView),
        nextCursor: a.nextCursor,
      };
    },
  );

  app.get(
    '/searches/:searchId/items',
    {
      schema: {
        operationId: 'listSearchItems',
        security: [],
        tags: ['purchase'],
        summary: 'The next page of a search',
        description:
          'Answers the page with a `searchId` of its own, for a purchase of one of the items it shows.',
        params: z.object({
          searchId: z.string().max(MAX_SEARCH_TOKEN_LENGTH).describe('`searchId` of the previous page'),
        }),
        querystring: z.object({
          cursor: cursorSchema(retrievalKey).describe('`nextCursor` of the previous page, as it came'),
        }),
        response: { 200: z.object(searchPageSchema), ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const page = await searchPage(ctx, request.params.searchId, request.query.cursor);
      if (!page.ok) return sendProblem(reply, searchFailure(page.error));
      return {
        searchId: page.value.searchId,
        expiresAt: page.value.expiresAt.toISOString(),
        items: page.value.items.map(itemView),
        nextCursor: page.value.nextCursor,
      };
    },
  );
}
