import { sql } from 'drizzle-orm';
import type { Database } from '../platform/db/database.ts';
import { createServiceMetrics, databaseGauge, serviceCounter } from '../platform/metrics.ts';

/** Settlement's metrics: payments by outcome, escrow held and settled, its outbox to the market. */
export function settlementMetrics(database: Database) {
  // Its outbox has one topic: every message goes to the market.
  const service = createServiceMetrics('settlement', database, {
    pending: sql`outbox WHERE delivered_at IS NULL`,
    topic: sql`'market'`,
  });
  const { db } = database;
  databaseGauge(service, db, {
    name: 'tokumei_escrow_held',
    help: 'Money held in escrow, in minor units of the currency (yen)',
    label: 'currency',
    query: sql`SELECT currency AS label,
                 sum(credits_pending + credits_posted - debits_pending - debits_posted) AS value
               FROM accounts WHERE kind = 'escrow' GROUP BY currency`,
  });
  return {
    service,
    counters: {
      payments: serviceCounter(service, {
        name: 'tokumei_payments_total',
        help: 'Payments answered, by outcome and decline code (`none` when approved); replays not counted',
        labelNames: ['outcome', 'code'] as const,
      }),
      escrow: serviceCounter(service, {
        name: 'tokumei_escrow_settled_total',
        help: 'Payments taken out of escrow, by action: released to the seller or refunded',
        labelNames: ['action'] as const,
      }),
    },
  };
}
