import { sql } from 'drizzle-orm';
import type { Database } from '../platform/db/database.ts';
import { createServiceMetrics, databaseGauge } from '../platform/metrics.ts';

/** Delivery's metrics: requests and pool (every service's), its outbox, parcels by state. */
export function deliveryMetrics(database: Database) {
  const metrics = createServiceMetrics('delivery', database);
  const { db } = database;
  databaseGauge(metrics, db, {
    name: 'tokumei_parcels',
    help: 'Parcels, by state',
    label: 'state',
    query: sql`SELECT state AS label, count(*) AS value FROM shipments GROUP BY 1`,
  });
  return metrics;
}
