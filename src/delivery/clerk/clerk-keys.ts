import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { apiKeyId, bearerToken, newApiKey, VerifiedKeyCache } from '../../platform/api-keys.ts';
import type { Executor } from '../../platform/db/database.ts';
import { HttpProblem } from '../../platform/http/problem.ts';
import { clerkKeys, pickupPoints } from '../db/schema.ts';
import type { PickupPoint } from '../pickup-points/pickup-points.ts';
import { message, problem } from '../problems/catalogue.ts';

/**
 * A pickup point's clerk terminal signs in with a key bound to that one point: every scan it
 * makes is at that point, and it sees only that point's parcels. Shown once, kept as a slow hash.
 */
const PREFIX = 'tkc';
const cache = new VerifiedKeyCache();

export async function createClerkKey(
  db: Executor,
  pickupPointId: string,
  now: Date,
): Promise<{ id: string; key: string }> {
  const { id, key, hash } = await newApiKey(PREFIX);
  await db.insert(clerkKeys).values({ id, pickupPointId, keyHash: hash, createdAt: now });
  return { id, key };
}

/** Revokes a key; revoking it again changes nothing. False when there is no such key. */
export async function revokeClerkKey(db: Executor, id: string, now: Date): Promise<boolean> {
  const [key] = await db
    .select({ revokedAt: clerkKeys.revokedAt })
    .from(clerkKeys)
    .where(eq(clerkKeys.id, id));
  if (!key) return false;
  if (!key.revokedAt) await db.update(clerkKeys).set({ revokedAt: now }).where(eq(clerkKeys.id, id));
  return true;
}

/** The pickup point a clerk key belongs to, while the key is not revoked. */
export async function clerkPointFor(db: Executor, key: string | undefined): Promise<PickupPoint | null> {
  const id = key ? apiKeyId(PREFIX, key) : null;
  if (!key || !id) return null;
  const [row] = await db
    .select({ keyHash: clerkKeys.keyHash, point: pickupPoints })
    .from(clerkKeys)
    .innerJoin(pickupPoints, eq(pickupPoints.id, clerkKeys.pickupPointId))
    .where(and(eq(clerkKeys.id, id), isNull(clerkKeys.revokedAt)));
  return row && (await cache.verify(key, row.keyHash)) ? row.point : null;
}

const signedIn = new WeakMap<FastifyRequest, PickupPoint>();

/** A hook for clerk routes: a valid clerk key, or 401 before anything else is looked at. */
export const requireClerk = (service: { db: Executor }) => async (request: FastifyRequest) => {
  const point = await clerkPointFor(service.db, bearerToken(request.headers.authorization));
  if (!point) {
    throw new HttpProblem(
      problem(401, 'unauthorized', {
        title: message('unauthorized.clerk'),
        detail: message('unauthorized.clerk.detail'),
      }),
    );
  }
  signedIn.set(request, point);
};

/** The pickup point of the clerk who sent this request (after `requireClerk`). */
export function clerkPoint(request: FastifyRequest): PickupPoint {
  const point = signedIn.get(request);
  if (!point) throw new Error('clerk route without requireClerk');
  return point;
}
