import { repeatEvery } from '../platform/background.ts';
import { purgeIdempotencyKeys } from '../platform/idempotency.ts';
import { backfillOneDay, foldClosedDay, vacuumAggregates } from './analytics/aggregates.ts';
import type { MarketContext } from './context.ts';
import { moveClosedDays } from './history/stores.ts';
import { expireUnpaidOrders } from './orders/expiry.ts';
import { deliverWebhooks } from './orders/webhooks.ts';
import { runSettlementDuties } from './payments/settlement-duties.ts';
import { buildSortIndexes } from './retrieval/sort-indexes.ts';

/** One pass of every background duty; each is safe to run in many processes at once. */
export async function runMarketDuties(ctx: MarketContext): Promise<void> {
  const now = ctx.clock.now();
  while ((await expireUnpaidOrders(ctx.db, now)) > 0) {}
  while ((await deliverWebhooks(ctx.db, { now, log: ctx.log, targets: ctx.webhooks })) > 0) {}
  await purgeIdempotencyKeys(ctx.db, new Date(now.getTime() - ctx.config.idempotencyRetentionMs));
  // This process's waiting preferences first, so that a day is moved with them. Each closed
  // day goes into the analytics aggregates in the transaction that moves it.
  await ctx.preferences.flush();
  let folded = (await moveClosedDays(ctx.db, now, foldClosedDay)) > 0;
  while (await backfillOneDay(ctx.db)) folded = true;
  if (folded) await vacuumAggregates(ctx.db);
}

/** How often each market process looks for kinds' missing sort indexes. */
const SORT_INDEX_CHECK_MS = 10_000;

/**
 * Runs the duties every `intervalMs` until stopped. The closed link's duties have their own
 * loop, so a slow or absent settlement never holds up expiry or webhooks.
 */
export function startMarketWorkers(ctx: MarketContext, intervalMs = 1000): { stop(): Promise<void> } {
  const loops = [
    repeatEvery(intervalMs, () => runMarketDuties(ctx), { log: ctx.log, message: 'market duties failed' }),
    repeatEvery(intervalMs, () => ctx.preferences.flush(), {
      log: ctx.log,
      message: 'staging preferences failed',
    }),
    repeatEvery(intervalMs, () => runSettlementDuties(ctx), {
      log: ctx.log,
      message: 'settlement duties failed',
    }),
    // Its own loop, as building an index over a large catalogue takes a while; a new kind's
    // indexes are made within seconds, not on every pass of the others.
    repeatEvery(SORT_INDEX_CHECK_MS, async () => void (await buildSortIndexes(ctx.database, ctx.log)), {
      log: ctx.log,
      message: 'making sort indexes failed',
    }),
  ];
  return { stop: async () => void (await Promise.all(loops.map((l) => l.stop()))) };
}
