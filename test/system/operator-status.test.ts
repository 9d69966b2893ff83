import { afterAll, beforeAll, expect, it } from 'vitest';
import { runDeliveryDuties } from '../../src/delivery/workers.ts';
import { registerTestSeller } from '../../src/market/testing/market-harness.ts';
import type { ServiceStatus } from '../../src/platform/service-status.ts';
import { describeEachDatabase } from '../../src/platform/testing/for-each-database.ts';
import { payOrder, placeTestOrders } from './payment-helpers.ts';
import { startTestSystem, type TestSystem } from './system-harness.ts';

const MINUTE = 60_000;

/**
 * The operator's status page at the market shows every service: its own, settlement's over the
 * closed link and delivery's over the signed one; a service that does not answer is shown
 * degraded, never left out.
 */
describeEachDatabase('the operator’s status page across the services', (dbKind) => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await startTestSystem(dbKind);
  });
  afterAll(() => s?.close());

  const services = async () => {
    const res = await s.call('GET', '/operator/status', { token: s.operatorKey });
    expect(res.status).toBe(200);
    const list = res.body.services as ServiceStatus[];
    expect(list.map((service) => service.name)).toEqual(['market', 'settlement', 'delivery']);
    return Object.fromEntries(list.map((service) => [service.name, service]));
  };
  const delivery = async () => (await services()).delivery as ServiceStatus;
  const counts = (service: ServiceStatus) => Object.fromEntries(service.counts.map((c) => [c.name, c.value]));

  /** Changes the market's settings for delivery for one check, then puts them back. */
  async function withDeliverySettings<T>(
    change: Partial<{ deliveryUrl: string; deliveryKey: string }>,
    check: () => Promise<T>,
  ): Promise<T> {
    const config = s.market.ctx.config;
    const saved = { deliveryUrl: config.deliveryUrl, deliveryKey: config.deliveryKey };
    Object.assign(config, change);
    try {
      return await check();
    } finally {
      Object.assign(config, saved);
    }
  }

  it('lists market, settlement and delivery, each ok, delivery with its own database and counts', async () => {
    const all = await services();
    for (const name of ['market', 'settlement', 'delivery'])
      expect(all[name], name).toMatchObject({
        status: 'ok',
        database: { driver: dbKind, ok: true },
        issues: [],
      });
    expect(counts(all.delivery as ServiceStatus)).toMatchObject({
      activePickupPoints: 1,
      booked: 0,
      eventsPending: 0,
    });
  });

  it('passes on what delivery finds: a parcel booked through the market, its event late to reach it', async () => {
    const seller = await registerTestSeller(s, 'Status seller');
    const [order] = await placeTestOrders(s, seller.apiKey, 1, 2_500);
    expect((await payOrder(s, order!, await s.settlement.prepaid(10_000))).status).toBe(200);
    const booked = await s.call('PUT', `/seller/orders/${order!.orderId}/shipment`, {
      token: seller.apiKey,
      body: { parcelSize: 'small' },
    });
    expect(booked.status).toBe(201);
    expect(counts(await delivery())).toMatchObject({ booked: 1, eventsPending: 1 });

    // Delivery's duties have not run for a while: the booking has not reached the market.
    s.clock.advance(6 * MINUTE);
    expect(await delivery()).toMatchObject({
      status: 'degraded',
      issues: [expect.stringContaining('1 parcel event is waiting more than 5 minutes to reach the market')],
    });

    await runDeliveryDuties(s.delivery.delivery.ctx);
    const caughtUp = await delivery();
    expect(caughtUp).toMatchObject({ status: 'ok', issues: [] });
    expect(counts(caughtUp)).toMatchObject({ booked: 1, eventsPending: 0 });
  });

  const unreachable = {
    name: 'delivery',
    status: 'degraded',
    version: 'unknown',
    database: { driver: null, ok: false, latencyMs: null },
    counts: [],
    issues: [expect.stringContaining('Delivery cannot be reached')],
  };

  it('shows delivery degraded when it cannot be reached, and the others as they are', async () => {
    // Nothing listens on the discard port.
    const all = await withDeliverySettings({ deliveryUrl: 'http://127.0.0.1:9' }, services);
    expect(all.delivery).toMatchObject(unreachable);
    // Both still answer (what they find after the clock moved on is theirs to say).
    expect(all.market?.database.ok).toBe(true);
    expect(all.settlement?.database.ok).toBe(true);
    expect((await delivery()).status).toBe('ok');
  });

  it('shows delivery degraded when it refuses the market’s signature (the two keys differ)', async () => {
    const all = await withDeliverySettings(
      { deliveryKey: 'not-the-shared-key-0123456789abcdef0123456789' },
      services,
    );
    expect(all.delivery).toMatchObject(unreachable);
    expect((await delivery()).status).toBe('ok');
  });
});
