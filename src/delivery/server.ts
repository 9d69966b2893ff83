import { join } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { type Clock, systemClock } from '../platform/clock';
import { type Database, openDatabase } from '../platform/db/database';
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
 * Builds the delivery service (seed 000's anonymous delivery system 5): pickup points now;
 * shipments, labels and pickup codes follow. It learns order IDs and pickup points, never a
 * purchaser.
 */
export async function buildDelivery(options: DeliveryOptions): Promise<Delivery> {
  const log = options.logger ?? createLogger('delivery');
  const secretKey = loadOrCreateSecretKey({ ...options.config, variable: 'TOKUMEI_DELIVERY_SECRET_KEY' });
  const config = { ...options.config, secretKey };
  const database =
    options.database ??
    (await openDatabase({
      location: config.databaseUrl
        ? { url: config.databaseUrl }
        : { dataDir: join(config.dataDir, 'pgdata') },
      migrationsFolder: DELIVERY_MIGRATIONS,
    }));
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
