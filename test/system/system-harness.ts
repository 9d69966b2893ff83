import type { MarketConfig } from '../../src/market/config';
import { startTestMarket, type TestMarket } from '../../src/market/testing/market-harness';
import { ManualClock } from '../../src/platform/clock';
import type { Logger } from '../../src/platform/log';
import type { TestDatabaseKind } from '../../src/platform/testing/databases';
import { startTestSettlement, type TestSettlement } from '../../src/settlement/testing/settlement-harness';

/** A market and settlement on one clock, joined by a real closed link (a socket). */
export interface TestSystem extends TestMarket {
  settlement: TestSettlement;
}

/**
 * The services as they run together, for tests of flows that cross them. They live here, not
 * in a service's folder, because no service may reach into another's code, tests included.
 */
export async function startTestSystem(
  kind: TestDatabaseKind['name'],
  options: { config?: Partial<MarketConfig>; logger?: Logger } = {},
): Promise<TestSystem> {
  const clock = new ManualClock(new Date());
  const settlement = await startTestSettlement(kind, clock);
  const market = await startTestMarket(kind, {
    ...options,
    clock,
    config: { ...options.config, settlement: { kind: 'socket', path: settlement.socket } },
  });
  return {
    ...market,
    settlement,
    async close() {
      await market.close();
      await settlement.close();
    },
  };
}
