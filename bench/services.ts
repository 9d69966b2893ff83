import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnService } from '../src/cli/start-command.ts';
import { DELIVERY_MIGRATIONS } from '../src/delivery/db/migrations-folder.ts';
import { DEMO_PICKUP_POINTS } from '../src/delivery/demo/seed-demo.ts';
import { registerPickupPoint } from '../src/delivery/pickup-points/pickup-points.ts';
import { newSecret } from '../src/platform/ids.ts';
import { SETTLEMENT_MIGRATIONS } from '../src/settlement/db/migrations-folder.ts';
import { type IssuedCard, issuePrepaidBatch } from '../src/settlement/instruments/instruments.ts';
import { type BenchDatabase, openBenchDatabase } from './databases.ts';

const PICKUP_POINT = DEMO_PICKUP_POINTS[0] as (typeof DEMO_PICKUP_POINTS)[number];

export interface BenchServices {
  /** The market's public address. */
  marketUrl: string;
  /** Settlement's database URL, for the plain commit rate and the SQL replay on the same server. */
  settlementUrl: string;
  /** Delivery's database URL, for the SQL replay. */
  deliveryUrl: string;
  /** A pickup point delivery knows and that takes parcels. */
  pickupPointId: string;
  /** Prepaid cards with a balance no benchmark can spend, issued as `tokumei cards issue` does. */
  issueCards(count: number, currency: string): Promise<IssuedCard[]>;
  /** Stops the three processes; their databases stay until `stop`. */
  stopProcesses(): Promise<void>;
  /** Stops them and removes settlement's and delivery's databases; once, however often called. */
  stop(): Promise<void>;
}

/**
 * The three services as in production: each in its own process (`tokumei serve`), configured by
 * its environment alone, reached over HTTP and the closed link (a socket in a temporary
 * directory), logging at the default level to files there. Settlement and delivery get fresh
 * databases on the same server (delivery with one pickup point, which every payment asks it
 * about); the market serves the bench's loaded one.
 */
export async function startBenchServices(options: {
  pgUrl: string;
  marketUrl: string;
  currency: string;
  /** Extra Node options for both processes, e.g. `--cpu-prof --cpu-prof-dir=…`. */
  nodeOptions?: string;
  /** Record every statement both send to this file (bench/statement-recorder.ts). */
  record?: string;
}): Promise<BenchServices> {
  const dir = mkdtempSync(join(tmpdir(), 'tokumei-bench-services-'));
  const socket = join(dir, 'link', 'settlement.sock');
  const settlementKey = newSecret();
  let settlementDb: BenchDatabase | undefined;
  let deliveryDb: BenchDatabase | undefined;
  const shutdown = { started: false };
  const started: { stop(): Promise<void> }[] = [];
  let stoppingProcesses: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  const stopProcesses = () => {
    stoppingProcesses ??= (async () => {
      shutdown.started = true;
      // The market first: its workers use the link until they stop.
      for (const service of started.reverse()) await service.stop();
    })();
    return stoppingProcesses;
  };
  const stop = () => (stopping ??= stopAll());
  const stopAll = async () => {
    await stopProcesses();
    await settlementDb?.drop();
    await deliveryDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  const recorder = join(import.meta.dirname, 'statement-recorder.ts');
  const nodeOptions = [options.nodeOptions, options.record && `--import=${recorder}`]
    .filter(Boolean)
    .join(' ');
  const common = {
    TOKUMEI_LOG_LEVEL: 'info',
    ...(nodeOptions && { NODE_OPTIONS: nodeOptions }),
    ...(options.record && { TOKUMEI_BENCH_RECORD: options.record }),
  };
  try {
    settlementDb = await openBenchDatabase('postgres', {
      pgUrl: options.pgUrl,
      poolSize: 2,
      migrationsFolder: SETTLEMENT_MIGRATIONS,
      serverSettings: {},
    });
    const settlement = spawnService(
      'settlement',
      {
        ...common,
        TOKUMEI_LOG_FILE: join(dir, 'settlement.log'),
        TOKUMEI_SETTLEMENT_DATABASE_URL: settlementDb.url as string,
        TOKUMEI_SETTLEMENT_DATA_DIR: join(dir, 'settlement'),
        TOKUMEI_SETTLEMENT_SECRET_KEY: settlementKey,
        TOKUMEI_SETTLEMENT_SOCKET: socket,
        TOKUMEI_SETTLEMENT_DEMO_DATA: 'false',
      },
      shutdown,
    );
    started.push(settlement);
    await settlement.ready;
    deliveryDb = await openBenchDatabase('postgres', {
      pgUrl: options.pgUrl,
      poolSize: 2,
      migrationsFolder: DELIVERY_MIGRATIONS,
      serverSettings: {},
    });
    // One pickup point, registered as the operator would, for every payment to name.
    const registered = await registerPickupPoint(deliveryDb.database.db, PICKUP_POINT, new Date());
    if (!registered.ok) throw new Error(`pickup point refused: ${registered.error.code}`);
    // Delivery calls the market back, so the market's port is chosen first.
    const marketPort = await freePort('127.0.0.1', 0, 'TOKUMEI_MARKET_PORT');
    const deliveryKey = newSecret();
    const delivery = spawnService(
      'delivery',
      {
        ...common,
        TOKUMEI_LOG_FILE: join(dir, 'delivery.log'),
        TOKUMEI_DELIVERY_HOST: '127.0.0.1',
        TOKUMEI_DELIVERY_PORT: '0',
        TOKUMEI_DELIVERY_DATABASE_URL: deliveryDb.url as string,
        TOKUMEI_DELIVERY_DATA_DIR: join(dir, 'delivery'),
        TOKUMEI_DELIVERY_SECRET_KEY: newSecret(),
        TOKUMEI_DELIVERY_MARKET_URL: `http://127.0.0.1:${marketPort}`,
        TOKUMEI_DELIVERY_MARKET_KEY: deliveryKey,
        TOKUMEI_DELIVERY_RATE_LIMIT: '1000000000',
        TOKUMEI_DELIVERY_DEMO_DATA: 'false',
      },
      shutdown,
    );
    started.push(delivery);
    const deliveryUrl = await delivery.ready;
    const market = spawnService(
      'market',
      {
        ...common,
        TOKUMEI_LOG_FILE: join(dir, 'market.log'),
        TOKUMEI_MARKET_HOST: '127.0.0.1',
        TOKUMEI_MARKET_PORT: String(marketPort),
        TOKUMEI_MARKET_DATABASE_URL: options.marketUrl,
        TOKUMEI_MARKET_DATA_DIR: join(dir, 'market'),
        TOKUMEI_MARKET_SECRET_KEY: newSecret(),
        TOKUMEI_MARKET_DELIVERY_KEY: deliveryKey,
        TOKUMEI_MARKET_DELIVERY_URL: deliveryUrl,
        TOKUMEI_MARKET_CURRENCY: options.currency,
        TOKUMEI_MARKET_SETTLEMENT_SOCKET: socket,
        // The benchmark is a few client addresses sending thousands of requests a second.
        TOKUMEI_MARKET_RATE_LIMIT: '1000000000',
        TOKUMEI_MARKET_DEMO_DATA: 'false',
      },
      shutdown,
    );
    started.push(market);
    const marketUrl = await market.ready;
    const cardDb = settlementDb.database.db;
    return {
      marketUrl,
      settlementUrl: settlementDb.url as string,
      deliveryUrl: deliveryDb.url as string,
      pickupPointId: PICKUP_POINT.code,
      async issueCards(count, currency) {
        const batch = {
          count,
          value: 10n ** 15n,
          currency,
          expiresAt: new Date(Date.now() + 365 * 86_400_000),
        };
        const settings = { pepper: settlementKey, maxPinAttempts: 5, pinLockMs: 15 * 60_000 };
        return (await issuePrepaidBatch(cardDb, batch, settings, new Date())).cards;
      },
      stopProcesses,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
