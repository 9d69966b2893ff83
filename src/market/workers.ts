import { lt } from 'drizzle-orm';
import { repeatEvery } from '../platform/background';
import { purgeIdempotencyKeys } from '../platform/idempotency';
import type { MarketContext } from './context';
import { searches } from './db/schema';
import { expireUnpaidOrders } from './orders/expiry';
import { deliverWebhooks } from './orders/webhooks';
import { runSettlementDuties } from './payments/settlement-duties';

/** One pass of every background duty; each is safe to run in many processes at once. */
export async function runMarketDuties(ctx: MarketContext): Promise<void> {
  const now = ctx.clock.now();
  while ((await expireUnpaidOrders(ctx.db, now)) > 0) {}
  while (
    (await deliverWebhooks(ctx.db, { now, log: ctx.log, allowPrivate: ctx.config.webhookAllowPrivate })) > 0
  ) {}
  await ctx.db.delete(searches).where(lt(searches.expiresAt, now));
  await purgeIdempotencyKeys(ctx.db, new Date(now.getTime() - ctx.config.idempotencyRetentionMs));
}

/**
 * Runs the duties every `intervalMs` until stopped. The closed link's duties have their own
 * loop, so a slow or absent settlement never holds up expiry or webhooks.
 */
export function startMarketWorkers(ctx: MarketContext, intervalMs = 1000): { stop(): Promise<void> } {
  const loops = [
    repeatEvery(intervalMs, () => runMarketDuties(ctx), { log: ctx.log, message: 'market duties failed' }),
    repeatEvery(intervalMs, () => runSettlementDuties(ctx), {
      log: ctx.log,
      message: 'settlement duties failed',
    }),
  ];
  return { stop: async () => void (await Promise.all(loops.map((l) => l.stop()))) };
}
