import { and, asc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import { pickupPoints } from '../db/schema.ts';

export type PickupPoint = typeof pickupPoints.$inferSelect;
export type NewPickupPoint = Omit<PickupPoint, 'id' | 'active' | 'createdAt' | 'updatedAt'>;

/** The operator registers a store or locker; its code is its name on signs and labels. */
export async function registerPickupPoint(
  db: Executor,
  point: NewPickupPoint,
  now: Date,
): Promise<Result<PickupPoint, { code: 'pickup_point_exists' }>> {
  const [created] = await db
    .insert(pickupPoints)
    .values({ ...point, id: newId(), createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  return created ? ok(created) : err({ code: 'pickup_point_exists' });
}

export async function updatePickupPoint(
  db: Executor,
  code: string,
  changes: Partial<Omit<PickupPoint, 'id' | 'code' | 'createdAt' | 'updatedAt'>>,
  now: Date,
): Promise<PickupPoint | undefined> {
  const [updated] = await db
    .update(pickupPoints)
    .set({ ...changes, updatedAt: now })
    .where(eq(pickupPoints.code, code))
    .returning();
  return updated;
}

export async function findPickupPoint(db: Executor, code: string): Promise<PickupPoint | undefined> {
  const [point] = await db.select().from(pickupPoints).where(eq(pickupPoints.code, code));
  return point;
}

/** Great-circle distance in metres (haversine), computed by the database for ordering. */
const distanceMetres = (near: { latitude: number; longitude: number }): SQL<number> =>
  sql<number>`(2 * 6371008.8 * asin(sqrt(
    power(sin(radians(${pickupPoints.latitude} - ${near.latitude}) / 2), 2) +
    cos(radians(${near.latitude})) * cos(radians(${pickupPoints.latitude})) *
    power(sin(radians(${pickupPoints.longitude} - ${near.longitude}) / 2), 2))))`;

/** `%` and `_` typed by a person are letters to look for, not wildcards. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * What a purchaser chooses from when paying: active points matching the text (code, name or
 * address), nearest first when a position is given, else by code.
 */
export async function searchPickupPoints(
  db: Executor,
  query: { text?: string; near?: { latitude: number; longitude: number }; limit: number },
): Promise<(PickupPoint & { distanceMetres: number | null })[]> {
  const text = query.text?.trim();
  const distance = query.near ? distanceMetres(query.near) : sql<null>`NULL::double precision`;
  const rows = await db
    .select({ point: pickupPoints, distance })
    .from(pickupPoints)
    .where(
      and(
        eq(pickupPoints.active, true),
        text
          ? or(
              ilike(pickupPoints.code, containing(text)),
              ilike(pickupPoints.name, containing(text)),
              ilike(pickupPoints.address, containing(text)),
            )
          : undefined,
      ),
    )
    .orderBy(query.near ? asc(distance) : asc(pickupPoints.code))
    .limit(query.limit);
  return rows.map((r) => ({
    ...r.point,
    distanceMetres: r.distance === null ? null : Math.round(Number(r.distance)),
  }));
}
