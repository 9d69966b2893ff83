import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PICKUP_POINTS } from '../../src/delivery/demo/seed-demo.ts';
import type { FuzzTarget } from '../../src/platform/testing/openapi-fuzz.ts';
import { startServiceProcess } from '../../src/platform/testing/service-process.ts';
import { WEB_DIST } from '../../src/web/build.ts';
import { FUZZ_SEED, fuzzService, fuzzTarget, healthStatus } from './targets.ts';

/** The peers' shared key, given to both processes. */
const PEER_KEY = 'serve-fuzz-market-delivery-key-0123456789';

/**
 * The fuzzer once more against `tokumei serve` processes, as in production (market, delivery and
 * the settlement the market reaches over its socket), each on its own embedded database: nothing a request holds may make a process exit.
 */
let dir: string;
const processes: { name: string; child: ChildProcess; exits: string[] }[] = [];
let market: FuzzTarget;
let delivery: FuzzTarget;

async function serve(name: 'market' | 'settlement' | 'delivery', env: NodeJS.ProcessEnv) {
  const started = await startServiceProcess(name, {
    env: { ...env, TOKUMEI_LOG_LEVEL: 'silent' },
    stderr: 'pipe',
    // Three embedded databases migrate at once; on a loaded machine that takes a while.
  });
  const exits: string[] = [];
  started.child.once('exit', (code, signal) => exits.push(`${name} exited (${code ?? signal})`));
  processes.push({ name, child: started.child, exits });
  return started.address;
}

const credentials = (service: string) =>
  JSON.parse(readFileSync(join(dir, service, 'demo-credentials.json'), 'utf8'));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tokumei-serve-fuzz-'));
  const socket = join(dir, 'settlement.sock');
  const [, deliveryUrl] = await Promise.all([
    serve('settlement', {
      TOKUMEI_SETTLEMENT_DATA_DIR: join(dir, 'settlement'),
      TOKUMEI_SETTLEMENT_SOCKET: socket,
      TOKUMEI_SETTLEMENT_DEMO_DATA: 'false',
    }),
    serve('delivery', {
      TOKUMEI_DELIVERY_DATA_DIR: join(dir, 'delivery'),
      TOKUMEI_DELIVERY_PORT: '0',
      TOKUMEI_DELIVERY_SECRET_KEY: 'serve-fuzz-delivery-secret-key-0123456789',
      TOKUMEI_DELIVERY_MARKET_KEY: PEER_KEY,
      TOKUMEI_DELIVERY_MARKET_URL: 'http://127.0.0.1:9',
      TOKUMEI_DELIVERY_RATE_LIMIT: '1000000',
      TOKUMEI_DELIVERY_DEMO_DATA: 'true',
    }),
  ]);
  const marketUrl = await serve('market', {
    TOKUMEI_MARKET_DATA_DIR: join(dir, 'market'),
    TOKUMEI_MARKET_PORT: '0',
    TOKUMEI_MARKET_SECRET_KEY: 'serve-fuzz-market-secret-key-0123456789',
    TOKUMEI_MARKET_DELIVERY_KEY: PEER_KEY,
    TOKUMEI_MARKET_DELIVERY_URL: deliveryUrl,
    TOKUMEI_MARKET_SETTLEMENT_SOCKET: socket,
    TOKUMEI_MARKET_RATE_LIMIT: '1000000',
    TOKUMEI_MARKET_DEMO_DATA: 'true',
    // Built once by the suite's global setup.
    TOKUMEI_MARKET_WEB_DIR: WEB_DIST,
  });
  const marketKeys = credentials('market');
  const deliveryKeys = credentials('delivery');
  const point = DEMO_PICKUP_POINTS[0]?.code as string;
  const now = () => new Date();
  market = await fuzzTarget({
    url: marketUrl,
    keys: { operator: marketKeys.operatorKey, seller: marketKeys.sellers[0].apiKey },
    peerKey: PEER_KEY,
    now,
    known: () => ({
      kindId: 'personal-computer',
      kind: 'personal-computer',
      currency: 'JPY',
      pickupPointId: point,
    }),
  });
  delivery = await fuzzTarget({
    url: deliveryUrl,
    keys: { operator: deliveryKeys.operatorKey, clerk: deliveryKeys.clerkKeys[point] },
    peerKey: PEER_KEY,
    now,
    known: () => ({ code: point, pickupPointCode: point }),
  });
});

afterAll(async () => {
  for (const { child } of processes) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  rmSync(dir, { recursive: true, force: true });
});

it('no request makes a tokumei serve process exit, and each still answers', async () => {
  const options = { numRuns: 1, seed: FUZZ_SEED };
  const failures = [...(await fuzzService(market, options)), ...(await fuzzService(delivery, options))];
  expect(failures).toEqual([]);
  expect(processes.flatMap((p) => p.exits)).toEqual([]);
  expect([await healthStatus(market.url), await healthStatus(delivery.url)]).toEqual([200, 200]);
  expect(processes.every(({ child }) => child.exitCode === null && child.signalCode === null)).toBe(true);
});
