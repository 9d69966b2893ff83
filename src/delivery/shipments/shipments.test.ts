import { afterAll, beforeAll, expect, it } from 'vitest';
import { REQUEST_SIGNATURE_HEADER, signRequest } from '../../platform/http/signed-requests.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { TEST_MARKET_DELIVERY_KEY } from '../../platform/testing/link-key.ts';
import { shipmentSchema } from '../../protocol/delivery.ts';
import { generateOrderId } from '../../protocol/order-id.ts';
import { DEMO_PICKUP_POINTS } from '../demo/seed-demo.ts';
import type { NewPickupPoint } from '../pickup-points/pickup-points.ts';
import { startTestDelivery, type TestDelivery } from '../testing/delivery-harness.ts';
import { asMarket, book, clerkCall, pointFixture, registerPoints } from '../testing/delivery-helpers.ts';
import { barcodesIn, readPdf } from '../testing/label-reading.ts';

const DAY = 86_400_000;

describeEachDatabase('shipments (B9)', (dbKind) => {
  let d: TestDelivery;
  /** Clerk keys by pickup point: A and B are open, C is closed to new parcels. */
  const clerk: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
  const scan = (who: keyof typeof clerk, action: string, orderId: string) =>
    clerkCall(d, clerk[who], `/clerk/${action}`, { orderId });
  const shipment = async (orderId: string) => (await asMarket(d, 'GET', `/shipments/${orderId}`)).body;

  beforeAll(async () => {
    d = await startTestDelivery(dbKind);
    await registerPoints(d, pointFixture('TS-A-01', 7), pointFixture('TS-B-02', 3), pointFixture('TS-C-03'));
    const closed = await d.call('PATCH', '/operator/pickup-points/TS-C-03', {
      token: d.operatorKey,
      body: { active: false },
    });
    expect(closed.status).toBe(200);
    clerk.A = await d.clerkKey('TS-A-01');
    clerk.B = await d.clerkKey('TS-B-02');
    clerk.C = await d.clerkKey('TS-C-03');
  });
  afterAll(() => d?.close());

  it('answers only requests the market signed: unsigned, wrongly keyed or altered ones get 401', async () => {
    const orderId = generateOrderId();
    const booking = { pickupPointCode: 'TS-A-01', parcelSize: 'small' };
    for (const [method, path, body] of [
      ['PUT', `/shipments/${orderId}`, booking],
      ['PUT', `/shipments/${orderId}`, { nonsense: true }],
      ['GET', `/shipments/${orderId}`, undefined],
      ['GET', `/shipments/${orderId}/label?format=png`, undefined],
    ] as const) {
      const unsigned = await d.call(method, path, { body });
      expect(unsigned.status, `${method} ${path}`).toBe(401);
      expect(unsigned.body.code).toBe('invalid_signature');
      const wrongKey = await asMarket(d, method, path, body, 'another-key-0123456789abcdef0123456789');
      expect(wrongKey.status, `${method} ${path}`).toBe(401);
    }
    // A signature is for one request: replayed on another path or body, it does not verify.
    const header = signRequest(
      TEST_MARKET_DELIVERY_KEY,
      { method: 'PUT', path: `/shipments/${orderId}`, body: JSON.stringify(booking) },
      d.clock.now(),
    );
    const replayed = await d.call('PUT', `/shipments/${generateOrderId()}`, {
      body: booking,
      headers: { [REQUEST_SIGNATURE_HEADER]: header },
    });
    expect(replayed.status).toBe(401);
    const altered = await d.call('PUT', `/shipments/${orderId}`, {
      body: { ...booking, parcelSize: 'large' },
      headers: { [REQUEST_SIGNATURE_HEADER]: header },
    });
    expect(altered.status).toBe(401);
    const signed = await asMarket(d, 'GET', `/shipments/${orderId}`);
    expect(signed.status).toBe(404);
    expect(signed.body.code).toBe('shipment_not_found');
  });

  it('books a paid order to its pickup point; the same booking again is the same shipment', async () => {
    const orderId = generateOrderId();
    const first = await book(d, orderId, 'TS-A-01', 'medium');
    expect(first.status).toBe(201);
    const booked = shipmentSchema.parse(first.body);
    expect(booked).toMatchObject({
      orderId,
      state: 'booked',
      parcelSize: 'medium',
      pickupPoint: { code: 'TS-A-01', name: 'Test store TS-A-01' },
      deadline: null,
      events: [{ state: 'booked', at: d.clock.now().toISOString() }],
    });
    expect(booked.returnReference).toMatch(/^R-[0-9A-HJKMNP-TV-Z]{10}$/);

    // Retried, even with the order ID as a person would type it: the same shipment, no new event.
    const again = await book(d, orderId.toLowerCase().replaceAll('-', ''), 'TS-A-01', 'medium');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await shipment(orderId)).toEqual(first.body);

    for (const [point, size] of [
      ['TS-B-02', 'medium'],
      ['TS-A-01', 'large'],
      ['NO-SUCH-POINT', 'medium'],
    ]) {
      const conflict = await book(d, orderId, point as string, size);
      expect(conflict.status).toBe(409);
      expect(conflict.body).toMatchObject({
        code: 'shipment_conflict',
        booked: { pickupPointCode: 'TS-A-01', parcelSize: 'medium' },
      });
    }
    const mistyped = await book(d, `${orderId.slice(0, -1)}${orderId.endsWith('0') ? '1' : '0'}`, 'TS-A-01');
    expect(mistyped.status).toBe(400);
    expect(mistyped.body.code).toBe('invalid_order_id');
  });

  it('refuses an unknown pickup point (422) and one closed to new parcels (409)', async () => {
    const unknown = await book(d, generateOrderId(), 'NO-SUCH-POINT');
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_pickup_point');
    const closed = await book(d, generateOrderId(), 'TS-C-03');
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('pickup_point_closed');
  });

  it('books once when the same booking arrives many times at once', async () => {
    const orderId = generateOrderId();
    const answers = await Promise.all(Array.from({ length: 6 }, () => book(d, orderId, 'TS-B-02')));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.returnReference)).size).toBe(1);
    expect((await shipment(orderId)).events).toHaveLength(1);
  });

  it('moves a parcel step by step at the right stores only; a repeated scan changes nothing', async () => {
    const orderId = generateOrderId();
    expect((await book(d, orderId, 'TS-A-01')).status).toBe(201);
    const expectRefusal = async (res: Awaited<ReturnType<typeof scan>>, status: number, code: string) => {
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.code).toBe(code);
      expect(res.body.title).toBeTruthy();
      return res.body;
    };

    // Not yet handed in: the carrier cannot take it, it cannot arrive, nor be returned.
    await expectRefusal(await scan('B', 'dispatch', orderId), 404, 'parcel_not_found');
    expect((await expectRefusal(await scan('A', 'arrival', orderId), 409, 'wrong_state')).state).toBe(
      'booked',
    );
    expect((await expectRefusal(await scan('A', 'return', orderId), 409, 'wrong_state')).state).toBe(
      'booked',
    );

    // B9: any store takes the parcel in, here B, though it goes to A.
    const dropped = await scan('B', 'drop-off', orderId);
    expect(dropped.status).toBe(200);
    expect(dropped.body).toEqual({
      orderId,
      state: 'dropped_off',
      parcelSize: 'small',
      pickupPointCode: 'TS-A-01',
      deadline: null,
    });
    expect((await scan('B', 'drop-off', orderId)).body).toEqual(dropped.body);
    expect((await expectRefusal(await scan('A', 'drop-off', orderId), 409, 'wrong_state')).state).toBe(
      'dropped_off',
    );
    // Only the store that has it hands it to the carrier.
    await expectRefusal(await scan('A', 'dispatch', orderId), 404, 'parcel_not_found');
    expect((await scan('B', 'dispatch', orderId)).body.state).toBe('in_transit');
    expect((await scan('B', 'dispatch', orderId)).body.state).toBe('in_transit');

    // It arrives only where the purchaser collects; the deadline is that point's retention.
    await expectRefusal(await scan('B', 'arrival', orderId), 404, 'parcel_not_found');
    d.clock.advance(3_600_000);
    const arrived = await scan('A', 'arrival', orderId);
    expect(arrived.status).toBe(200);
    const deadline = new Date(d.clock.now().getTime() + 7 * DAY).toISOString();
    expect(arrived.body).toMatchObject({ state: 'ready_for_pickup', deadline });
    d.clock.advance(60_000);
    expect((await scan('A', 'arrival', orderId)).body).toEqual(arrived.body);
    expect((await scan('B', 'dispatch', orderId)).body.code).toBe('wrong_state');
    const early = await expectRefusal(await scan('A', 'return', orderId), 409, 'not_overdue');
    expect(early.deadline).toBe(deadline);

    // Unknown and mistyped order IDs.
    await expectRefusal(await scan('A', 'drop-off', generateOrderId()), 404, 'parcel_not_found');
    await expectRefusal(await scan('A', 'arrival', 'not an order id'), 400, 'invalid_order_id');

    const followed = await shipment(orderId);
    expect(followed.state).toBe('ready_for_pickup');
    expect(followed.deadline).toBe(deadline);
    expect(followed.events.map((e: { state: string }) => e.state)).toEqual([
      'booked',
      'dropped_off',
      'in_transit',
      'ready_for_pickup',
    ]);
  });

  it('takes the same scan from many terminals at once as one step', async () => {
    const orderId = generateOrderId();
    expect((await book(d, orderId, 'TS-B-02')).status).toBe(201);
    const drops = await Promise.all([
      scan('A', 'drop-off', orderId),
      scan('A', 'drop-off', orderId),
      scan('B', 'drop-off', orderId),
      scan('B', 'drop-off', orderId),
    ]);
    // One store got it; its repeat is harmless, the other store is told it is already handed in.
    const winner = drops.find((r) => r.status === 200)?.body;
    expect(winner.state).toBe('dropped_off');
    for (const r of drops) expect([200, 409]).toContain(r.status);
    expect((await shipment(orderId)).events.map((e: { state: string }) => e.state)).toEqual([
      'booked',
      'dropped_off',
    ]);
  });

  it('lists what each store has dropped off, incoming, waiting and overdue', async () => {
    const lists = async (who: 'A' | 'B') => {
      const res = await clerkCall(d, clerk[who], '/clerk/parcels');
      expect(res.status).toBe(200);
      const ids = (l: { orderId: string }[]) => l.map((p) => p.orderId);
      return {
        droppedOff: ids(res.body.droppedOff),
        incoming: ids(res.body.incoming),
        waiting: ids(res.body.waiting),
        overdue: ids(res.body.overdue),
      };
    };
    const toA = [generateOrderId(), generateOrderId(), generateOrderId(), generateOrderId()];
    // Other tests' parcels share these points; only this test's are looked at.
    const mine = (list: string[]) => list.filter((id) => toA.includes(id));
    for (const id of toA) expect((await book(d, id, 'TS-A-01')).status).toBe(201);
    const [handedIn, travelling, late, waiting] = toA as [string, string, string, string];
    for (const id of toA) expect((await scan('B', 'drop-off', id)).status).toBe(200);
    for (const id of [travelling, late, waiting]) expect((await scan('B', 'dispatch', id)).status).toBe(200);
    expect((await scan('A', 'arrival', late)).status).toBe(200);
    d.clock.advance(6 * DAY);
    expect((await scan('A', 'arrival', waiting)).status).toBe(200);
    d.clock.advance(DAY + 1000);

    const a = await lists('A');
    const b = await lists('B');
    expect(mine(a.droppedOff)).toEqual([]);
    expect(mine(a.incoming)).toEqual([travelling]);
    expect(mine(a.waiting)).toEqual([waiting]);
    expect(mine(a.overdue)).toEqual([late]);
    expect(mine(b.droppedOff)).toEqual([handedIn]);
    expect([...mine(b.incoming), ...mine(b.waiting)]).toEqual([]);
    const parcels = (await clerkCall(d, clerk.A, '/clerk/parcels')).body;
    expect(parcels.overdue.find((p: { orderId: string }) => p.orderId === late)).toMatchObject({
      state: 'ready_for_pickup',
      pickupPointCode: 'TS-A-01',
    });

    // B9: an overdue parcel goes back to its seller; only from its own point, once.
    expect((await scan('B', 'return', late)).body.code).toBe('parcel_not_found');
    const returned = await scan('A', 'return', late);
    expect(returned.status).toBe(200);
    expect(returned.body.state).toBe('returned');
    expect((await scan('A', 'return', late)).body).toEqual(returned.body);
    expect((await lists('A')).overdue).not.toContain(late);
    expect((await shipment(late)).events.map((e: { state: string }) => e.state)).toEqual([
      'booked',
      'dropped_off',
      'in_transit',
      'ready_for_pickup',
      'returned',
    ]);
  });

  it('serves the label over the signed route; every barcode on it is exactly the order ID', async () => {
    const orderId = generateOrderId();
    const booked = await book(d, orderId, 'TS-A-01', 'large');
    expect(booked.status).toBe(201);

    const png = await asMarket(d, 'GET', `/shipments/${orderId}/label?format=png`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-disposition')).toBe(`attachment; filename="label-${orderId}.png"`);
    const expected = [
      { format: 'Code128', text: orderId, isValid: true },
      { format: 'QRCode', text: orderId, isValid: true },
    ];
    const sorted = (found: { format: string }[]) =>
      [...found].sort((x, y) => x.format.localeCompare(y.format));
    expect(sorted(await barcodesIn(new Uint8Array(png.bytes)))).toEqual(expected);

    for (const size of ['a6', '4x6']) {
      const pdf = await asMarket(d, 'GET', `/shipments/${orderId}/label?format=pdf&size=${size}`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="label-${orderId}.pdf"`);
      const read = await readPdf(pdf.bytes);
      expect(read.width).toBe(size === 'a6' ? 297.64 : 288);
      expect(sorted(await barcodesIn(read.image))).toEqual(expected);
      expect(read.text).toContain(booked.body.returnReference);
      expect(read.text).toContain('TS-A-01');
    }
    const missing = await asMarket(d, 'GET', `/shipments/${generateOrderId()}/label`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('shipment_not_found');
  });

  it('prints a Japanese pickup point’s name and address on its label, and tells the market its romaji', async () => {
    const japanese = DEMO_PICKUP_POINTS.find((p) => p.code === 'LS-DOGENZAKA-21') as NewPickupPoint;
    await registerPoints(d, { ...japanese, code: 'TS-JA-04' });
    const orderId = generateOrderId();
    const booked = await book(d, orderId, 'TS-JA-04');
    expect(booked.status).toBe(201);
    expect(booked.body.pickupPoint).toEqual({
      code: 'TS-JA-04',
      name: 'ローソン 渋谷道玄坂店',
      address: '東京都渋谷区道玄坂2-10-12',
      nameRomaji: 'Lawson Shibuya Dogenzaka',
      addressRomaji: '2-10-12 Dogenzaka, Shibuya-ku, Tokyo',
    });
    const pdf = await asMarket(d, 'GET', `/shipments/${orderId}/label?format=pdf`);
    const read = await readPdf(pdf.bytes);
    expect(read.notdefGlyphs).toBe(0);
    // pdf.js may set a run's trailing space apart: compare without spaces.
    const squashed = read.text.replace(/\s+/g, '');
    expect(squashed).toContain('ローソン渋谷道玄坂店');
    expect(squashed).toContain('東京都渋谷区道玄坂2-10-12');
    expect((await barcodesIn(read.image)).map((b) => b.text)).toEqual([orderId, orderId]);
  });

  it('issues clerk keys to the operator only, each bound to its point; a revoked key signs out', async () => {
    expect((await d.call('POST', '/operator/pickup-points/TS-A-01/clerk-keys')).status).toBe(401);
    const missing = await d.call('POST', '/operator/pickup-points/NO-SUCH/clerk-keys', {
      token: d.operatorKey,
    });
    expect(missing.status).toBe(404);
    const issued = await d.call('POST', '/operator/pickup-points/TS-B-02/clerk-keys', {
      token: d.operatorKey,
    });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ pickupPointCode: 'TS-B-02', key: expect.stringMatching(/^tkc_/) });

    const session = await clerkCall(d, issued.body.key, '/clerk/session');
    expect(session.status).toBe(200);
    expect(session.body.pickupPoint).toMatchObject({ code: 'TS-B-02', retentionDays: 3 });

    // The key with its last character changed (to another one: the key may end in x).
    const key: string = issued.body.key;
    const altered = `${key.slice(0, -1)}${key.endsWith('x') ? 'y' : 'x'}`;
    for (const token of [undefined, 'tkc_nonsense', d.operatorKey, altered]) {
      const refused = await d.call('GET', '/clerk/session', { token });
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('unauthorized');
    }
    expect((await d.call('DELETE', `/operator/clerk-keys/${issued.body.id}`)).status).toBe(401);
    expect(
      (await d.call('DELETE', `/operator/clerk-keys/${issued.body.id}`, { token: d.operatorKey })).status,
    ).toBe(204);
    expect(
      (await d.call('DELETE', `/operator/clerk-keys/${issued.body.id}`, { token: d.operatorKey })).status,
    ).toBe(204);
    expect((await clerkCall(d, issued.body.key, '/clerk/session')).status).toBe(401);
    const unknown = await d.call('DELETE', `/operator/clerk-keys/${crypto.randomUUID()}`, {
      token: d.operatorKey,
    });
    expect(unknown.status).toBe(404);
    // Unauthenticated scans are refused before their body is looked at.
    expect((await d.call('POST', '/clerk/hand-over', { body: {} })).status).toBe(401);
  });
});
