import { z } from 'zod';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { requireOperator } from '../../platform/operator-keys.ts';
import type { MarketContext } from '../context.ts';
import { webhookRefusal } from '../orders/webhooks.ts';
import { problem } from '../problems/catalogue.ts';
import { currentSeller, requireSeller, type Seller } from './seller-auth.ts';
import { listSellers, registerSeller, setSellerStatus, setWebhook } from './sellers.ts';

const sellerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['active', 'suspended']),
    webhookUrl: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Seller' });

const sellerView = (s: Seller) => ({
  id: s.id,
  name: s.name,
  status: s.status,
  webhookUrl: s.webhookUrl,
  createdAt: s.createdAt.toISOString(),
});

export function sellerRoutes(app: HttpServer, ctx: MarketContext) {
  app.post(
    '/sellers',
    {
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        operationId: 'registerSeller',
        security: [],
        tags: ['sellers'],
        summary: 'Register as a seller; the API key is shown only in this answer',
        body: z.object({ name: z.string().trim().min(1).max(120) }),
        response: { 201: z.object({ seller: sellerSchema, apiKey: z.string() }), ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const { seller, apiKey } = await ctx.db.transaction((tx) =>
        registerSeller(tx, request.body.name, ctx.clock.now()),
      );
      return reply.code(201).send({ seller: sellerView(seller), apiKey });
    },
  );

  app.get(
    '/seller',
    {
      preHandler: requireSeller(ctx),
      schema: {
        operationId: 'getSeller',
        tags: ['sellers'],
        summary: 'The signed-in seller',
        security: [{ sellerKey: [] }],
        response: { 200: sellerSchema, ...problemResponses(401, 403) },
      },
    },
    async (request) => sellerView(currentSeller(request)),
  );

  app.put(
    '/seller/webhook',
    {
      preHandler: requireSeller(ctx),
      schema: {
        operationId: 'setSellerWebhook',
        tags: ['sellers'],
        summary: 'Receive order events as signed webhooks; returns the signing secret once',
        description:
          'Each delivery is a POST with header `Tokumei-Signature: t=<unix>,v1=<hex>` where v1 is HMAC-SHA256 of `t.rawBody` under the secret. The URL must be https and reach a public address: one that is private, loopback, link-local, shared or otherwise special is refused (422) when named, and any delivery that would connect to such an address fails and is retried like any failed delivery.',
        security: [{ sellerKey: [] }],
        body: z.object({ url: z.string().url() }),
        response: {
          200: z.object({ url: z.string(), secret: z.string() }),
          ...problemResponses(400, 401, 403, 422),
        },
      },
    },
    async (request, reply) => {
      const refused = await ctx.webhooks.refusal(request.body.url);
      if (refused)
        return sendProblem(reply, problem(422, 'invalid_webhook_url', { detail: webhookRefusal(refused) }));
      const secret = await setWebhook(ctx.db, currentSeller(request).id, request.body.url);
      return { url: request.body.url, secret: secret as string };
    },
  );

  app.delete(
    '/seller/webhook',
    {
      preHandler: requireSeller(ctx),
      schema: {
        operationId: 'deleteSellerWebhook',
        tags: ['sellers'],
        summary: 'Stop webhooks',
        security: [{ sellerKey: [] }],
        response: { 204: z.null(), ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      await setWebhook(ctx.db, currentSeller(request).id, null);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/operator/sellers',
    {
      preHandler: requireOperator(ctx),
      schema: {
        operationId: 'listSellers',
        tags: ['operator'],
        summary: 'All sellers',
        security: [{ operatorKey: [] }],
        response: { 200: z.object({ sellers: z.array(sellerSchema) }), ...problemResponses(401) },
      },
    },
    async () => ({ sellers: (await listSellers(ctx.db)).map(sellerView) }),
  );

  app.post(
    '/operator/sellers/:sellerId/:action',
    {
      preHandler: requireOperator(ctx),
      schema: {
        operationId: 'changeSellerStanding',
        tags: ['operator'],
        summary: 'Suspend or reinstate a seller',
        security: [{ operatorKey: [] }],
        params: z.object({ sellerId: z.string().uuid(), action: z.enum(['suspend', 'reinstate']) }),
        response: { 200: sellerSchema, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const { sellerId, action } = request.params;
      const changed = await ctx.db.transaction((tx) =>
        setSellerStatus(tx, sellerId, action === 'suspend' ? 'suspended' : 'active'),
      );
      if (!changed.ok) return sendProblem(reply, problem(404, 'seller_not_found'));
      return sellerView(changed.value);
    },
  );
}
