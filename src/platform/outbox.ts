import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Db, Executor } from './db/database.ts';
import { newId } from './ids.ts';
import type { Logger } from './log.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Transactional outbox: work to do after commit, written in the same transaction as the change
 * it follows from, delivered at least once. Each service includes this table in its own schema.
 * A job belongs to a `topic` (one drainer each); jobs of a topic that share a `key` are delivered
 * in the order they were queued (`seq`).
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    topic: text('topic').notNull(),
    key: text('key'),
    payload: jsonb('payload').notNull(),
    createdAt: at('created_at').notNull(),
    availableAt: at('available_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    deliveredAt: at('delivered_at'),
    failedAt: at('failed_at'),
  },
  (t) => [
    index('outbox_pending').on(t.availableAt).where(sql`${t.deliveredAt} IS NULL AND ${t.failedAt} IS NULL`),
    // Only pending keyed jobs can hold a later one up; delivered ones pile up and are never looked at.
    index('outbox_key_pending')
      .on(t.topic, t.key, t.seq)
      .where(sql`${t.key} IS NOT NULL AND ${t.deliveredAt} IS NULL AND ${t.failedAt} IS NULL`),
  ],
);

export type OutboxJob = typeof outbox.$inferSelect;

/** How long a leased job is left alone before another process may try it. */
export const OUTBOX_LEASE_MS = 60_000;
/** Backing off doubles from a second per attempt up to this. */
export const OUTBOX_MAX_BACKOFF_MS = 3_600_000;

/** Queues a job for after commit, in the caller's transaction. */
export async function enqueue(
  db: Executor,
  job: { topic: string; payload: unknown; now: Date; key?: string },
): Promise<void> {
  await db.insert(outbox).values({
    id: newId(),
    topic: job.topic,
    key: job.key ?? null,
    payload: job.payload,
    createdAt: job.now,
    availableAt: job.now,
  });
}

/**
 * Delivers due jobs of one topic at least once, in the order they were queued. A keyed job waits
 * while an earlier job of its topic and key is still pending; a parked one no longer holds it up.
 * Jobs are leased before `deliver` runs, so no transaction stays open while waiting on the other
 * side and another process skips them; a failure backs off exponentially and, after
 * `maxAttempts`, is parked as failed for an operator. Returns how many were tried.
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
          // A job leased by another process is still pending, so its key's later jobs wait too.
          sql`(${outbox.key} IS NULL OR NOT EXISTS (SELECT 1 FROM ${outbox} earlier
            WHERE earlier.topic = ${outbox.topic} AND earlier.key = ${outbox.key} AND earlier.seq < ${outbox.seq}
            AND earlier.delivered_at IS NULL AND earlier.failed_at IS NULL))`,
        ),
      )
      .orderBy(asc(outbox.seq))
      .limit(options.batch ?? 20)
      .for('update', { of: outbox, skipLocked: true });
    if (!due.length) return [];
    return tx
      .update(outbox)
      .set({ availableAt: new Date(now.getTime() + OUTBOX_LEASE_MS), attempts: sql`${outbox.attempts} + 1` })
      .where(
        inArray(
          outbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });

  // Marked in one statement after the batch (a crash before it only delivers them again), or
  // as they go once a slow batch has used half its lease, so that no other process takes them.
  const leasedAt = Date.now();
  const delivered: string[] = [];
  const markDelivered = async () => {
    if (!delivered.length) return;
    const ids = delivered.splice(0);
    await db.update(outbox).set({ deliveredAt: now, lastError: null }).where(inArray(outbox.id, ids));
  };
  // RETURNING promises no order.
  for (const job of leased.sort((a, b) => a.seq - b.seq)) {
    const failure = await options.deliver(job).catch((error: Error) => error.message);
    if (failure === null) {
      delivered.push(job.id);
      if (Date.now() - leasedAt > OUTBOX_LEASE_MS / 2) await markDelivered();
      continue;
    }
    const giveUp = job.attempts >= options.maxAttempts;
    const backoffMs = Math.min(2 ** job.attempts * 1000, OUTBOX_MAX_BACKOFF_MS);
    // Not the key: it may name an order, which a log has no need of.
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
  await markDelivered();
  return leased.length;
}
