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

/** A store registered as on its sign, in Japanese, with the name's reading and romaji. */
const japaneseStore = (
  code: string,
  [name, nameKana, nameRomaji]: [string, string, string],
  [address, addressRomaji]: [string, string],
  latitude: number,
  longitude: number,
): NewPickupPoint => ({
  ...store(code, name, address, latitude, longitude),
  // Free text, written as the store writes it.
  openingHours: '24時間営業',
  nameKana,
  nameRomaji,
  addressRomaji,
});

/**
 * Stores and lockers around central Tokyo, some registered in romaji only, and stores in Tokyo
 * and Osaka registered in Japanese, for a purchaser to choose from in the demo.
 */
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
  // Farther from Tokyo Station than the Ginza Lawson, so "near me" there lists the first ones first.
  japaneseStore(
    'LS-DOGENZAKA-21',
    ['ローソン 渋谷道玄坂店', 'ローソン シブヤドウゲンザカテン', 'Lawson Shibuya Dogenzaka'],
    ['東京都渋谷区道玄坂2-10-12', '2-10-12 Dogenzaka, Shibuya-ku, Tokyo'],
    35.6587,
    139.6982,
  ),
  japaneseStore(
    'FM-ASAKUSA-08',
    [
      'ファミリーマート 浅草雷門店',
      'ファミリーマート アサクサカミナリモンテン',
      'FamilyMart Asakusa Kaminarimon',
    ],
    ['東京都台東区浅草1-2-5', '1-2-5 Asakusa, Taito-ku, Tokyo'],
    35.7107,
    139.7955,
  ),
  japaneseStore(
    'LS-OSAKI-14',
    ['ローソン 大崎駅前店', 'ローソン オオサキエキマエテン', 'Lawson Ōsaki Ekimae'],
    ['東京都品川区大崎1-6-1', '1-6-1 Ōsaki, Shinagawa-ku, Tokyo'],
    35.6197,
    139.7286,
  ),
  japaneseStore(
    '7E-UMEDA-11',
    [
      'セブン-イレブン 大阪梅田1丁目店',
      'セブンイレブン オオサカウメダ1チョウメテン',
      '7-Eleven Osaka Umeda 1-chome',
    ],
    ['大阪府大阪市北区梅田1-3-1', '1-3-1 Umeda, Kita-ku, Osaka'],
    34.7,
    135.4957,
  ),
  japaneseStore(
    'FM-SHINSAIBASHI-03',
    ['ファミリーマート 心斎橋筋店', 'ファミリーマート シンサイバシスジテン', 'FamilyMart Shinsaibashisuji'],
    ['大阪府大阪市中央区心斎橋筋1-4-10', '1-4-10 Shinsaibashisuji, Chuo-ku, Osaka'],
    34.6736,
    135.5012,
  ),
  japaneseStore(
    'LS-NAMBA-06',
    ['ローソン 難波中二丁目店', 'ローソン ナンバナカニチョウメテン', 'Lawson Namba Naka 2-chome'],
    ['大阪府大阪市浪速区難波中2-10-70', '2-10-70 Nambanaka, Naniwa-ku, Osaka'],
    34.6617,
    135.5023,
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
