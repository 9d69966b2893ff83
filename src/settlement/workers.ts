import { repeatEvery } from '../platform/background.ts';
import { purgeIdempotencyKeys } from '../platform/idempotency.ts';
import type { SettlementContext } from './context.ts';

/** Settlement's housekeeping: forget Idempotency-Keys once they are past their retention. */
export const startSettlementWorkers = (ctx: SettlementContext, intervalMs = 60_000) =>
  repeatEvery(
    intervalMs,
    () =>
      purgeIdempotencyKeys(ctx.db, new Date(ctx.clock.now().getTime() - ctx.config.idempotencyRetentionMs)),
    { log: ctx.log, message: 'settlement housekeeping failed' },
  );
