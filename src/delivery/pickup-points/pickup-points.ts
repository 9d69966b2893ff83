import { and, arrayContains, asc, eq, isNull, like, type SQL, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import { pickupPoints } from '../db/schema.ts';
import { queryGrams, searchForm, searchGrams, searchText } from './search-form.ts';

export type PickupPoint = typeof pickupPoints.$inferSelect;
type Searched = 'searchText' | 'searchGrams';
/** What the operator gives; the kana and romaji forms may be left out. */
export type NewPickupPoint = Omit<
  typeof pickupPoints.$inferInsert,
  'id' | 'active' | 'createdAt' | 'updatedAt' | Searched
>;
type Texts = Pick<PickupPoint, 'code' | 'name' | 'address'> &
  Partial<Pick<PickupPoint, 'nameKana' | 'nameRomaji' | 'addressRomaji'>>;

/** Every text a purchaser may search a point by, in its search form, and its grams. */
function searchColumns(p: Texts): Pick<PickupPoint, Searched> {
  const text = searchText([p.code, p.name, p.nameKana, p.nameRomaji, p.address, p.addressRomaji]);
  return { searchText: text, searchGrams: searchGrams(text) };
}

/** The operator registers a store or locker; its code is its name on signs and labels. */
export async function registerPickupPoint(
  db: Executor,
  point: NewPickupPoint,
  now: Date,
): Promise<Result<PickupPoint, { code: 'pickup_point_exists' }>> {
  const [created] = await db
    .insert(pickupPoints)
    .values({ ...point, ...searchColumns(point), id: newId(), createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  return created ? ok(created) : err({ code: 'pickup_point_exists' });
}

export async function updatePickupPoint(
  db: Db,
  code: string,
  changes: Partial<Omit<NewPickupPoint, 'code'> & Pick<PickupPoint, 'active'>>,
  now: Date,
): Promise<PickupPoint | undefined> {
  // Under the row's lock, so two changes to different texts cannot leave a stale search text.
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(pickupPoints).where(eq(pickupPoints.code, code)).for('update');
    if (!current) return undefined;
    const [updated] = await tx
      .update(pickupPoints)
      .set({ ...changes, ...searchColumns({ ...current, ...changes }), updatedAt: now })
      .where(eq(pickupPoints.id, current.id))
      .returning();
    return updated;
  });
}

/**
 * Rows from before the search columns existed get them: run at start, before any search. A
 * repeat (another process starting at once) writes the same values.
 */
export async function fillMissingSearchText(db: Executor): Promise<number> {
  const missing = await db.select().from(pickupPoints).where(isNull(pickupPoints.searchText));
  for (const point of missing) {
    await db.update(pickupPoints).set(searchColumns(point)).where(eq(pickupPoints.id, point.id));
  }
  return missing.length;
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
 * A point holds the query when its search text contains the query's search form: the GIN index
 * finds the points that have all of the query's grams, and `LIKE` keeps those where they stand
 * in order.
 */
const holding = (form: string): SQL | undefined =>
  and(
    arrayContains(pickupPoints.searchGrams, queryGrams(form)),
    like(pickupPoints.searchText, containing(form)),
  );

/**
 * What a purchaser chooses from when paying: active points matching the text (code, name, its
 * kana or romaji, address or its romaji, in any width, syllabary or case), nearest first when a
 * position is given, else by code.
 */
export async function searchPickupPoints(
  db: Executor,
  query: {
    text?: string;
    near?: { latitude: number; longitude: number };
    limit: number;
    /** For the operator: closed points too. */
    includeClosed?: boolean;
  },
): Promise<(PickupPoint & { distanceMetres: number | null })[]> {
  const text = query.text === undefined ? '' : searchForm(query.text);
  const distance = query.near ? distanceMetres(query.near) : sql<null>`NULL::double precision`;
  const rows = await db
    .select({ point: pickupPoints, distance })
    .from(pickupPoints)
    .where(
      and(query.includeClosed ? undefined : eq(pickupPoints.active, true), text ? holding(text) : undefined),
    )
    .orderBy(query.near ? asc(distance) : asc(pickupPoints.code))
    .limit(query.limit);
  return rows.map((r) => ({
    ...r.point,
    distanceMetres: r.distance === null ? null : Math.round(Number(r.distance)),
  }));
}
