import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../platform/db/database.ts';
import { type Problem, problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { requestHash, runIdempotent, runOnce } from '../../platform/idempotency.ts';
import {
  cursorSchema,
  encodeCursor,
  keysetAfter,
  keysetOrder,
  pageQuery,
  pageSchema,
  toPage,
} from '../../platform/paging.ts';
import { sha256 } from '../../platform/secrets.ts';
import { SHIPMENT_STATES } from '../../protocol/delivery.ts';
import { ORDER_ID_PATTERN, parseOrderId } from '../../protocol/order-id.ts';
import type { MarketContext } from '../context.ts';
import { commodities, orders } from '../db/schema.ts';
import { message, problem } from '../problems/catalogue.ts';
import { MAX_SEARCH_TOKEN_LENGTH } from '../retrieval/search-token.ts';
import { currentSeller, requireSeller } from '../sellers/seller-auth.ts';
import { orderSecret } from './order-secret.ts';
import { type Order, type PurchaseFailure, placeOrder, sellerOrderPayload } from './purchase.ts';
import { ORDER_NOT_FOUND, purchaserOrder } from './purchaser-access.ts';
import { latestSellerEventSeq, sellerEventKey, sellerEventsAfter } from './seller-events.ts';

export const orderStateSchema = z.enum(orders.state.enumValues);

/** Seller orders page newest first by (creation time, order ID): the ID breaks ties of time. */
const SELLER_ORDER_KEYSET = [orders.createdAt, orders.id];
const sellerOrderKey = z.tuple([
  z.iso.datetime({ precision: 3 }).transform((at) => new Date(at)),
  z.string().regex(ORDER_ID_PATTERN),
]);

const purchaserOrderSchema = z
  .object({
    orderId: z.string(),
    state: orderStateSchema,
    commodity: z.object({ id: z.string(), kind: z.string(), model: z.string(), name: z.string() }),
    sellerId: z.string(),
    quantity: z.number().int(),
    unitPrice: z.number().int(),
    amount: z.number().int(),
    currency: z.string(),
    createdAt: z.string(),
    payBy: z.string(),
    paidAt: z.string().nullable(),
    pickupPointId: z.string().nullable(),
  })
  .meta({ id: 'Order' });

const sellerOrderSchema = z
  .object({
    orderId: z.string(),
    commodityId: z.string(),
    model: z.string(),
    name: z.string(),
    quantity: z.number().int(),
    unitPrice: z.number().int(),
    amount: z.number().int(),
    currency: z.string(),
    state: orderStateSchema,
    createdAt: z.string(),
    paidAt: z.string().nullable(),
    pickupPointId: z.string().nullable().describe('Where the parcel goes, once paid'),
    parcelState: z
      .enum(SHIPMENT_STATES)
      .nullable()
      .describe('The parcel’s state at delivery; null until booked'),
  })
  .meta({ id: 'SellerOrder' });

const purchaserView = (
  order: Order,
  commodity: { id: string; kindId: string; model: string; name: string },
) => ({
  orderId: order.id,
  state: order.state,
  commodity: { id: commodity.id, kind: commodity.kindId, model: commodity.model, name: commodity.name },
  sellerId: order.sellerId,
  quantity: order.quantity,
  unitPrice: order.unitPriceMinor,
  amount: order.amountMinor,
  currency: order.currency,
  createdAt: order.createdAt.toISOString(),
  payBy: order.expiresAt.toISOString(),
  paidAt: order.paidAt?.toISOString() ?? null,
  pickupPointId: order.pickupPointId,
});

function purchaseFailure(failure: PurchaseFailure) {
  switch (failure.code) {
    case 'search_not_found':
      return problem(404, 'search_not_found', { detail: message('search_not_found.detail') });
    case 'not_retrieved':
      // B10: request the purchasing commodity specifying information again.
      return problem(422, 'reenter_selection', {
        detail: message('reenter_selection.detail'),
        retrieved: failure.retrieved,
      });
    case 'offer_unavailable':
      return problem(409, 'offer_unavailable');
    case 'price_changed':
      return problem(409, 'price_changed', {
        detail: message('price_changed.detail', {
          shownUnitPrice: failure.shownUnitPrice,
          unitPrice: failure.unitPrice,
          currency: failure.currency,
        }),
        shownUnitPrice: failure.shownUnitPrice,
        unitPrice: failure.unitPrice,
      });
    case 'insufficient_stock':
      return problem(409, 'insufficient_stock', {
        detail: message('insufficient_stock.detail', { available: failure.available }),
        available: failure.available,
      });
    case 'amount_too_large':
      return problem(422, 'amount_too_large');
  }
}

export function orderRoutes(app: HttpServer, ctx: MarketContext) {
  const { secretKey } = ctx.config;

  app.post(
    '/orders',
    {
      schema: {
        operationId: 'createOrder',
        security: [],
        tags: ['purchase'],
        // B3–B6.
        summary: 'Buy a retrieved item; answers the order ID and the order secret',
        description:
          'No account and nothing personal is asked. Keep the order secret: it is the only way to read the order later. Send an `Idempotency-Key` header to make retries safe: the first answer is replayed, and the same key with another body is a 409.',
        headers: z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }),
        body: z.object({
          searchId: z
            .string()
            .min(1)
            .max(MAX_SEARCH_TOKEN_LENGTH)
            .describe('`searchId` of the search page that showed the item, as it came'),
          commodityId: z.string().uuid(),
          sellerId: z.string().uuid(),
          quantity: z.number().int().min(1).max(10_000),
        }),
        response: {
          201: purchaserOrderSchema.extend({ orderSecret: z.string() }),
          ...problemResponses(400, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const now = ctx.clock.now();
      const work = async (tx: Tx) => {
        const placed = await placeOrder(tx, request.body, {
          now,
          paymentWindowMs: ctx.config.orderPaymentWindowMs,
          secretKey,
          defaultCurrency: ctx.config.defaultCurrency,
          kinds: ctx.kinds,
        });
        if (!placed.ok) {
          const body = purchaseFailure(placed.error);
          return { success: false, status: body.status, body };
        }
        // The secret is not stored, even here: it is derived again when the answer is sent.
        return {
          success: true,
          status: 201,
          body: purchaserView(placed.value.order, placed.value.commodity),
        };
      };
      const key = request.headers['idempotency-key'];
      let response: { status: number; body: unknown };
      if (key) {
        const outcome = await runIdempotent(
          ctx.db,
          // Scoped to the search page (its token's digest: a token is too long for a key).
          {
            scope: `orders:${sha256(request.body.searchId).toString('base64url')}`,
            key,
            hash: requestHash(request.body),
            now,
          },
          work,
        );
        if (outcome.kind === 'mismatch') {
          return sendProblem(
            reply,
            problem(409, 'idempotency_key_reused', { title: message('idempotency_key_reused.order') }),
          );
        }
        if (outcome.kind === 'replayed') reply.header('idempotent-replayed', 'true');
        response = outcome.response;
      } else {
        response = await runOnce(ctx.db, work);
      }
      if (response.status !== 201) return sendProblem(reply, response.body as Problem);
      const body = response.body as ReturnType<typeof purchaserView>;
      return reply.code(201).send({ ...body, orderSecret: orderSecret(secretKey, body.orderId) });
    },
  );

  app.get(
    '/orders/:orderId',
    {
      schema: {
        operationId: 'getOrder',
        tags: ['purchase'],
        summary: 'Read an order with its order secret',
        security: [{ orderSecret: [] }],
        params: z.object({ orderId: z.string() }),
        response: { 200: purchaserOrderSchema, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const row = await purchaserOrder(ctx.db, request.params.orderId, request.headers.authorization);
      if (!row) return sendProblem(reply, ORDER_NOT_FOUND);
      return purchaserView(row.order, row.commodity);
    },
  );

  app.get(
    '/seller/orders',
    {
      preHandler: requireSeller(ctx),
      schema: {
        operationId: 'listSellerOrders',
        tags: ['seller orders'],
        summary: 'The seller’s orders, newest first',
        security: [{ sellerKey: [] }],
        querystring: z.object({
          state: orderStateSchema.optional(),
          ...pageQuery(sellerOrderKey, { max: 200, default: 50 }),
        }),
        response: {
          200: pageSchema(sellerOrderSchema).meta({ id: 'SellerOrderPage' }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const seller = currentSeller(request);
      const { state, cursor, limit } = request.query;
      const rows = await ctx.db
        .select({ order: orders, commodity: commodities })
        .from(orders)
        .innerJoin(commodities, eq(commodities.id, orders.commodityId))
        .where(
          and(
            eq(orders.sellerId, seller.id),
            state ? eq(orders.state, state) : undefined,
            cursor ? keysetAfter(SELLER_ORDER_KEYSET, cursor, 'desc') : undefined,
          ),
        )
        .orderBy(...keysetOrder(SELLER_ORDER_KEYSET, 'desc'))
        .limit(limit + 1);
      return toPage(
        rows,
        limit,
        (r) => [r.order.createdAt.toISOString(), r.order.id],
        (r) => sellerOrderPayload(r.order, r.commodity) as z.infer<typeof sellerOrderSchema>,
      );
    },
  );

  app.get(
    '/seller/orders/:orderId',
    {
      preHandler: requireSeller(ctx),
      schema: {
        operationId: 'getSellerOrder',
        tags: ['seller orders'],
        summary: 'One of the seller’s orders',
        security: [{ sellerKey: [] }],
        params: z.object({ orderId: z.string() }),
        response: { 200: sellerOrderSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const orderId = parseOrderId(request.params.orderId);
      const [row] = orderId
        ? await ctx.db
            .select({ order: orders, commodity: commodities })
            .from(orders)
            .innerJoin(commodities, eq(commodities.id, orders.commodityId))
            .where(and(eq(orders.id, orderId), eq(orders.sellerId, currentSeller(request).id)))
        : [];
      if (!row) return sendProblem(reply, ORDER_NOT_FOUND);
      return sellerOrderPayload(row.order, row.commodity) as z.infer<typeof sellerOrderSchema>;
    },
  );

  app.get(
    '/seller/events',
    {
      preHandler: requireSeller(ctx),
      config: { rateLimit: false },
      schema: {
        operationId: 'streamSellerEvents',
        tags: ['seller orders'],
        summary: 'Live stream of the seller’s order events (server-sent events)',
        description:
          'Each event has `id` (resume with `Last-Event-ID`: an opaque cursor, as every list has), `event` (order.created, order.expired …) and JSON `data`. Without Last-Event-ID the stream starts with the next event; one the stream did not send is a 400 `invalid_cursor`.',
        security: [{ sellerKey: [] }],
        headers: z.object({ 'last-event-id': cursorSchema(sellerEventKey).optional() }),
        response: {
          200: {
            description: 'The event stream, open until the client closes it',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const seller = currentSeller(request);
      const resumeAfter = request.headers['last-event-id'];
      let last = resumeAfter ? resumeAfter[0] : await latestSellerEventSeq(ctx.db, seller.id);
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      out.write(': connected\n\n');
      let busy = false;
      let again = false;
      const flush = async () => {
        if (busy) {
          again = true;
          return;
        }
        busy = true;
        try {
          do {
            again = false;
            for (const event of await sellerEventsAfter(ctx.db, seller.id, last)) {
              out.write(
                `id: ${encodeCursor([event.seq])}\nevent: ${event.type}\ndata: ${JSON.stringify(event.payload)}\n\n`,
              );
              last = event.seq;
            }
          } while (again);
        } catch (error) {
          request.log.warn({ err: error }, 'seller event stream read failed');
        } finally {
          busy = false;
        }
      };
      const unsubscribe = ctx.sellerEvents.subscribe(seller.id, () => void flush());
      const heartbeat = setInterval(() => out.write(': heartbeat\n\n'), 15_000);
      const close = () => {
        clearInterval(heartbeat);
        unsubscribe();
        closers.delete(close);
        out.end();
      };
      closers.add(close);
      request.raw.on('close', close);
      await flush();
    },
  );

  // Open streams would hold a graceful shutdown forever; end them when the server closes.
  const closers = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const close of [...closers]) close();
  });
}
