import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database';
import { newId } from '../../platform/ids';
import type { Logger } from '../../platform/log';
import { outbox } from '../db/schema';

export type OutboxJob = typeof outbox.$inferSelect;

/** How long a leased job is left alone before another process may try it. */
const LEASE_MS = 60_000;

/** Queues a message about one order for after commit, in the caller's transaction. */
export async function enqueue(db: Executor, orderId: string, payload: unknown, now: Date): Promise<void> {
  await db.insert(outbox).values({ id: newId(), orderId, payload, createdAt: now, availableAt: now });
}

/**
 * Delivers due jobs at least once, each order's in the order they were queued: a job waits
 * while an earlier one for its order is still pending (a parked one no longer holds it up).
 * Jobs are leased before `deliver` runs, so no transaction stays open while waiting on the other
 * side and another process skips them; a failure backs off exponentially and, after
 * `maxAttempts`, is parked as failed for an operator.
 */
export async function drainOutbox(
  db: Db,
  options: {
    now: Date;
    log: Logger;
    maxAttempts: number;
    batch?: number;
    /** Returns null when done, or why it failed. */
    deliver: (job: OutboxJob) => Promise<string | null>;
  },
): Promise<number> {
  const { now } = options;
  const leased = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          isNull(outbox.deliveredAt),
          isNull(outbox.failedAt),
          lte(outbox.availableAt, now),
          sql`NOT EXISTS (SELECT 1 FROM outbox earlier WHERE earlier.order_id = ${outbox.orderId}
            AND earlier.seq < ${outbox.seq} AND earlier.delivered_at IS NULL AND earlier.failed_at IS NULL)`,
        ),
      )
      .orderBy(asc(outbox.seq))
      .limit(options.batch ?? 20)
      .for('update', { of: outbox, skipLocked: true });
    if (!due.length) return [];
    return tx
      .update(outbox)
      .set({ availableAt: new Date(now.getTime() + LEASE_MS), attempts: sql`${outbox.attempts} + 1` })
      .where(
        inArray(
          outbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });

  for (const job of leased.sort((a, b) => a.seq - b.seq)) {
    const failure = await options.deliver(job).catch((error: Error) => error.message);
    if (failure === null) {
      await db.update(outbox).set({ deliveredAt: now, lastError: null }).where(eq(outbox.id, job.id));
      continue;
    }
    const giveUp = job.attempts >= options.maxAttempts;
    const backoffMs = Math.min(2 ** job.attempts * 1000, 3_600_000);
    options.log.warn({ outboxId: job.id, attempts: job.attempts, failure }, 'outbox delivery failed');
    await db
      .update(outbox)
      .set({
        lastError: failure,
        availableAt: new Date(now.getTime() + backoffMs),
        failedAt: giveUp ? now : null,
      })
      .where(eq(outbox.id, job.id));
  }
  return leased.length;
}
