import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import packageJson from '../../package.json' with { type: 'json' };
import { type Clock, systemClock } from '../platform/clock';
import { requireSetting } from '../platform/config';
import { type Database, openServiceDatabase } from '../platform/db/database';
import { createHttpServer, type HttpServer } from '../platform/http/server';
import { serveWebApp } from '../platform/http/web-app';
import { createLogger, type Logger } from '../platform/log';
import { loadOrCreateSecretKey } from '../platform/secret-key-file';
import { importRoutes } from './catalog/import-routes';
import { catalogRoutes } from './catalog/routes';
import type { MarketConfig } from './config';
import type { MarketContext } from './context';
import { KindCache } from './kinds/kind-cache';
import { kindRoutes } from './kinds/routes';
import { reconcileRoutes } from './operator/reconcile-routes';
import { statusRoutes } from './operator/status-routes';
import { orderRoutes } from './orders/routes';
import { SellerEventHub } from './orders/seller-event-hub';
import { paymentRoutes } from './payments/routes';
import { sellerPayableRoutes } from './payments/seller-payable-routes';
import { SettlementClient } from './payments/settlement-client';
import { retrievalRoutes } from './retrieval/routes';
import { sellerRoutes } from './sellers/routes';
import { DeliveryClient } from './shipping/delivery-client';
import { deliveryEventRoutes } from './shipping/event-routes';
import { parcelPurchaserRoutes } from './shipping/purchaser-routes';
import { parcelSellerRoutes } from './shipping/seller-routes';
import { terminalConfigRoutes } from './terminal-config-routes';
import { startMarketWorkers } from './workers';

export const MARKET_MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'db', 'migrations');

/**
 * Retrieval answers 20 rows in a few milliseconds; parallel workers only add start-up time to
 * such queries (measured: up to 80 ms on a two-core server).
 */
export const MARKET_SERVER_SETTINGS = { max_parallel_workers_per_gather: '0' };

/** The paths of the terminals the market serves (src/web/terminals.tsx), each with its pages below. */
export const MARKET_TERMINAL_PAGES = ['/', '/buy', '/buy/*', '/sell', '/sell/*', '/operate', '/operate/*'];

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
  const database =
    options.database ??
    (await openServiceDatabase(config, {
      migrationsFolder: MARKET_MIGRATIONS,
      serverSettings: MARKET_SERVER_SETTINGS,
    }));
  const sellerEvents = new SellerEventHub();
  await sellerEvents.start(database);
  const kinds = new KindCache();
  await kinds.start(database);
  const clock = options.clock ?? systemClock;
  const ctx: MarketContext = {
    database,
    db: database.db,
    clock,
    config,
    log,
    sellerEvents,
    kinds,
    settlement: {
      live: new SettlementClient(config.settlement, { timeoutMs: config.settlementTimeoutMs }),
      background: new SettlementClient(config.settlement, {
        timeoutMs: config.settlementTimeoutMs,
        retries: 0,
      }),
    },
    delivery: new DeliveryClient(config, clock),
  };

  const app = await createHttpServer({
    title: 'Tokumei market',
    description:
      'The public marketplace (server 1 of seed 000): kinds and commodities, retrieval, orders, sellers. Purchasers are never asked for anything personal.',
    version: packageJson.version,
    logger: log,
    rateLimitPerMinute: config.rateLimitPerMinute,
  });
  app.get('/health', { schema: { hide: true }, config: { rateLimit: false } }, async () => ({
    status: 'ok',
  }));
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
  return {
    app,
    ctx,
    async close() {
      await workers?.stop();
      await app.close();
      await sellerEvents.stop();
      await kinds.stop();
      ctx.settlement.live.close();
      ctx.settlement.background.close();
      if (!options.database) await database.close();
    },
  };
}
