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
import type { MarketConfig } from '../config.ts';
import { MARKET_MIGRATIONS } from '../db/migrations-folder.ts';
import { DEMO_KINDS } from '../demo/demo-kinds.ts';
import { createKind } from '../kinds/kinds.ts';
import { buildMarket, type Market, type MarketOptions } from '../server.ts';

export const testMarketConfig = (overrides: Partial<MarketConfig> = {}): MarketConfig => ({
  host: '127.0.0.1',
  port: 0,
  dataDir: '/nonexistent',
  secretKey: 'test-secret-key-test-secret-key-0123456789',
  defaultCurrency: 'JPY',
  searchTtlMs: 30 * 60_000,
  orderPaymentWindowMs: 30 * 60_000,
  idempotencyRetentionMs: 48 * 3_600_000,
  rateLimitPerMinute: 100_000,
  webhookAllowPrivate: true,
  demoData: false,
  // No settlement unless a system test starts one (test/system/system-harness.ts).
  settlement: { kind: 'socket', path: '/nonexistent/settlement.sock' },
  settlementTimeoutMs: TEST_CALL_TIMEOUT_MS,
  // Nothing listens there unless a test starts a delivery and names it.
  deliveryUrl: 'http://127.0.0.1:9',
  deliveryKey: TEST_MARKET_DELIVERY_KEY,
  deliveryTimeoutMs: TEST_CALL_TIMEOUT_MS,
  ...overrides,
});

export interface TestMarket {
  market: Market;
  /** Base URL of the market listening on a random loopback port. */
  url: string;
  clock: ManualClock;
  operatorKey: string;
  testDb: TestDatabase;
  /** JSON request against the running market. */
  call: JsonCall;
  close(): Promise<void>;
}

/**
 * A real market over real HTTP on a fresh database of the given kind, with the demo kinds
 * prescribed, an operator key, and a manual clock. Background duties are off: tests run them.
 */
export async function startTestMarket(
  kind: TestDatabaseKind['name'],
  options: {
    /** Settings, or settings that depend on the test's database (its URL on PostgreSQL). */
    config?: Partial<MarketConfig> | ((testDb: TestDatabase) => Partial<MarketConfig>);
    logger?: Logger;
    kinds?: boolean;
    clock?: ManualClock;
    webhookLookup?: MarketOptions['webhookLookup'];
    /** A database of the test's own (e.g. a restored one) instead of a fresh one; closed with the market. */
    testDb?: TestDatabase;
  } = {},
): Promise<TestMarket> {
  const testDb = options.testDb ?? (await createTestDatabase(kind, MARKET_MIGRATIONS));
  const clock = options.clock ?? new ManualClock(new Date());
  const market = await buildMarket({
    config: testMarketConfig(typeof options.config === 'function' ? options.config(testDb) : options.config),
    database: testDb.database,
    clock,
    logger: options.logger ?? createLogger('market-test', 'silent'),
    workers: false,
    webhookLookup: options.webhookLookup,
  });
  const operatorKey = await createOperatorKey(market.ctx.db, 'test', clock.now());
  if (options.kinds !== false) {
    for (const k of DEMO_KINDS) await createKind(market.ctx.db, k, clock.now());
  }
  const url = await market.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    market,
    url,
    clock,
    operatorKey,
    testDb,
    call: jsonCaller(url),
    async close() {
      await market.close();
      await testDb.drop();
    },
  };
}

/** Registers a seller through the public API; returns its ID and API key. */
export async function registerTestSeller(
  m: TestMarket,
  name = 'Test Seller',
): Promise<{ id: string; apiKey: string }> {
  const res = await m.call('POST', '/sellers', { body: { name } });
  if (res.status !== 201)
    throw new Error(`seller registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.seller.id, apiKey: res.body.apiKey };
}

export const pcOffer = (
  model: string,
  overrides: Record<string, unknown> = {},
  attributes: Record<string, unknown> = {},
) => ({
  kind: 'personal-computer',
  model,
  name: `PC ${model}`,
  attributes: { cpu_mhz: 3000, disk_gb: 512, ram_gb: 16, colour: 'black', ...attributes },
  price: 100_000,
  currency: 'JPY',
  stock: 5,
  ...overrides,
});

/** The purchase request that finds the PCs of exactly this CPU speed (tests give each its own). */
export const cpuSearch = (cpu: number) => ({
  kind: 'personal-computer',
  conditions: [{ attribute: 'cpu_mhz', op: '=', value: cpu }],
});

/** POST /orders' body for `quantity` of the first item a search answer shows. */
export const firstItemSelection = (
  found: { searchId: string; items: { commodityId: string; sellerId: string }[] },
  quantity = 1,
) => ({
  searchId: found.searchId,
  commodityId: found.items[0]?.commodityId,
  sellerId: found.items[0]?.sellerId,
  quantity,
});

/** Lists a PC with a CPU speed no other offer has, and returns the search that retrieved it. */
export async function listAndFind(
  m: TestMarket,
  sellerKey: string,
  cpu: number,
  overrides: Record<string, unknown> = {},
): Promise<{ offer: any; searchId: string; item: any }> {
  const offer = await m.call('POST', '/seller/offers', {
    token: sellerKey,
    body: pcOffer(`P-${cpu}`, overrides, { cpu_mhz: cpu }),
  });
  if (offer.status !== 201) throw new Error(`offer not registered: ${JSON.stringify(offer.body)}`);
  const found = await m.call('POST', '/searches', { body: cpuSearch(cpu) });
  if (found.body.items?.length !== 1) throw new Error(`search did not find ${cpu} alone`);
  return { offer: offer.body, searchId: found.body.searchId, item: found.body.items[0] };
}

/** POST /orders for the item a search found. */
export const buyFound = (
  m: TestMarket,
  found: { searchId: string; item: { commodityId: string; sellerId: string } },
  quantity = 1,
  headers: Record<string, string> = {},
) =>
  m.call('POST', '/orders', {
    body: {
      searchId: found.searchId,
      commodityId: found.item.commodityId,
      sellerId: found.item.sellerId,
      quantity,
    },
    headers,
  });
