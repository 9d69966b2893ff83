import cors from '@fastify/cors';
import type { FastifyRequest } from 'fastify';
import packageJson from '../../package.json' with { type: 'json' };
import { type Clock, systemClock } from '../platform/clock';
import { requireSetting } from '../platform/config';
import { type Database, openServiceDatabase } from '../platform/db/database';
import { createHttpServer, type HttpServer } from '../platform/http/server';
import { createLogger, type Logger } from '../platform/log';
import { loadOrCreateSecretKey } from '../platform/secret-key-file';
import type { DeliveryConfig } from './config';
import type { DeliveryContext } from './context';
import { DELIVERY_MIGRATIONS } from './db/migrations-folder';
import { pickupPointRoutes } from './pickup-points/routes';

export interface Delivery {
  app: HttpServer;
  ctx: DeliveryContext;
  close(): Promise<void>;
}

export interface DeliveryOptions {
  config: DeliveryConfig;
  /** An already-open database (tests); otherwise opened from the configuration. */
  database?: Database;
  clock?: Clock;
  logger?: Logger;
}

/**
 * B8: purchasers' browsers read pickup points straight from here, from the market's pages (so a
 * position given for "near me" never passes through the market). These are public, read-only
 * and asked for without credentials, so any origin may read them; nothing else is open to other
 * origins, the operator's routes least of all.
 */
function isPublicRead(request: FastifyRequest): boolean {
  const method =
    request.method === 'OPTIONS' ? request.headers['access-control-request-method'] : request.method;
  const path = request.url.split('?')[0] ?? '';
  return (method === 'GET' || method === 'HEAD') && /^\/pickup-points(\/[^/]*)?$/.test(path);
}

/**
 * Builds the delivery service (seed 000's anonymous delivery system 5): pickup points now;
 * shipments, labels and pickup codes follow. It learns order IDs and pickup points, never a
 * purchaser.
 */
export async function buildDelivery(options: DeliveryOptions): Promise<Delivery> {
  const log = options.logger ?? createLogger('delivery');
  const secretKey = loadOrCreateSecretKey({ ...options.config, variable: 'TOKUMEI_DELIVERY_SECRET_KEY' });
  const marketKey = requireSetting(
    options.config.marketKey,
    'TOKUMEI_DELIVERY_MARKET_KEY',
    'the key shared with the market, the same as its TOKUMEI_MARKET_DELIVERY_KEY',
  );
  const config = { ...options.config, secretKey, marketKey };
  const database =
    options.database ?? (await openServiceDatabase(config, { migrationsFolder: DELIVERY_MIGRATIONS }));
  const ctx: DeliveryContext = {
    database,
    db: database.db,
    clock: options.clock ?? systemClock,
    config,
    log,
  };
  const app = await createHttpServer({
    title: 'Tokumei delivery',
    description:
      'The anonymous delivery system (system 5 of seed 000): pickup points at convenience stores and lockers. It knows order IDs and pickup points, never who a purchaser is.',
    version: packageJson.version,
    logger: log,
    rateLimitPerMinute: config.rateLimitPerMinute,
  });
  app.get('/health', { schema: { hide: true }, config: { rateLimit: false } }, async () => ({
    status: 'ok',
  }));
  await app.register(cors, {
    delegator: (request, callback) =>
      callback(null, { origin: isPublicRead(request) ? '*' : false, methods: ['GET', 'HEAD'] }),
  });
  pickupPointRoutes(app, ctx);
  await app.ready();
  return {
    app,
    ctx,
    async close() {
      await app.close();
      if (!options.database) await database.close();
    },
  };
}
