import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db, Executor } from '../platform/db/database';
import { newId } from '../platform/ids';
import type { Logger } from '../platform/log';
import { outbox } from './db/schema';

export type OutboxJob = typeof outbox.$inferSelect;

/** How long a leased job is left alone before another process may try it. */
const LEASE_MS = 60_000;

/** Queues work for after commit, in the caller's transaction. */
export async function enqueue(db: Executor, topic: string, payload: unknown, now: Date): Promise<void> {
  await db.insert(outbox).values({ id: newId(), topic, payload, createdAt: now, availableAt: now });
}

/**
 * Delivers due jobs of one topic at least once. Each is leased before `deliver` runs, so no
 * transaction stays open while waiting on the other side and another process skips it; a failure
 * backs off exponentially and, after `maxAttempts`, is parked as failed for an operator.
 */
export async function drainOutbox(
  db: Db,
  options: {
    topic: string;
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
          eq(outbox.topic, options.topic),
          isNull(outbox.deliveredAt),
          isNull(outbox.failedAt),
          lte(outbox.availableAt, now),
        ),
      )
      .orderBy(outbox.availableAt)
      .limit(options.batch ?? 20)
      .for('update', { skipLocked: true });
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

  for (const job of leased) {
    const failure = await options.deliver(job).catch((error: Error) => error.message);
    if (failure === null) {
      await db.update(outbox).set({ deliveredAt: now, lastError: null }).where(eq(outbox.id, job.id));
      continue;
    }
    const giveUp = job.attempts >= options.maxAttempts;
    const backoffMs = Math.min(2 ** job.attempts * 1000, 3_600_000);
    options.log.warn(
      { outboxId: job.id, topic: job.topic, attempts: job.attempts, failure },
      'outbox delivery failed',
    );
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
