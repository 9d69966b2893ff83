import packageJson from '../../package.json' with { type: 'json' };
import { startScheduledBackups } from '../platform/backup/scheduled.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import { mutualTlsServerFactory } from '../platform/closed-link/listen.ts';
import { type Database, openServiceDatabase } from '../platform/db/database.ts';
import { databaseCheck, healthRoutes } from '../platform/health.ts';
import { CLOSED_LINK } from '../platform/http/openapi.ts';
import { createHttpServer, type HttpServer } from '../platform/http/server.ts';
import { createLogger, type Logger } from '../platform/log.ts';
import { metricsRoute } from '../platform/metrics.ts';
import { loadOrCreateSecretKey } from '../platform/secret-key-file.ts';
import { analyticsRoutes } from './analytics/routes.ts';
import type { SettlementConfig } from './config.ts';
import type { SettlementContext } from './context.ts';
import { SETTLEMENT_MIGRATIONS } from './db/migrations-folder.ts';
import { eventRoutes } from './events/routes.ts';
import { settlementMetrics } from './metrics.ts';
import { paymentRoutes } from './payments/routes.ts';
import { reconcileRoutes } from './reconcile/routes.ts';
import { remittanceRoutes } from './remittance/routes.ts';
import { statusRoutes } from './status/routes.ts';
import { startSettlementWorkers } from './workers.ts';

export interface Settlement {
  app: HttpServer;
  ctx: SettlementContext;
  close(): Promise<void>;
}

export interface SettlementOptions {
  config: SettlementConfig;
  /** An already-open database (tests); otherwise opened from the configuration. */
  database?: Database;
  clock?: Clock;
  logger?: Logger;
  workers?: boolean;
}

/**
 * Builds the settlement service (servers 4 and 40): its database and the routes the market
 * calls over the closed link. It has no route for anyone else and opens no connection itself.
 */
export async function buildSettlement(options: SettlementOptions): Promise<Settlement> {
  const log = options.logger ?? createLogger('settlement');
  const secretKey = loadOrCreateSecretKey({
    ...options.config,
    variable: 'TOKUMEI_SETTLEMENT_SECRET_KEY',
  });
  const config = { ...options.config, secretKey };
  const database =
    options.database ?? (await openServiceDatabase(config, { migrationsFolder: SETTLEMENT_MIGRATIONS }));
  const metrics = settlementMetrics(database);
  const ctx: SettlementContext = {
    database,
    db: database.db,
    clock: options.clock ?? systemClock,
    config,
    instruments: {
      pepper: secretKey,
      maxPinAttempts: config.maxPinAttempts,
      pinLockMs: config.pinLockMs,
    },
    log,
    metrics: metrics.counters,
  };
  const { link } = config;
  const app = await createHttpServer({
    title: 'Tokumei settlement',
    description:
      'The anonymous settlement service, on the closed link only: announcements, payments into escrow, release and refund, sellers’ payments for analytics reports, its outbox for the market, reconciliation.',
    version: packageJson.version,
    // Only the market reaches it, over the link; every operation takes the link as its credential.
    api: {
      tags: {
        orders: 'Orders the market announces, and their money in escrow.',
        payments: 'Payments into escrow with a prepaid or credit card.',
        events: 'Settlement’s messages for the market, until it acknowledges them.',
        analytics: 'Sellers’ payments for analytics reports: held, then captured or voided.',
        reconciliation: 'The ledger’s invariants, each order’s and report’s money, sellers’ balances.',
        status: 'How settlement is doing.',
      },
      securitySchemes: CLOSED_LINK,
      security: [{ closedLink: [] }],
    },
    logger: log,
    metrics: metrics.service,
    docsPage: false,
    serverFactory: link.kind === 'tls' ? mutualTlsServerFactory(link.tls, config.allowedClients) : undefined,
  });
  // Answered on the closed link only, like everything settlement serves.
  healthRoutes(app, [databaseCheck(database)], log);
  // Read by the market for the operator (its /metrics/settlement): settlement has no other port.
  metricsRoute(app, metrics.service);
  paymentRoutes(app, ctx);
  eventRoutes(app, ctx);
  analyticsRoutes(app, ctx);
  reconcileRoutes(app, ctx);
  remittanceRoutes(app, ctx);
  statusRoutes(app, ctx);
  await app.ready();
  const workers = options.workers === false ? undefined : startSettlementWorkers(ctx);
  const backups =
    options.workers === false
      ? undefined
      : startScheduledBackups('settlement', database, config.backup, ctx.log);
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
