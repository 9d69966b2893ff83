import { and, eq, lt } from 'drizzle-orm';
import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { Db, Tx } from './db/database.ts';
import { revivedBody, storedBody } from './http/problem.ts';
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
 * response and whether it succeeded: a failure's writes are rolled back with its transaction,
 * and the failure itself is then stored in a second one, so a declined key stays declined. An
 * exception stores nothing. (No savepoint around `work`: the usual, successful request is two
 * statements shorter, and only a failure pays for its second transaction.)
 */
export async function runIdempotent(
  db: Db,
  input: { scope: string; key: string; hash: string; now: Date },
  work: (tx: Tx) => Promise<StoredResponse & { success: boolean }>,
): Promise<IdempotentOutcome> {
  const thisKey = and(eq(idempotencyKeys.scope, input.scope), eq(idempotencyKeys.key, input.key));
  const claim = (tx: Tx, response: StoredResponse) =>
    tx
      .insert(idempotencyKeys)
      .values({
        scope: input.scope,
        key: input.key,
        requestHash: input.hash,
        status: response.status,
        body: storedBody(response.body),
        createdAt: input.now,
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
  const stored = async (tx: Tx): Promise<IdempotentOutcome> => {
    const [row] = await tx.select().from(idempotencyKeys).where(thisKey);
    if (!row || row.requestHash !== input.hash) return { kind: 'mismatch' };
    // A stored problem keeps its wording, so the replay speaks its own caller's language.
    return { kind: 'replayed', response: { status: row.status, body: revivedBody(row.body) } };
  };
  try {
    return await db.transaction(async (tx) => {
      // Claimed with no answer yet: status 0 is never replayed, since this transaction either
      // writes the answer or rolls the claim back.
      if (!(await claim(tx, { status: 0, body: {} })).length) return stored(tx);
      const result = await work(tx);
      if (!result.success) throw new Rollback({ status: result.status, body: result.body });
      const response = { status: result.status, body: result.body };
      await tx
        .update(idempotencyKeys)
        .set({ status: response.status, body: storedBody(response.body) })
        .where(thisKey);
      return { kind: 'fresh', response } as const;
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    // The failure is the key's answer, unless a request with the same key stored one meanwhile.
    const failure = error.response;
    return db.transaction(async (tx) =>
      (await claim(tx, failure)).length ? { kind: 'fresh', response: failure } : stored(tx),
    );
  }
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
