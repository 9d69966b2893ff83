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
    expect(byName.body.pickupPoints.map((p: { code: string }) => p.code)).toEqual(['FM-SHIBUYA-01']);
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
