import { lt } from 'drizzle-orm';
import { purgeIdempotencyKeys } from '../platform/idempotency';
import type { MarketContext } from './context';
import { searches } from './db/schema';
import { expireUnpaidOrders } from './orders/expiry';
import { deliverWebhooks } from './orders/webhooks';

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

/** Runs the duties every `intervalMs` until stopped; a failed pass is logged and retried. */
export function startMarketWorkers(ctx: MarketContext, intervalMs = 1000): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = runMarketDuties(ctx)
      .catch((error) => ctx.log.error({ err: error }, 'market duties failed'))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
