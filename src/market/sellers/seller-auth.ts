import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { apiKeyId, bearerToken, newApiKey, VerifiedKeyCache } from '../../platform/api-keys.ts';
import type { Executor } from '../../platform/db/database.ts';
import { HttpProblem } from '../../platform/http/problem.ts';
import type { MarketContext } from '../context.ts';
import { sellerApiKeys, sellers } from '../db/schema.ts';
import { message, problem } from '../problems/catalogue.ts';

const PREFIX = 'tk_sk';
const cache = new VerifiedKeyCache();

export type Seller = typeof sellers.$inferSelect;

declare module 'fastify' {
  interface FastifyRequest {
    seller?: Seller;
  }
}

export async function issueSellerKey(db: Executor, sellerId: string, now: Date): Promise<string> {
  const { id, key, hash } = await newApiKey(PREFIX);
  await db.insert(sellerApiKeys).values({ id, sellerId, keyHash: hash, createdAt: now });
  return key;
}

/** The seller a key belongs to, or undefined for an unknown, revoked or wrong key. */
export async function sellerForKey(db: Executor, key: string | undefined): Promise<Seller | undefined> {
  const id = key ? apiKeyId(PREFIX, key) : null;
  if (!key || !id) return undefined;
  const [row] = await db
    .select({ hash: sellerApiKeys.keyHash, seller: sellers })
    .from(sellerApiKeys)
    .innerJoin(sellers, eq(sellers.id, sellerApiKeys.sellerId))
    .where(and(eq(sellerApiKeys.id, id), isNull(sellerApiKeys.revokedAt)));
  return row && (await cache.verify(key, row.hash)) ? row.seller : undefined;
}

/** preHandler for seller routes: a valid key of an active seller. */
export const requireSeller = (ctx: MarketContext) => async (request: FastifyRequest) => {
  const seller = await sellerForKey(ctx.db, bearerToken(request.headers.authorization));
  if (!seller) {
    throw new HttpProblem(
      problem(401, 'unauthorized', {
        title: message('unauthorized.seller'),
        detail: message('unauthorized.seller.detail'),
      }),
    );
  }
  if (seller.status !== 'active') {
    throw new HttpProblem(problem(403, 'seller_suspended'));
  }
  request.seller = seller;
};

/** The authenticated seller of a request that passed `requireSeller`. */
export const currentSeller = (request: FastifyRequest): Seller => {
  if (!request.seller) throw new Error('requireSeller did not run');
  return request.seller;
};
