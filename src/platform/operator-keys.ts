import { and, eq, isNull } from 'drizzle-orm';
import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { FastifyRequest } from 'fastify';
import { apiKeyId, bearerToken, newApiKey, VerifiedKeyCache } from './api-keys.ts';
import type { Executor } from './db/database.ts';
import { HttpProblem, message, problem } from './http/problem.ts';

/**
 * Operator keys, one table per service (each service's schema includes it, as with
 * idempotency keys): the key is shown once and stored only as a slow hash.
 */
export const operatorKeys = pgTable('operator_keys', {
  id: uuid('id').primaryKey(),
  label: text('label').notNull(),
  keyHash: text('key_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

const PREFIX = 'tk_op';
const cache = new VerifiedKeyCache();

/** Creates an operator key; the key itself is returned once and stored only as a slow hash. */
export async function createOperatorKey(db: Executor, label: string, now: Date): Promise<string> {
  const { id, key, hash } = await newApiKey(PREFIX);
  await db.insert(operatorKeys).values({ id, label, keyHash: hash, createdAt: now });
  return key;
}

export async function isOperatorKey(db: Executor, key: string | undefined): Promise<boolean> {
  const id = key ? apiKeyId(PREFIX, key) : null;
  if (!key || !id) return false;
  const [row] = await db
    .select()
    .from(operatorKeys)
    .where(and(eq(operatorKeys.id, id), isNull(operatorKeys.revokedAt)));
  return row ? cache.verify(key, row.keyHash) : false;
}

/** preHandler for operator routes. */
export const requireOperator = (service: { db: Executor }) => async (request: FastifyRequest) => {
  if (!(await isOperatorKey(service.db, bearerToken(request.headers.authorization)))) {
    throw new HttpProblem(
      problem(401, 'unauthorized', {
        title: message('unauthorized.operator'),
        detail: message('unauthorized.operator.detail'),
      }),
    );
  }
};
