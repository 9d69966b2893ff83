import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../platform/http/server.ts';
import { requireSignedRequest } from '../../platform/http/signed-requests.ts';
import { createLogger } from '../../platform/log.ts';
import { drainOutbox, enqueue } from '../../platform/outbox.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { TEST_MARKET_DELIVERY_KEY } from '../../platform/testing/link-key.ts';
import { type ParcelEvent, parcelEventSchema } from '../../protocol/delivery.ts';
import { generateOrderId } from '../../protocol/order-id.ts';
import { outbox, shipmentEvents } from '../db/schema.ts';
import { startTestDelivery, type TestDelivery } from '../testing/delivery-harness.ts';
import {
  asMarket,
  book,
  clerkCall,
  parcelWaitingAt,
  pointFixture,
  registerPoints,
} from '../testing/delivery-helpers.ts';
import { PARCEL_EVENT_TOPIC } from './parcel-events.ts';

const DAY = 86_400_000;

/**
 * A stand-in for the market's `POST /delivery/events`: it checks the signature as the market
 * does and records what it was sent; it can be told to fail.
 */
async function startReceiver(clock: () => TestDelivery['clock']) {
  const received: ParcelEvent[] = [];
  const state = { failNext: 0, attempts: 0 };
  const app: HttpServer = await createHttpServer({
    title: 'receiver',
    description: 'records parcel events',
    version: '0',
    logger: createLogger('receiver', 'silent'),
  });
  app.post(
    '/delivery/events',
    {
      preValidation: requireSignedRequest({
        secrets: () => [TEST_MARKET_DELIVERY_KEY],
        clock: { now: () => clock().now() },
      }),
      schema: { body: parcelEventSchema },
    },
    async (request, reply) => {
      state.attempts++;
      if (state.failNext > 0) {
        state.failNext--;
        return reply.code(503).send({ busy: true });
      }
      received.push(request.body);
      return { applied: true };
    },
  );
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, received, state, close: () => app.close() };
}

describeEachDatabase('parcel events to the market (B9)', (dbKind) => {
  let d: TestDelivery;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let origin = '';
  let destination = '';

  beforeAll(async () => {
    receiver = await startReceiver(() => d.clock);
    d = await startTestDelivery(dbKind, { config: { marketUrl: receiver.url, returnGraceMs: 3 * DAY } });
    await registerPoints(d, pointFixture('EV-ORIGIN'), pointFixture('EV-DEST', 5));
    origin = await d.clerkKey('EV-ORIGIN');
    destination = await d.clerkKey('EV-DEST');
  });
  afterAll(async () => {
    await d?.close();
    await receiver?.close();
  });

  const eventsOf = (orderId: string) => receiver.received.filter((e) => e.orderId === orderId);

  it('sends every step, signed, in order, at least once and nothing twice', async () => {
    await d.runDuties();
    const { orderId, code } = await parcelWaitingAt(d, { origin, destination }, 'EV-DEST');
    expect((await clerkCall(d, destination, '/clerk/hand-over', { orderId, code })).status).toBe(200);

    // The market is busy at first: the first event waits, and so do the later ones of the order.
    receiver.state.failNext = 1;
    const attemptsBefore = receiver.state.attempts;
    await d.runDuties();
    expect(receiver.state.attempts).toBe(attemptsBefore + 1);
    expect(eventsOf(orderId)).toEqual([]);
    await d.runDuties();
    expect(eventsOf(orderId)).toEqual([]);

    d.clock.advance(2_000);
    await d.runDuties();
    const sent = eventsOf(orderId);
    expect(sent.map((e) => e.state)).toEqual([
      'booked',
      'dropped_off',
      'in_transit',
      'ready_for_pickup',
      'picked_up',
    ]);
    const recorded = await d.delivery.ctx.db
      .select({ id: shipmentEvents.id })
      .from(shipmentEvents)
      .where(eq(shipmentEvents.orderId, orderId));
    expect(new Set(sent.map((e) => e.id))).toEqual(new Set(recorded.map((r) => r.id)));
    const shipment = (await asMarket(d, 'GET', `/shipments/${orderId}`)).body;
    expect(sent.find((e) => e.state === 'ready_for_pickup')?.deadline).toBe(shipment.deadline);
    expect(sent.find((e) => e.state === 'booked')?.deadline).toBeNull();

    // Drained again, later: nothing is sent twice.
    const before = receiver.received.length;
    d.clock.advance(DAY);
    await d.runDuties();
    await d.runDuties();
    expect(receiver.received.length).toBe(before);
  });

  it('returns a parcel left past its deadline by the grace period, and tells the market', async () => {
    const { orderId } = await parcelWaitingAt(d, { origin, destination }, 'EV-DEST');
    await d.runDuties();
    d.clock.advance(5 * DAY);
    await d.runDuties();
    // Overdue, but a clerk may still return it during the grace period.
    expect((await asMarket(d, 'GET', `/shipments/${orderId}`)).body.state).toBe('ready_for_pickup');
    const overdue = (await clerkCall(d, destination, '/clerk/parcels')).body.overdue;
    expect(overdue.map((p: { orderId: string }) => p.orderId)).toContain(orderId);

    d.clock.advance(3 * DAY - 1000);
    await d.runDuties();
    expect((await asMarket(d, 'GET', `/shipments/${orderId}`)).body.state).toBe('ready_for_pickup');
    d.clock.advance(1000);
    await d.runDuties();
    const shipment = (await asMarket(d, 'GET', `/shipments/${orderId}`)).body;
    expect(shipment.state).toBe('returned');
    expect(shipment.events.at(-1)).toEqual({ state: 'returned', at: d.clock.now().toISOString() });
    const [returned] = await d.delivery.ctx.db
      .select()
      .from(shipmentEvents)
      .where(eq(shipmentEvents.orderId, orderId))
      .then((rows) => rows.filter((r) => r.state === 'returned'));
    expect(returned?.reason).toBe('retention_expired');
    expect(
      eventsOf(orderId)
        .map((e) => e.state)
        .at(-1),
    ).toBe('returned');
    const lists = (await clerkCall(d, destination, '/clerk/parcels')).body;
    expect([...lists.waiting, ...lists.overdue].map((p: { orderId: string }) => p.orderId)).not.toContain(
      orderId,
    );
    // The clerk's late return is a harmless repeat.
    expect((await clerkCall(d, destination, '/clerk/return', { orderId })).body.state).toBe('returned');
    await d.runDuties();
    expect(eventsOf(orderId).filter((e) => e.state === 'returned')).toHaveLength(1);
  });

  it('parks an event after its attempts run out, for an operator, and goes on with the rest', async () => {
    const orderId = generateOrderId();
    const now = d.clock.now();
    await enqueue(d.delivery.ctx.db, {
      topic: PARCEL_EVENT_TOPIC,
      key: orderId,
      payload: { stuck: true },
      now,
    });
    let tries = 0;
    const options = {
      topic: PARCEL_EVENT_TOPIC,
      log: d.delivery.ctx.log,
      maxAttempts: 3,
      deliver: async () => {
        tries++;
        return 'refused';
      },
    };
    for (let i = 0; i < 6; i++) {
      await drainOutbox(d.delivery.ctx.db, { ...options, now: new Date(now.getTime() + i * 3_600_000) });
    }
    expect(tries).toBe(3);
    const [parked] = await d.delivery.ctx.db.select().from(outbox).where(eq(outbox.key, orderId));
    expect(parked).toMatchObject({ attempts: 3, lastError: 'refused', deliveredAt: null });
    expect(parked?.failedAt).not.toBeNull();

    // A later event of that order is no longer held up by the parked one.
    await book(d, orderId, 'EV-DEST');
    await d.runDuties();
    expect(eventsOf(orderId).map((e) => e.state)).toEqual(['booked']);
  });
});
