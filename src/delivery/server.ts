import type { FastifyRequest } from 'fastify';
import packageJson from '../../package.json' with { type: 'json' };
import { startScheduledBackups } from '../platform/backup/scheduled.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import { requireSetting } from '../platform/config.ts';
import { type Database, openServiceDatabase } from '../platform/db/database.ts';
import { databaseCheck, healthRoutes } from '../platform/health.ts';
import { type ApiDocumentOptions, bearer, OPERATOR_KEY, PEER_SIGNATURE } from '../platform/http/openapi.ts';
import { createHttpServer, type HttpServer } from '../platform/http/server.ts';
import { serveWebApp } from '../platform/http/web-app.ts';
import { createLogger, type Logger } from '../platform/log.ts';
import { metricsRoute } from '../platform/metrics.ts';
import { requireOperator } from '../platform/operator-keys.ts';
import { loadOrCreateSecretKey } from '../platform/secret-key-file.ts';
import { clerkKeyRoutes } from './clerk/operator-routes.ts';
import { clerkRoutes } from './clerk/routes.ts';
import type { DeliveryConfig } from './config.ts';
import type { DeliveryContext } from './context.ts';
import { DELIVERY_MIGRATIONS } from './db/migrations-folder.ts';
import { deliveryMetrics } from './metrics.ts';
import { pickupCodeRoutes } from './pickup-codes/routes.ts';
import { fillMissingSearchText } from './pickup-points/pickup-points.ts';
import { pickupPointRoutes } from './pickup-points/routes.ts';
import { shipmentRoutes } from './shipments/routes.ts';
import { statusRoutes } from './status/routes.ts';
import { startDeliveryWorkers } from './workers.ts';

export { runDeliveryDuties } from './workers.ts';

/** The pickup clerk's terminal and the operator's pickup-point pages, from the built terminals (src/web). */
export const DELIVERY_TERMINAL_PAGES = ['/clerk', '/clerk/*', '/points', '/points/*'];

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
  /** Background duties (parcel events to the market, returns); tests run them by hand. */
  workers?: boolean;
}

/**
 * What a page on another origin may ask of delivery, without credentials. B8: purchasers'
 * browsers read pickup points straight from here, from the market's pages (so a position given
 * for "near me" never passes through the market). B9: they register the pickup code they made
 * here too, so it never passes through the market either. Nothing else is open to other
 * origins, the operator's and the clerks' routes least of all.
 */
function crossOriginAccess(request: FastifyRequest): { methods: string[]; allowedHeaders?: string[] } | null {
  const method =
    request.method === 'OPTIONS' ? request.headers['access-control-request-method'] : request.method;
  const path = request.url.split('?')[0] ?? '';
  if ((method === 'GET' || method === 'HEAD') && /^\/pickup-points(\/[^/]*)?$/.test(path)) {
    return { methods: ['GET', 'HEAD'] };
  }
  if (method === 'POST' && path === '/pickup-codes')
    return { methods: ['POST'], allowedHeaders: ['content-type'] };
  return null;
}

/** What delivery's OpenAPI document says beyond its routes. */
const deliveryApi = (publicUrl: string | undefined): ApiDocumentOptions => ({
  publicUrl,
  tags: {
    'pickup points': 'Convenience stores and lockers where parcels wait; anyone may look them up.',
    'pickup codes': 'A purchaser’s browser registers the pickup code it made here.',
    shipments: 'Parcels the market books for its sellers, and their labels; signed by the market.',
    clerk: 'The pickup clerk’s terminal: parcels in and out at one pickup point.',
    operator: 'Running delivery: pickup points and clerk keys.',
    status: 'How delivery is doing, for the market’s operator.',
  },
  securitySchemes: {
    clerkKey: bearer('A clerk key, issued by the operator for one pickup point.'),
    ...OPERATOR_KEY,
    ...PEER_SIGNATURE,
  },
});

/**
 * Builds the delivery service (seed 000's anonymous delivery system 5): pickup points, shipments
 * and their labels, pickup codes and the clerk's terminal (B9). It learns order IDs, pickup
 * points and parcel sizes, and a verifier of each pickup code; never a purchaser.
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
  // Before anything is searched: points from before the search columns get theirs.
  await fillMissingSearchText(database.db);
  const ctx: DeliveryContext = {
    database,
    db: database.db,
    clock: options.clock ?? systemClock,
    config,
    log,
  };
  const metrics = deliveryMetrics(database);
  const app = await createHttpServer({
    title: 'Tokumei delivery',
    description:
      'The anonymous delivery service: pickup points at convenience stores and lockers, shipments and their labels, pickup codes (kept only as verifiers) and the pickup clerk’s terminal. It knows order IDs, pickup points and parcel sizes, never who a purchaser is.',
    version: packageJson.version,
    api: deliveryApi(config.publicUrl),
    logger: log,
    metrics,
    rateLimitPerMinute: config.rateLimitPerMinute,
    cors: {
      delegator: (request, callback) => {
        const access = crossOriginAccess(request);
        callback(null, access ? { origin: '*', credentials: false, ...access } : { origin: false });
      },
    },
  });
  healthRoutes(app, [databaseCheck(database)], log);
  metricsRoute(app, metrics, requireOperator(ctx));
  pickupPointRoutes(app, ctx);
  pickupCodeRoutes(app, ctx);
  shipmentRoutes(app, ctx);
  clerkKeyRoutes(app, ctx);
  clerkRoutes(app, ctx);
  statusRoutes(app, ctx);
  if (config.webDir) {
    // The clerk's terminal calls only delivery itself, its own origin.
    await serveWebApp(app, { dir: config.webDir, pages: DELIVERY_TERMINAL_PAGES });
  }
  await app.ready();

  const workers = options.workers === false ? undefined : startDeliveryWorkers(ctx);
  const backups =
    options.workers === false
      ? undefined
      : startScheduledBackups('delivery', database, config.backup, ctx.log);
  return {
    app,
    ctx,
    async close() {
      await workers?.stop();
      await backups?.stop();
      await app.close();
      if (!options.database) await database.close();
    },
  };
}
