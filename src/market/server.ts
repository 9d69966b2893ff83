import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import packageJson from '../../package.json' with { type: 'json' };
import { type Clock, systemClock } from '../platform/clock';
import { type Database, openDatabase } from '../platform/db/database';
import { createHttpServer, type HttpServer } from '../platform/http/server';
import { serveWebApp } from '../platform/http/web-app';
import { newSecret } from '../platform/ids';
import { createLogger, type Logger } from '../platform/log';
import { importRoutes } from './catalog/import-routes';
import { catalogRoutes } from './catalog/routes';
import type { MarketConfig } from './config';
import type { MarketContext } from './context';
import { KindCache } from './kinds/kind-cache';
import { kindRoutes } from './kinds/routes';
import { statusRoutes } from './operator/status-routes';
import { orderRoutes } from './orders/routes';
import { SellerEventHub } from './orders/seller-event-hub';
import { retrievalRoutes } from './retrieval/routes';
import { sellerRoutes } from './sellers/routes';
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
    secretKey: options.config.secretKey ?? loadOrCreateSecretKey(options.config),
  };
  const database =
    options.database ??
    (await openDatabase({
      location: config.databaseUrl
        ? { url: config.databaseUrl }
        : { dataDir: join(config.dataDir, 'pgdata') },
      migrationsFolder: MARKET_MIGRATIONS,
      serverSettings: MARKET_SERVER_SETTINGS,
    }));
  const sellerEvents = new SellerEventHub();
  await sellerEvents.start(database);
  const kinds = new KindCache();
  await kinds.start(database);
  const ctx: MarketContext = {
    database,
    db: database.db,
    clock: options.clock ?? systemClock,
    config,
    log,
    sellerEvents,
    kinds,
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
  statusRoutes(app, ctx);
  if (config.webDir) await serveWebApp(app, { dir: config.webDir, pages: MARKET_TERMINAL_PAGES });
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
      if (!options.database) await database.close();
    },
  };
}

/** On an embedded install the key lives in the data directory, readable by its owner only. */
function loadOrCreateSecretKey(config: MarketConfig): string {
  const file = join(config.dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  if (config.databaseUrl) {
    throw new Error('TOKUMEI_MARKET_SECRET_KEY must be set when the market runs on a PostgreSQL server');
  }
  mkdirSync(config.dataDir, { recursive: true });
  const key = newSecret();
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}
