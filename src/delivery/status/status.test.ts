import { afterAll, beforeAll, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };
import { createHttpServer, type HttpServer } from '../../platform/http/server.ts';
import { createLogger } from '../../platform/log.ts';
import { OUTBOX_MAX_BACKOFF_MS } from '../../platform/outbox.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { generateOrderId } from '../../protocol/order-id.ts';
import { PARCEL_EVENT_MAX_ATTEMPTS } from '../events/parcel-events.ts';
import { startTestDelivery, type TestDelivery } from '../testing/delivery-harness.ts';
import {
  asMarket,
  book,
  clerkCall,
  parcelWaitingAt,
  pointFixture,
  registerPoints,
} from '../testing/delivery-helpers.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;

/** A stand-in for the market's `POST /delivery/events` that takes events only while open. */
async function startReceiver() {
  const state = { open: false };
  const app: HttpServer = await createHttpServer({
    title: 'receiver',
    description: 'takes parcel events while open',
    version: '0',
    logger: createLogger('receiver', 'silent'),
  });
  app.post('/delivery/events', async (_request, reply) =>
    state.open ? { applied: true } : reply.code(503).send({ busy: true }),
  );
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, state, close: () => app.close() };
}

describeEachDatabase('delivery status', (dbKind) => {
  let d: TestDelivery;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  /** Clerk keys: A is where parcels are collected (2 days' retention), B where sellers hand them in. */
  const clerk = { A: '', B: '' };

  beforeAll(async () => {
    receiver = await startReceiver();
    d = await startTestDelivery(dbKind, { config: { marketUrl: receiver.url, returnGraceMs: 3 * DAY } });
    await registerPoints(d, pointFixture('ST-A-01', 2), pointFixture('ST-B-02'), pointFixture('ST-C-03'));
    const closed = await d.call('PATCH', '/operator/pickup-points/ST-C-03', {
      token: d.operatorKey,
      body: { active: false },
    });
    expect(closed.status).toBe(200);
    clerk.A = await d.clerkKey('ST-A-01');
    clerk.B = await d.clerkKey('ST-B-02');
  });
  afterAll(async () => {
    await d?.close();
    await receiver?.close();
  });

  const status = async () => {
    const res = await asMarket(d, 'GET', '/status');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    return res.body;
  };
  const counts = async () =>
    Object.fromEntries(
      (await status()).counts.map((c: { name: string; value: number }) => [c.name, c.value]),
    );
  const scan = (who: keyof typeof clerk, action: string, orderId: string) =>
    clerkCall(d, clerk[who], `/clerk/${action}`, { orderId });
  const delivered = async () => {
    receiver.state.open = true;
    await d.runDuties();
    expect((await counts()).eventsPending).toBe(0);
  };

  it('answers only the market: unsigned or wrongly keyed requests get 401', async () => {
    const unsigned = await d.call('GET', '/status');
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.code).toBe('invalid_signature');
    const wrongKey = await asMarket(d, 'GET', '/status', undefined, 'another-key-0123456789abcdef0123456789');
    expect(wrongKey.status).toBe(401);
  });

  it('reports delivery, its database and version, ok before any parcel moves', async () => {
    const body = await status();
    expect(body).toMatchObject({
      name: 'delivery',
      status: 'ok',
      version: packageJson.version,
      database: { driver: dbKind, ok: true },
      issues: [],
      checkedAt: d.clock.now().toISOString(),
    });
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(await counts()).toEqual({
      // The closed point takes no parcels.
      activePickupPoints: 2,
      booked: 0,
      droppedOff: 0,
      inTransit: 0,
      waiting: 0,
      overdue: 0,
      pickedUp: 0,
      returned: 0,
      eventsPending: 0,
      eventsParked: 0,
    });
  });

  it('counts parcels as they move, and the events for the market they queue', async () => {
    const before = await counts();
    const moved = async (change: Record<string, number>) => {
      const now = await counts();
      const expected = { ...before };
      for (const [name, by] of Object.entries(change)) expected[name] = (before[name] ?? 0) + by;
      expect(now).toEqual(expected);
    };

    const orderId = generateOrderId();
    expect((await book(d, orderId, 'ST-A-01')).status).toBe(201);
    await moved({ booked: 1, eventsPending: 1 });
    expect((await scan('B', 'drop-off', orderId)).status).toBe(200);
    await moved({ droppedOff: 1, eventsPending: 2 });
    expect((await scan('B', 'dispatch', orderId)).status).toBe(200);
    await moved({ inTransit: 1, eventsPending: 3 });
    expect((await scan('A', 'arrival', orderId)).status).toBe(200);
    await moved({ waiting: 1, eventsPending: 4 });

    const collected = await parcelWaitingAt(d, { origin: clerk.B, destination: clerk.A }, 'ST-A-01');
    const handedOver = await clerkCall(d, clerk.A, '/clerk/hand-over', collected);
    expect(handedOver.status).toBe(200);
    await moved({ waiting: 1, pickedUp: 1, eventsPending: 9 });
    // Everything queued just now: nothing is late.
    expect((await status()).status).toBe('ok');

    await delivered();
    d.clock.advance(2 * DAY + MINUTE);
    await moved({ overdue: 1, pickedUp: 1 });
    expect((await scan('A', 'return', orderId)).status).toBe(200);
    await moved({ returned: 1, pickedUp: 1, eventsPending: 1 });
    await delivered();
    expect((await status()).status).toBe('ok');
  });

  it('is degraded while events wait to reach the market, and ok once they do', async () => {
    receiver.state.open = false;
    expect((await book(d, generateOrderId(), 'ST-A-01')).status).toBe(201);
    d.clock.advance(4 * MINUTE);
    await d.runDuties();
    expect((await status()).status).toBe('ok');

    d.clock.advance(2 * MINUTE);
    const late = await status();
    expect(late.status).toBe('degraded');
    expect(late.issues).toEqual([
      '1 parcel event is waiting more than 5 minutes to reach the market: it is unreachable or delivery’s duties are not running, and escrow releases and refunds wait on them.',
    ]);
    expect(late.counts.find((c: { name: string }) => c.name === 'eventsPending').value).toBe(1);

    // Backed off, it is tried again a little later.
    d.clock.advance(MINUTE);
    await delivered();
    expect(await status()).toMatchObject({ status: 'ok', issues: [] });
  });

  it('is degraded while a parcel outlives its deadline by the return grace: the return duty is not running', async () => {
    await parcelWaitingAt(d, { origin: clerk.B, destination: clerk.A }, 'ST-A-01');
    await delivered();
    const before = await counts();

    // Two days' retention, then three days' grace; the duty has a few minutes to catch up.
    d.clock.advance(5 * DAY + 4 * MINUTE);
    expect((await status()).status).toBe('ok');
    d.clock.advance(2 * MINUTE);
    const forgotten = await status();
    expect(forgotten.status).toBe('degraded');
    expect(forgotten.issues).toEqual([
      '1 parcel is more than 3 days past the deadline and still not returned: delivery’s return duty is not running.',
    ]);

    await d.runDuties();
    expect(await status()).toMatchObject({ status: 'ok', issues: [] });
    expect(await counts()).toMatchObject({ overdue: before.overdue, returned: before.returned + 1 });
  });

  it('is degraded while a parcel event is parked: money waits on an operator', async () => {
    receiver.state.open = false;
    expect((await book(d, generateOrderId(), 'ST-A-01')).status).toBe(201);
    // Tried until given up, each time once the backoff is over.
    for (let attempt = 0; attempt < PARCEL_EVENT_MAX_ATTEMPTS; attempt++) {
      await d.runDuties();
      d.clock.advance(OUTBOX_MAX_BACKOFF_MS);
    }
    const parked = await status();
    expect(parked.status).toBe('degraded');
    expect(parked.issues).toEqual([
      '1 parcel event is parked after many failed attempts to reach the market: the money of those orders waits on an operator.',
    ]);
    expect(await counts()).toMatchObject({ eventsPending: 0, eventsParked: 1 });
  });
});
