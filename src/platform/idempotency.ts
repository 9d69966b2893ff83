import { and, eq, lt } from 'drizzle-orm';
import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { Db, Tx } from './db/database.ts';
import { sha256 } from './secrets.ts';

/**
 * Stored first responses for `Idempotency-Key` (Stripe semantics). Each service includes this
 * table in its own schema; the row is written in the same transaction as the work it guards.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    body: jsonb('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type IdempotentOutcome =
  | { kind: 'fresh'; response: StoredResponse }
  | { kind: 'replayed'; response: StoredResponse }
  | { kind: 'mismatch' };

/** A stable hash of the request parameters; key order does not matter. */
export function requestHash(params: unknown): string {
  const canonical = JSON.stringify(params, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
  return sha256(canonical).toString('hex');
}

class Rollback extends Error {
  readonly response: StoredResponse;

  constructor(response: StoredResponse) {
    super('rollback');
    this.response = response;
  }
}

/**
 * Runs `work` at most once per (scope, key). The key row is inserted first, so a concurrent
 * request with the same key waits on it and then replays the stored answer. `work` returns a
 * response and whether it succeeded: a failure's writes are rolled back (savepoint) but the
 * failure itself is stored, so a declined key stays declined. An exception stores nothing.
 */
export async function runIdempotent(
  db: Db,
  input: { scope: string; key: string; hash: string; now: Date },
  work: (tx: Tx) => Promise<StoredResponse & { success: boolean }>,
): Promise<IdempotentOutcome> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(idempotencyKeys)
      .values({
        scope: input.scope,
        key: input.key,
        requestHash: input.hash,
        status: 0,
        body: {},
        createdAt: input.now,
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length === 0) {
      const [stored] = await tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.scope, input.scope), eq(idempotencyKeys.key, input.key)));
      if (!stored || stored.requestHash !== input.hash) return { kind: 'mismatch' } as const;
      return { kind: 'replayed', response: { status: stored.status, body: stored.body } } as const;
    }
    let response: StoredResponse;
    try {
      response = await tx.transaction(async (sp) => {
        const result = await work(sp);
        if (!result.success) throw new Rollback({ status: result.status, body: result.body });
        return { status: result.status, body: result.body };
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      response = error.response;
    }
    await tx
      .update(idempotencyKeys)
      .set({ status: response.status, body: response.body })
      .where(and(eq(idempotencyKeys.scope, input.scope), eq(idempotencyKeys.key, input.key)));
    return { kind: 'fresh', response } as const;
  });
}

/** Without a key the work still runs in one transaction, with the same rollback-on-failure rule. */
export async function runOnce(
  db: Db,
  work: (tx: Tx) => Promise<StoredResponse & { success: boolean }>,
): Promise<StoredResponse> {
  try {
    return await db.transaction(async (tx) => {
      const result = await work(tx);
      if (!result.success) throw new Rollback({ status: result.status, body: result.body });
      return { status: result.status, body: result.body };
    });
  } catch (error) {
    if (error instanceof Rollback) return error.response;
    throw error;
  }
}

export async function purgeIdempotencyKeys(db: Db, olderThan: Date): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, olderThan));
}
