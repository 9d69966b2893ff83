import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { DEMO_PICKUP_POINTS } from '../demo/seed-demo.ts';
import { startTestDelivery, type TestDelivery } from '../testing/delivery-harness.ts';

const TOKYO_STATION = { latitude: 35.6812, longitude: 139.7671 };

/** Haversine in metres, written out independently of the SQL under test. */
function metresBetween(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
) {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.latitude - a.latitude) / 2) ** 2 +
    Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(rad(b.longitude - a.longitude) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

describeEachDatabase('pickup points', (dbKind) => {
  let d: TestDelivery;
  const register = (body: unknown) =>
    d.call('POST', '/operator/pickup-points', { token: d.operatorKey, body });

  beforeAll(async () => {
    d = await startTestDelivery(dbKind);
    for (const point of DEMO_PICKUP_POINTS) expect((await register(point)).status).toBe(201);
  });
  afterAll(() => d?.close());

  it('are registered by the operator only, once per code, with every field checked', async () => {
    const point = {
      ...DEMO_PICKUP_POINTS[0],
      code: 'FM-NEW-01',
      name: 'FamilyMart Test',
      address: '1-1 Test, Tokyo',
    };
    expect((await d.call('POST', '/operator/pickup-points', { body: point })).status).toBe(401);
    expect((await register(point)).status).toBe(201);
    const again = await register(point);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('pickup_point_exists');
    const bad = await register({ ...point, code: 'lower case', capacity: 0, latitude: 91 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'capacity',
      'code',
      'latitude',
    ]);
  });

  it('are found nearest first, with their distance', async () => {
    const res = await d.call(
      'GET',
      `/pickup-points?near=${TOKYO_STATION.latitude},${TOKYO_STATION.longitude}&limit=3`,
    );
    const expected = [...DEMO_PICKUP_POINTS]
      .map((p) => ({ code: p.code, metres: metresBetween(TOKYO_STATION, p) }))
      .sort((a, b) => a.metres - b.metres)
      .slice(0, 3);
    expect(res.body.pickupPoints.map((p: { code: string }) => p.code)).toEqual(expected.map((e) => e.code));
    for (const [i, p] of res.body.pickupPoints.entries()) {
      expect(Math.abs(p.distanceMetres - (expected[i]?.metres ?? 0))).toBeLessThanOrEqual(1);
    }
  });

  it('are found by text in code, name or address, whatever the case, with % and _ taken literally', async () => {
    const byName = await d.call('GET', '/pickup-points?q=shibuya');
    expect(byName.body.pickupPoints.map((p: { code: string }) => p.code)).toEqual([
      'FM-SHIBUYA-01',
      'LS-DOGENZAKA-21',
    ]);
    const byAddress = await d.call('GET', `/pickup-points?q=${encodeURIComponent('Chiyoda-ku')}`);
    expect(byAddress.body.pickupPoints.map((p: { code: string }) => p.code)).toEqual([
      'LK-TOKYO-12',
      'LS-AKIHABARA-04',
    ]);
    expect((await d.call('GET', '/pickup-points?q=%25')).body.pickupPoints).toEqual([]);
    const near = await d.call('GET', '/pickup-points?q=locker&near=35.63,139.74');
    expect(near.body.pickupPoints.map((p: { code: string }) => p.code)).toEqual([
      'LK-SHINAGAWA-09',
      'LK-TOKYO-12',
    ]);
  });

  const codesFound = async (q: string) =>
    (await d.call('GET', `/pickup-points?q=${encodeURIComponent(q)}`)).body.pickupPoints.map(
      (p: { code: string }) => p.code,
    );

  it('are found by any form of their name or address: width, syllabary, case, spaces and accents aside', async () => {
    // The three Lawsons registered in Japanese, and the two registered in romaji only.
    const inKana = ['LS-DOGENZAKA-21', 'LS-NAMBA-06', 'LS-OSAKI-14'];
    for (const q of ['ﾛｰｿﾝ', 'ろーそん', 'ローソン', 'ﾛｰｿﾝ ']) expect(await codesFound(q), q).toEqual(inKana);
    for (const q of ['lawson', 'ＬＡＷＳＯＮ', 'LaWsOn']) {
      expect(await codesFound(q), q).toEqual([
        'LS-AKIHABARA-04',
        'LS-DOGENZAKA-21',
        'LS-GINZA-07',
        'LS-NAMBA-06',
        'LS-OSAKI-14',
      ]);
    }
    const dogenzaka = ['LS-DOGENZAKA-21'];
    for (const q of [
      'しぶや',
      'シブヤ',
      '渋谷',
      'ローソン渋谷',
      'ローソン　渋谷道玄坂',
      'dogenzaka',
      'Dōgenzaka',
      '道玄坂2-10-12',
      '2‐10‐12',
    ]) {
      expect(await codesFound(q), q).toEqual(dogenzaka);
    }
    expect(await codesFound('osaki')).toEqual(['LS-OSAKI-14']);
    expect(await codesFound('ｾﾌﾞﾝｲﾚﾌﾞﾝ')).toEqual(['7E-UMEDA-11']);
    expect(await codesFound('梅田')).toEqual(['7E-UMEDA-11']);
    expect(await codesFound('大阪')).toEqual(['7E-UMEDA-11', 'FM-SHINSAIBASHI-03', 'LS-NAMBA-06']);
    // Each text is searched on its own: a match may not run from the romaji name into the address.
    expect(await codesFound('dogenzaka東京')).toEqual([]);
    expect(await codesFound('店東京')).toEqual([]);
    // One character is a search too, through the index as well.
    expect(await codesFound('崎')).toEqual(['LS-OSAKI-14']);
  });

  it('show their kana and romaji, and are found by them after a change', async () => {
    const point = {
      ...DEMO_PICKUP_POINTS[0],
      code: 'MS-KYOTO-01',
      name: 'ミニストップ 京都四条店',
      nameKana: 'みにすとっぷ きょうとしじょうてん',
      address: '京都府京都市下京区四条通烏丸東入長刀鉾町20',
      latitude: 35.0037,
      longitude: 135.7595,
    };
    const created = await register(point);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: point.name,
      nameKana: point.nameKana,
      nameRomaji: null,
      address: point.address,
      addressRomaji: null,
    });
    expect(await codesFound('ミニストップ')).toEqual(['MS-KYOTO-01']);
    expect(await codesFound('ministop')).toEqual([]);

    const changed = await d.call('PATCH', '/operator/pickup-points/MS-KYOTO-01', {
      token: d.operatorKey,
      body: { nameRomaji: 'Ministop Kyoto Shijo', addressRomaji: '20 Naginatahokocho, Shimogyo-ku, Kyoto' },
    });
    expect(changed.body).toMatchObject({ nameKana: point.nameKana, nameRomaji: 'Ministop Kyoto Shijo' });
    expect(await codesFound('ministop')).toEqual(['MS-KYOTO-01']);
    expect(await codesFound('shimogyo')).toEqual(['MS-KYOTO-01']);
    expect(await codesFound('シジョウ')).toEqual(['MS-KYOTO-01']);

    const cleared = await d.call('PATCH', '/operator/pickup-points/MS-KYOTO-01', {
      token: d.operatorKey,
      body: { nameKana: null, name: 'ミニストップ 烏丸四条店' },
    });
    expect(cleared.body).toMatchObject({ nameKana: null, name: 'ミニストップ 烏丸四条店' });
    expect(await codesFound('しじょう')).toEqual([]);
    expect(await codesFound('烏丸四条')).toEqual(['MS-KYOTO-01']);
    expect(await codesFound('ministop')).toEqual(['MS-KYOTO-01']);

    // What a label cannot print, or a reading that is not kana, is refused with the field named.
    const bad = await register({
      ...point,
      code: 'MS-KYOTO-02',
      name: '세븐일레븐',
      nameKana: '京都',
      nameRomaji: '京都',
      address: '京'.repeat(101),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'address',
      'name',
      'nameKana',
      'nameRomaji',
    ]);
  });

  it('get their search text at start when they have none (points from before it existed)', async () => {
    await d.testDb.database.db.execute(
      sql`UPDATE pickup_points SET search_text = NULL, search_grams = NULL WHERE code = 'LS-NAMBA-06'`,
    );
    expect(await codesFound('難波')).toEqual([]);
    // Another delivery process starting on the same database.
    const second = await startTestDelivery(dbKind, { testDb: d.testDb });
    try {
      expect(await codesFound('難波')).toEqual(['LS-NAMBA-06']);
    } finally {
      await second.delivery.close();
    }
  });

  it('can be closed to new parcels, and then are not offered', async () => {
    const closed = await d.call('PATCH', '/operator/pickup-points/FM-UENO-02', {
      token: d.operatorKey,
      body: { active: false },
    });
    expect(closed.body).toMatchObject({ code: 'FM-UENO-02', active: false });
    expect((await d.call('GET', '/pickup-points?q=ueno')).body.pickupPoints).toEqual([]);
    expect((await d.call('GET', '/pickup-points/FM-UENO-02')).body.active).toBe(false);
    expect((await d.call('GET', '/pickup-points/NOPE-00')).status).toBe(404);
    expect(
      (await d.call('PATCH', '/operator/pickup-points/NOPE-00', { token: d.operatorKey, body: {} })).status,
    ).toBe(404);
  });
});
