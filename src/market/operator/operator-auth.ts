import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { apiKeyId, bearerToken, newApiKey, VerifiedKeyCache } from '../../platform/api-keys';
import type { Executor } from '../../platform/db/database';
import { HttpProblem, problem } from '../../platform/http/problem';
import type { MarketContext } from '../context';
import { operatorKeys } from '../db/schema';

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
export const requireOperator = (ctx: MarketContext) => async (request: FastifyRequest) => {
  if (!(await isOperatorKey(ctx.db, bearerToken(request.headers.authorization)))) {
    throw new HttpProblem(
      problem(401, 'unauthorized', 'An operator key is required', {
        detail: 'Send the operator key as "Authorization: Bearer <key>".',
      }),
    );
  }
};
