import packageJson from '../../package.json' with { type: 'json' };
import { startScheduledBackups } from '../platform/backup/scheduled.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import { ClosedLinkUnavailable } from '../platform/closed-link/client.ts';
import { ConfigError, requireSetting } from '../platform/config.ts';
import { type Database, openReplica, openServiceDatabase } from '../platform/db/database.ts';
import { databaseCheck, healthRoutes } from '../platform/health.ts';
import { type ApiDocumentOptions, bearer, OPERATOR_KEY, PEER_SIGNATURE } from '../platform/http/openapi.ts';
import { sendProblem } from '../platform/http/problem.ts';
import { createHttpServer, type HttpServer } from '../platform/http/server.ts';
import { serveWebApp } from '../platform/http/web-app.ts';
import { createLogger, type Logger } from '../platform/log.ts';
import { metricsRoute } from '../platform/metrics.ts';
import { requireOperator } from '../platform/operator-keys.ts';
import { loadOrCreateSecretKey } from '../platform/secret-key-file.ts';
import { WebhookTargets } from '../platform/webhook-targets.ts';
import { analyticsRoutes } from './analytics/routes.ts';
import { importRoutes } from './catalog/import-routes.ts';
import { catalogRoutes } from './catalog/routes.ts';
import type { MarketConfig } from './config.ts';
import type { MarketContext } from './context.ts';
import { MARKET_MIGRATIONS } from './db/migrations-folder.ts';
import { PreferenceBuffer } from './history/preference-buffer.ts';
import { KindCache } from './kinds/kind-cache.ts';
import { kindRoutes } from './kinds/routes.ts';
import { marketMetrics } from './metrics.ts';
import { reconcileRoutes } from './operator/reconcile-routes.ts';
import { statusRoutes } from './operator/status-routes.ts';
import { orderRoutes } from './orders/routes.ts';
import { SellerEventHub } from './orders/seller-event-hub.ts';
import { paymentRoutes } from './payments/routes.ts';
import { sellerPayableRoutes } from './payments/seller-payable-routes.ts';
import { SettlementClient } from './payments/settlement-client.ts';
import { problem } from './problems/catalogue.ts';
import { retrievalRoutes } from './retrieval/routes.ts';
import { MAX_SEARCH_TOKEN_LENGTH } from './retrieval/search-token.ts';
import { sellerRoutes } from './sellers/routes.ts';
import { DeliveryClient } from './shipping/delivery-client.ts';
import { deliveryEventRoutes } from './shipping/event-routes.ts';
import { parcelPurchaserRoutes } from './shipping/purchaser-routes.ts';
import { parcelSellerRoutes } from './shipping/seller-routes.ts';
import { terminalConfigRoutes } from './terminal-config-routes.ts';
import { startMarketWorkers } from './workers.ts';

/**
 * Retrieval answers 20 rows in a few milliseconds; parallel workers only add start-up time to
 * such queries (measured: up to 80 ms on a two-core server).
 */
export const MARKET_SERVER_SETTINGS = { max_parallel_workers_per_gather: '0' };

/** The paths of the terminals the market serves (src/web/terminals.tsx), each with its pages below. */
export const MARKET_TERMINAL_PAGES = ['/', '/buy', '/buy/*', '/sell', '/sell/*', '/operate', '/operate/*'];

/** What the market's OpenAPI document says beyond its routes. */
const marketApi = (publicUrl: string | undefined): ApiDocumentOptions => ({
  publicUrl,
  tags: {
    catalog: 'Kinds of commodity, and the offers sellers list under them.',
    purchase: 'Searching, buying, paying and following a parcel, without an account.',
    sellers: 'Seller accounts, their keys and webhooks.',
    'seller orders': 'A seller’s orders, their events, money and parcels.',
    'seller analytics':
      'Market analyses a seller buys: sales, preferences and unmet demand, with differential privacy and a published budget.',
    operator: 'Running the market: kinds, sellers, status, reconciliation.',
    'operator analytics': 'Prices and privacy budgets of the analyses, and the log of every release.',
    delivery: 'What the delivery service tells the market; signed by it.',
    terminals: 'Settings the market’s own web terminals read.',
  },
  securitySchemes: {
    sellerKey: bearer('A seller’s API key, shown once when the seller registers.'),
    orderSecret: bearer(
      'The order secret, shown once when the order is placed; it is the only way back to the order.',
    ),
    ...OPERATOR_KEY,
    ...PEER_SIGNATURE,
  },
});

export interface Market {
  app: HttpServer;
  ctx: MarketContext;
  close(): Promise<void>;
}

export interface MarketOptions {
  config: MarketConfig;
  /** An already-open database (tests); otherwise opened from the configuration. */
  database?: Database;
  clock?: Clock;
  logger?: Logger;
  /** How webhook hosts are resolved (tests); the system resolver otherwise. */
  webhookLookup?: import('node:net').LookupFunction;
  /** Background duties (expiry, webhooks, clean-up); tests drive them by hand. */
  workers?: boolean;
}

/** Builds the market service (server 1): its database, routes and background duties. */
export async function buildMarket(options: MarketOptions): Promise<Market> {
  const log = options.logger ?? createLogger('market');
  const config = {
    ...options.config,
    secretKey: loadOrCreateSecretKey({ ...options.config, variable: 'TOKUMEI_MARKET_SECRET_KEY' }),
    deliveryKey: requireSetting(
      options.config.deliveryKey,
      'TOKUMEI_MARKET_DELIVERY_KEY',
      'the key shared with delivery, the same as its TOKUMEI_DELIVERY_MARKET_KEY',
    ),
  };
  const onServer = options.database ? options.database.driver === 'postgres' : !!config.databaseUrl;
  if (config.readDatabaseUrl && !onServer) {
    throw new ConfigError(
      'Invalid configuration:\n  TOKUMEI_MARKET_READ_DATABASE_URL: a replica of the PostgreSQL database at TOKUMEI_MARKET_DATABASE_URL, which is not set',
    );
  }
  const database =
    options.database ??
    (await openServiceDatabase(config, {
      migrationsFolder: MARKET_MIGRATIONS,
      serverSettings: MARKET_SERVER_SETTINGS,
    }));
  const replica =
    config.readDatabaseUrl !== undefined
      ? openReplica(config.readDatabaseUrl, { serverSettings: MARKET_SERVER_SETTINGS })
      : undefined;
  const sellerEvents = new SellerEventHub();
  await sellerEvents.start(database);
  const kinds = new KindCache();
  await kinds.start(database);
  const clock = options.clock ?? systemClock;
  const ctx: MarketContext = {
    database,
    db: database.db,
    readDb: replica?.db ?? database.db,
    clock,
    config,
    log,
    sellerEvents,
    webhooks: new WebhookTargets({ allowPrivate: config.webhookAllowPrivate, lookup: options.webhookLookup }),
    kinds,
    preferences: new PreferenceBuffer(database.db, log),
    settlement: {
      live: new SettlementClient(config.settlement, { timeoutMs: config.settlementTimeoutMs }),
      background: new SettlementClient(config.settlement, {
        timeoutMs: config.settlementTimeoutMs,
        retries: 0,
      }),
    },
    delivery: new DeliveryClient(config, clock),
  };

  const metrics = marketMetrics(database);
  const app = await createHttpServer({
    title: 'Tokumei market',
    description:
      'The public marketplace: kinds and commodities, retrieval, orders, sellers. Purchasers are never asked for anything personal.',
    version: packageJson.version,
    api: marketApi(config.publicUrl),
    logger: log,
    metrics,
    maxParamLength: MAX_SEARCH_TOKEN_LENGTH,
    rateLimitPerMinute: config.rateLimitPerMinute,
  });
  // Ready when a purchase could go through: its database, settlement and delivery answer.
  healthRoutes(
    app,
    [
      databaseCheck(database),
      { name: 'settlement', check: () => ctx.settlement.background.ready() },
      { name: 'delivery', check: () => ctx.delivery.ready() },
    ],
    log,
  );
  // The operator's: the market's own, and settlement's, read over the closed link.
  metricsRoute(app, metrics, requireOperator(ctx));
  app.get(
    '/metrics/settlement',
    { schema: { hide: true }, config: { rateLimit: false }, preHandler: requireOperator(ctx) },
    async (_request, reply) => {
      try {
        const text = await ctx.settlement.background.metrics();
        return reply.header('content-type', metrics.registry.contentType).send(text);
      } catch (error) {
        if (!(error instanceof ClosedLinkUnavailable)) throw error;
        return sendProblem(reply, problem(503, 'settlement_unavailable'));
      }
    },
  );
  kindRoutes(app, ctx);
  sellerRoutes(app, ctx);
  catalogRoutes(app, ctx);
  importRoutes(app, ctx);
  retrievalRoutes(app, ctx);
  orderRoutes(app, ctx);
  paymentRoutes(app, ctx);
  sellerPayableRoutes(app, ctx);
  parcelPurchaserRoutes(app, ctx);
  parcelSellerRoutes(app, ctx);
  deliveryEventRoutes(app, ctx);
  statusRoutes(app, ctx);
  reconcileRoutes(app, ctx);
  terminalConfigRoutes(app, ctx);
  analyticsRoutes(app, ctx);
  if (config.webDir) {
    await serveWebApp(app, {
      dir: config.webDir,
      pages: MARKET_TERMINAL_PAGES,
      // The purchaser's browser asks delivery for pickup points directly, not through the
      // market: a position given for "near me" must not reach the market.
      connectSources: [new URL(config.deliveryUrl).origin],
    });
  }
  await app.ready();

  const workers = options.workers === false ? undefined : startMarketWorkers(ctx);
  const backups =
    options.workers === false ? undefined : startScheduledBackups('market', database, config.backup, ctx.log);
  return {
    app,
    ctx,
    async close() {
      await workers?.stop();
      await backups?.stop();
      await app.close();
      await ctx.preferences.flush();
      await sellerEvents.stop();
      await kinds.stop();
      ctx.settlement.live.close();
      ctx.settlement.background.close();
      await replica?.close();
      if (!options.database) await database.close();
    },
  };
}
