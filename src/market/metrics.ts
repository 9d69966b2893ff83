import { sql } from 'drizzle-orm';
import type { Database } from '../platform/db/database.ts';
import { createServiceMetrics, databaseGauge } from '../platform/metrics.ts';

/** The market's metrics: requests and pool (every service's), its outbox, analytics released. */
export function marketMetrics(database: Database) {
  const metrics = createServiceMetrics('market', database);
  const { db } = database;
  databaseGauge(metrics, db, {
    name: 'tokumei_analytics_releases',
    help: 'Analytics releases computed and kept, by analysis',
    label: 'analysis',
    query: sql`SELECT analysis AS label, count(*) AS value FROM analytics_releases GROUP BY 1`,
  });
  databaseGauge(metrics, db, {
    name: 'tokumei_privacy_budget_spent_epsilon',
    help: 'Privacy budget (ε) spent over all months: by the market as a whole, and by the sellers together',
    label: 'holder',
    query: sql`SELECT CASE WHEN holder = 'market' THEN 'market' ELSE 'sellers' END AS label,
                 sum(spent_micro) / 1e6 AS value
               FROM privacy_budget GROUP BY 1`,
  });
  return metrics;
}
