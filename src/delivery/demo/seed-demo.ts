import type { Db } from '../../platform/db/database.ts';
import { createOperatorKey } from '../../platform/operator-keys.ts';
import { createClerkKey } from '../clerk/clerk-keys.ts';
import { pickupPoints } from '../db/schema.ts';
import { type NewPickupPoint, registerPickupPoint } from '../pickup-points/pickup-points.ts';

const store = (
  code: string,
  name: string,
  address: string,
  latitude: number,
  longitude: number,
  kind: NewPickupPoint['kind'] = 'convenience_store',
): NewPickupPoint => ({
  code,
  name,
  kind,
  address,
  latitude,
  longitude,
  openingHours: kind === 'locker' ? '24 hours (locker)' : '24 hours',
  capacity: kind === 'locker' ? 60 : 40,
  retentionDays: 7,
});

/** Stores and lockers around central Tokyo, for a purchaser to choose from in the demo. */
export const DEMO_PICKUP_POINTS: NewPickupPoint[] = [
  store(
    'FM-SHIBUYA-01',
    'FamilyMart Shibuya Center-gai',
    '25-3 Udagawacho, Shibuya-ku, Tokyo',
    35.6604,
    139.6987,
  ),
  store(
    '7E-SHINJUKU-03',
    '7-Eleven Shinjuku Nishiguchi',
    '1-12-5 Nishishinjuku, Shinjuku-ku, Tokyo',
    35.6916,
    139.6983,
  ),
  store('LS-GINZA-07', 'Lawson Ginza 4-chome', '4-6-1 Ginza, Chuo-ku, Tokyo', 35.6717, 139.765),
  store(
    'LS-AKIHABARA-04',
    'Lawson Akihabara Denkigai',
    '1-15-9 Sotokanda, Chiyoda-ku, Tokyo',
    35.6997,
    139.7712,
  ),
  store('FM-UENO-02', 'FamilyMart Ueno Park-mae', '4-9-6 Ueno, Taito-ku, Tokyo', 35.7118, 139.7745),
  store(
    '7E-IKEBUKURO-05',
    '7-Eleven Ikebukuro East',
    '1-28-1 Higashiikebukuro, Toshima-ku, Tokyo',
    35.7303,
    139.714,
  ),
  store(
    'LK-TOKYO-12',
    'Parcel locker Tokyo Station Yaesu',
    '1-9-1 Marunouchi, Chiyoda-ku, Tokyo',
    35.6795,
    139.77,
    'locker',
  ),
  store(
    'LK-SHINAGAWA-09',
    'Parcel locker Shinagawa Konan',
    '2-16-3 Konan, Minato-ku, Tokyo',
    35.6285,
    139.7387,
    'locker',
  ),
];

/**
 * First start of an empty delivery: an operator key, the demo pickup points and a clerk key for
 * each point's terminal (by pickup point code).
 */
export async function seedDeliveryDemo(
  db: Db,
  now: Date,
): Promise<{ operatorKey: string; clerkKeys: Record<string, string> } | null> {
  if ((await db.select({ id: pickupPoints.id }).from(pickupPoints).limit(1)).length) return null;
  return db.transaction(async (tx) => {
    const operatorKey = await createOperatorKey(tx, 'demo operator', now);
    const clerkKeys: Record<string, string> = {};
    for (const point of DEMO_PICKUP_POINTS) {
      const registered = await registerPickupPoint(tx, point, now);
      if (registered.ok) clerkKeys[point.code] = (await createClerkKey(tx, registered.value.id, now)).key;
    }
    return { operatorKey, clerkKeys };
  });
}
