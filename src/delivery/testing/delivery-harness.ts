import { ManualClock } from '../../platform/clock.ts';
import { createLogger, type Logger } from '../../platform/log.ts';
import { createOperatorKey } from '../../platform/operator-keys.ts';
import {
  createTestDatabase,
  type TestDatabase,
  type TestDatabaseKind,
} from '../../platform/testing/databases.ts';
import { type JsonCall, jsonCaller } from '../../platform/testing/json-call.ts';
import { TEST_CALL_TIMEOUT_MS, TEST_MARKET_DELIVERY_KEY } from '../../platform/testing/link-key.ts';
import type { DeliveryConfig } from '../config.ts';
import { DELIVERY_MIGRATIONS } from '../db/migrations-folder.ts';
import { buildDelivery, type Delivery, runDeliveryDuties } from '../server.ts';

export const testDeliveryConfig = (overrides: Partial<DeliveryConfig> = {}): DeliveryConfig => ({
  host: '127.0.0.1',
  port: 0,
  dataDir: '/nonexistent',
  secretKey: 'delivery-test-secret-key-0123456789abcdef',
  rateLimitPerMinute: 100_000,
  demoData: false,
  // Nothing listens there unless a system test starts a market and names it.
  marketUrl: 'http://127.0.0.1:9',
  marketKey: TEST_MARKET_DELIVERY_KEY,
  marketTimeoutMs: TEST_CALL_TIMEOUT_MS,
  pickupAttempts: 5,
  pickupLockMs: 3_600_000,
  pointAttempts: 30,
  pointWindowMs: 600_000,
  returnGraceMs: 3 * 86_400_000,
  ...overrides,
});

export interface TestDelivery {
  delivery: Delivery;
  url: string;
  clock: ManualClock;
  operatorKey: string;
  testDb: TestDatabase;
  call: JsonCall;
  /** Issues a clerk key for a registered pickup point, through the operator's route. */
  clerkKey(pickupPointCode: string): Promise<string>;
  /** One pass of the background duties (parcel events to the market, returns after the grace). */
  runDuties(): Promise<void>;
  close(): Promise<void>;
}

/** A real delivery service over real HTTP on a fresh database of the given kind. */
export async function startTestDelivery(
  kind: TestDatabaseKind['name'],
  options: {
    clock?: ManualClock;
    config?: Partial<DeliveryConfig>;
    logger?: Logger;
    testDb?: TestDatabase;
  } = {},
): Promise<TestDelivery> {
  const testDb = options.testDb ?? (await createTestDatabase(kind, DELIVERY_MIGRATIONS));
  const clock = options.clock ?? new ManualClock(new Date());
  const delivery = await buildDelivery({
    config: testDeliveryConfig(options.config),
    database: testDb.database,
    clock,
    logger: options.logger ?? createLogger('delivery-test', 'silent'),
    // Duties run when a test says so, on its clock.
    workers: false,
  });
  const operatorKey = await createOperatorKey(delivery.ctx.db, 'test', clock.now());
  const url = await delivery.app.listen({ host: '127.0.0.1', port: 0 });
  const call = jsonCaller(url);
  return {
    delivery,
    url,
    clock,
    operatorKey,
    testDb,
    call,
    async clerkKey(pickupPointCode) {
      const issued = await call('POST', `/operator/pickup-points/${pickupPointCode}/clerk-keys`, {
        token: operatorKey,
      });
      if (issued.status !== 201) throw new Error(`no clerk key for ${pickupPointCode}: ${issued.status}`);
      return issued.body.key as string;
    },
    runDuties: () => runDeliveryDuties(delivery.ctx),
    async close() {
      await delivery.close();
      await testDb.drop();
    },
  };
}
