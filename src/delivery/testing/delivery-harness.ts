import { ManualClock } from '../../platform/clock';
import { createLogger, type Logger } from '../../platform/log';
import { createOperatorKey } from '../../platform/operator-keys';
import { createTestDatabase, type TestDatabaseKind } from '../../platform/testing/databases';
import { type JsonCall, jsonCaller } from '../../platform/testing/json-call';
import { TEST_MARKET_DELIVERY_KEY } from '../../platform/testing/link-key';
import type { DeliveryConfig } from '../config';
import { DELIVERY_MIGRATIONS } from '../db/migrations-folder';
import { buildDelivery, type Delivery } from '../server';

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
  marketTimeoutMs: 5_000,
  ...overrides,
});

export interface TestDelivery {
  delivery: Delivery;
  url: string;
  clock: ManualClock;
  operatorKey: string;
  call: JsonCall;
  close(): Promise<void>;
}

/** A real delivery service over real HTTP on a fresh database of the given kind. */
export async function startTestDelivery(
  kind: TestDatabaseKind['name'],
  options: { clock?: ManualClock; config?: Partial<DeliveryConfig>; logger?: Logger } = {},
): Promise<TestDelivery> {
  const testDb = await createTestDatabase(kind, DELIVERY_MIGRATIONS);
  const clock = options.clock ?? new ManualClock(new Date());
  const delivery = await buildDelivery({
    config: testDeliveryConfig(options.config),
    database: testDb.database,
    clock,
    logger: options.logger ?? createLogger('delivery-test', 'silent'),
  });
  const operatorKey = await createOperatorKey(delivery.ctx.db, 'test', clock.now());
  const url = await delivery.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    delivery,
    url,
    clock,
    operatorKey,
    call: jsonCaller(url),
    async close() {
      await delivery.close();
      await testDb.drop();
    },
  };
}
