import { type SQL, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from './db/database.ts';
import { queryRows } from './db/database.ts';
import type { HttpServer } from './http/server.ts';

/**
 * A service's Prometheus metrics (prom-client), in Prometheus' conventions: `tokumei_` names,
 * base units (seconds, minor units of money), `_total` for counters, and no label with
 * unbounded values: a route as declared (`/orders/:orderId`), never an order, a seller or a code.
 * Gauges of what the database holds (outbox depth, parcels by state …) are read when Prometheus
 * scrapes, so they cost nothing between scrapes.
 */
export interface ServiceMetrics {
  registry: Registry;
  /** A request answered: its route as declared, method and status. */
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
}

/** Seconds; from a cached read to a slow payment. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Node's process metrics (CPU, memory, event loop lag …), collected once per process: each
 * collection keeps an event-loop monitor running for good, and a process serves one service
 * (tests, which build many, share it).
 */
let processRegistry: Registry | undefined;

/** An outbox as its metrics read it: its pending rows, and the topic each goes to. */
export interface OutboxShape {
  pending: SQL;
  topic: SQL;
}

/** The platform outbox (market, delivery); settlement's has a shape of its own. */
const PLATFORM_OUTBOX: OutboxShape = {
  pending: sql`outbox WHERE delivered_at IS NULL AND failed_at IS NULL`,
  topic: sql`topic`,
};

/**
 * Every service's metrics: requests by route, the database pool, the outbox's depth and age,
 * and the process's; each service adds its own to `registry`.
 */
export function createServiceMetrics(
  service: string,
  database: Database,
  outbox: OutboxShape = PLATFORM_OUTBOX,
): ServiceMetrics {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  // The process's metrics and the service's own, each line labelled with the service.
  const registry = Registry.merge([processRegistry]);
  registry.setDefaultLabels({ service });
  const requests = new Histogram({
    name: 'tokumei_http_request_duration_seconds',
    help: 'Time to answer a request, by route as declared, method and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'tokumei_db_pool_connections',
    help: 'Connections of the database pool, by state (PostgreSQL; PGlite is one in-process connection)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = database.poolStats();
      if (!pool) return;
      this.set({ state: 'total' }, pool.total);
      this.set({ state: 'idle' }, pool.idle);
      this.set({ state: 'waiting' }, pool.waiting);
    },
  });
  const metrics: ServiceMetrics = {
    registry,
    observeRequest: ({ method, route, status }, seconds) =>
      requests.observe({ method, route, status_code: String(status) }, seconds),
  };
  outboxMetrics(metrics, database.db, outbox);
  return metrics;
}

/**
 * A gauge whose values are read from the database at each scrape: one value per row, labelled
 * by the row's `label` column (a bounded set: topics, states, currencies).
 */
export function databaseGauge(
  metrics: ServiceMetrics,
  db: Database['db'],
  gauge: { name: string; help: string; label: string; query: SQL },
): void {
  new Gauge({
    name: gauge.name,
    help: gauge.help,
    labelNames: [gauge.label],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      for (const row of await queryRows<{ label: string; value: number | string }>(db, gauge.query)) {
        this.set({ [gauge.label]: row.label }, Number(row.value));
      }
    },
  });
}

/** The depth and age of an outbox's pending messages, per topic. */
function outboxMetrics(metrics: ServiceMetrics, db: Database['db'], outbox: OutboxShape): void {
  const { pending, topic } = outbox;
  databaseGauge(metrics, db, {
    name: 'tokumei_outbox_pending_messages',
    help: 'Messages waiting in the outbox to be delivered, by topic',
    label: 'topic',
    query: sql`SELECT ${topic} AS label, count(*) AS value FROM ${pending} GROUP BY 1`,
  });
  databaseGauge(metrics, db, {
    name: 'tokumei_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest message waiting in the outbox, by topic',
    label: 'topic',
    query: sql`SELECT ${topic} AS label, extract(epoch FROM now() - min(created_at)) AS value FROM ${pending} GROUP BY 1`,
  });
}

/** A counter registered with the service's metrics. */
export const serviceCounter = <L extends string>(
  metrics: ServiceMetrics,
  counter: { name: string; help: string; labelNames: readonly L[] },
) => new Counter<L>({ ...counter, registers: [metrics.registry] });

/**
 * `GET /metrics` in Prometheus' text format. Never public: `authorize` is the service's operator
 * check (a bearer token, which Prometheus sends with `authorization.credentials`).
 */
export function metricsRoute(
  app: HttpServer,
  metrics: ServiceMetrics,
  authorize?: (request: FastifyRequest) => Promise<void>,
): void {
  app.get(
    '/metrics',
    { schema: { hide: true }, config: { rateLimit: false }, ...(authorize && { preHandler: authorize }) },
    async (_request, reply) => {
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
}
