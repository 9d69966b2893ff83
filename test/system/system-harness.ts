import type { DeliveryConfig } from '../../src/delivery/config.ts';
import { type NewPickupPoint, registerPickupPoint } from '../../src/delivery/pickup-points/pickup-points.ts';
import { startTestDelivery, type TestDelivery } from '../../src/delivery/testing/delivery-harness.ts';
import type { MarketConfig } from '../../src/market/config.ts';
import { startTestMarket, type TestMarket } from '../../src/market/testing/market-harness.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Logger } from '../../src/platform/log.ts';
import type { TestDatabase, TestDatabaseKind } from '../../src/platform/testing/databases.ts';
import { startTestSettlement, type TestSettlement } from '../../src/settlement/testing/settlement-harness.ts';

/**
 * The three services on one clock: market and settlement joined by a real closed link (a
 * socket), market and delivery by real HTTP, signed with the key they share.
 */
export interface TestSystem extends TestMarket {
  settlement: TestSettlement;
  delivery: TestDelivery;
}

/** The pickup point system tests pay to (payment-helpers' default), registered at delivery. */
export const TEST_PICKUP_POINT: NewPickupPoint = {
  code: 'PP-SHIBUYA-01',
  name: 'Test Mart Shibuya',
  kind: 'convenience_store',
  address: '1-1-1 Shibuya, Shibuya-ku, Tokyo',
  latitude: 35.658,
  longitude: 139.7016,
  openingHours: '24 hours',
  capacity: 500,
  retentionDays: 7,
};

/**
 * The services as they run together, for tests of flows that cross them. They live here, not
 * in a service's folder, because no service may reach into another's code, tests included.
 */
export async function startTestSystem(
  kind: TestDatabaseKind['name'],
  options: {
    config?: Partial<MarketConfig>;
    delivery?: Partial<DeliveryConfig>;
    /** The market's logger; `loggers` gives the others theirs (silent otherwise). */
    logger?: Logger;
    loggers?: { settlement?: Logger; delivery?: Logger };
    /** Registered at delivery; by default the one pickup point the payment helpers name. */
    pickupPoints?: NewPickupPoint[];
    /** False on databases that have them already (e.g. restored ones): the demo kinds are not made. */
    kinds?: boolean;
    /** Databases of the test's own instead of fresh ones, each closed with its service. */
    databases?: { market?: TestDatabase; settlement?: TestDatabase; delivery?: TestDatabase };
  } = {},
): Promise<TestSystem> {
  const clock = new ManualClock(new Date());
  // One after another: they share this process, and one's embedded database migrating would
  // stall the other's start-up timers.
  const settlement = await startTestSettlement(kind, clock, {
    logger: options.loggers?.settlement,
    testDb: options.databases?.settlement,
  });
  const delivery = await startTestDelivery(kind, {
    clock,
    config: options.delivery,
    logger: options.loggers?.delivery,
    testDb: options.databases?.delivery,
  });
  const market = await startTestMarket(kind, {
    ...options,
    testDb: options.databases?.market,
    clock,
    config: {
      deliveryUrl: delivery.url,
      ...options.config,
      settlement: { kind: 'socket', path: settlement.socket },
    },
  });
  // Each listens on a port it chose, so delivery learns the market's only once it is up.
  delivery.delivery.ctx.config.marketUrl = market.url;
  for (const point of options.pickupPoints ?? [TEST_PICKUP_POINT])
    await registerPickupPoint(delivery.delivery.ctx.db, point, clock.now());
  return {
    ...market,
    settlement,
    delivery,
    async close() {
      await market.close();
      await Promise.all([settlement.close(), delivery.close()]);
    },
  };
}
