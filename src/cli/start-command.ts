import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { deliveryConfigFromEnv } from '../delivery/config.ts';
import { deliveryDemoCredentialsFile } from '../delivery/data-files.ts';
import { type MarketConfig, marketConfigFromEnv } from '../market/config.ts';
import { MARKET_MIGRATIONS } from '../market/db/migrations-folder.ts';
import { type Database, openServiceDatabase } from '../platform/db/database.ts';
import { createLogger, type Logger } from '../platform/log.ts';
import { ensurePrivateDirectory, writePrivateFile } from '../platform/private-files.ts';
import { loadOrCreateSecretKey } from '../platform/secret-key-file.ts';
import { settlementConfigFromEnv } from '../settlement/config.ts';
import { demoCardsFile, settlementPidFile } from '../settlement/data-files.ts';
import { ensureTerminalsBuilt } from '../web/build.ts';
import { localUrl } from './api-client.ts';
import { seconds, showBuildProgress } from './build-progress.ts';
import { claimPidFile } from './pid-file.ts';
import { UsageError } from './usage-error.ts';
import { serveWorkers } from './workers.ts';

const BIN = resolve(import.meta.dirname, '../../bin/tokumei.js');

// Each service's code is loaded only by the process that runs it: `tokumei serve settlement`
// starts (and restarts) without compiling the market's and delivery's modules, and is refused
// for its settings or its data directory before it loads any of them.
const marketServer = () => import('../market/server.ts');
const marketDemo = () => import('../market/demo/seed-demo.ts');
const settlementServe = () => import('../settlement/serve.ts');
const deliveryServe = () => import('../delivery/serve.ts');

const marketPidFile = (config: MarketConfig) => join(config.dataDir, 'market.pid');
const marketDemoCredentialsFile = (config: MarketConfig) => join(config.dataDir, 'demo-credentials.json');

/** The configured terminals, or the ones in this checkout, built first when missing or stale. */
const terminals = async (config: MarketConfig): Promise<string> =>
  config.webDir ?? ensureTerminalsBuilt({ onProgress: showBuildProgress() });

/** A listen that failed for a reason the user can fix: one line naming the variable to set. */
function listenRefused(error: unknown, variable: string): never {
  const { code, port } = error as NodeJS.ErrnoException & { port?: number };
  if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use — set ${variable}`);
  if (code === 'EACCES')
    throw new UsageError(`port ${port} is not allowed for this account — set ${variable}`);
  throw error;
}

/**
 * Starts the market service with demo data when empty; embedded, it marks its data directory
 * in use first, so a second process is refused before it opens the database.
 */
async function serveMarket(
  config: MarketConfig,
  options: { database?: Database; logger?: Logger } = {},
): Promise<{ address: string; close(): Promise<void> }> {
  // Checked or made before anything is written, on PostgreSQL too: the demo's keys, once seeded,
  // exist nowhere but in the file written there.
  ensurePrivateDirectory(config.dataDir);
  if (!config.databaseUrl) {
    claimPidFile(
      marketPidFile(config),
      (pid) => `the market is already running on ${config.dataDir} (pid ${pid}); stop it first`,
    );
  }
  const market = await (await marketServer()).buildMarket({ config, ...options });
  if (config.demoData) {
    const { seedDemo } = await marketDemo();
    const demo = await seedDemo(market.ctx.db, market.ctx.clock.now(), config.defaultCurrency);
    if (demo) {
      const file = marketDemoCredentialsFile(config);
      writePrivateFile(file, `${JSON.stringify(demo, null, 2)}\n`);
      // Keys go to an owner-only file rather than the terminal, whose scrollback and logs outlive them.
      console.log(`Demo data loaded: the operator key and ${demo.sellers.length} seller keys are in ${file}`);
    }
  }
  const address = await market.app
    .listen({ host: config.host, port: config.port })
    .catch((error) => listenRefused(error, 'TOKUMEI_MARKET_PORT'));
  const close = async () => {
    await market.close();
    rmSync(marketPidFile(config), { force: true });
  };
  return { address, close };
}

function stopOnSignal(close: () => Promise<void>) {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/**
 * `tokumei serve market|settlement|delivery`: one service, configured only by its environment
 * variables; the market and delivery as `workers` processes behind one address if asked.
 */
export async function serveOne(service: string, options: { workers?: number } = {}): Promise<void> {
  const serve = {
    market: async () => {
      const config = marketConfigFromEnv();
      return serveMarket({ ...config, webDir: await terminals(config) });
    },
    settlement: async () => {
      const config = settlementConfigFromEnv();
      if (!config.databaseUrl) {
        claimPidFile(
          settlementPidFile(config),
          (pid) => `settlement is already running on ${config.dataDir} (pid ${pid}); stop it first`,
        );
      }
      return (await settlementServe()).serveSettlement(config);
    },
    delivery: async () => {
      const config = deliveryConfigFromEnv();
      ensurePrivateDirectory(config.dataDir);
      return (await deliveryServe())
        .serveDelivery(config)
        .catch((error) => listenRefused(error, 'TOKUMEI_DELIVERY_PORT'));
    },
  }[service];
  if (!serve) throw new UsageError(`unknown service ${service} (known: market, settlement, delivery)`);
  const workers = options.workers ?? 1;
  if (workers > 1) {
    if (service !== 'market' && service !== 'delivery') {
      throw new UsageError(
        '--workers is for market and delivery; settlement is one process on its closed link',
      );
    }
    const variable = `TOKUMEI_${service.toUpperCase()}_DATABASE_URL`;
    if (!process.env[variable]) {
      throw new UsageError(
        `--workers needs PostgreSQL: set ${variable} (an embedded database is one process's)`,
      );
    }
    const address = await serveWorkers(service, workers, serve, stopOnSignal);
    if (address) console.log(`${service} listening on ${address} (${workers} workers)`);
    else process.on('disconnect', () => process.exit(0));
    return;
  }
  const { address, close } = await serve();
  // Before the line that says it listens: a signal sent on reading it must find the handler.
  stopOnSignal(close);
  console.log(`${service} listening on ${address}${service === 'settlement' ? ' (closed link only)' : ''}`);
  // Started by `tokumei start`: stop with it rather than outlive it.
  process.on('disconnect', () => void close().then(() => process.exit(0)));
}

interface ServiceProcess {
  child: ChildProcess;
  /** Its address once it listens; rejects with its own words (a UsageError) if it exits first. */
  ready: Promise<string>;
  /** Stops it and resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * A service in a process of its own, as in production: it shares nothing with the others but
 * their contracts. Its logs go to its file (TOKUMEI_LOG_FILE); its warnings and its few
 * human lines (demo data made) come to this terminal.
 */
export function spawnService(
  service: 'market' | 'settlement' | 'delivery',
  env: Record<string, string>,
  shutdown: { started: boolean },
): ServiceProcess {
  // The IPC channel is how the child notices that `start` is gone, even after a kill -9.
  const child = spawn(process.execPath, [BIN, 'serve', service], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, ...env },
  });
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exit code ${code}`)),
  );
  const listening = new RegExp(`^${service} listening on (\\S+)`);
  let started = false;
  // What it says on stderr before it listens is why it did not, if it does not.
  const early: string[] = [];
  createInterface({ input: child.stderr as Readable }).on('line', (line) => {
    if (started) console.error(line);
    else early.push(line);
  });
  const ready = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as Readable }).on('line', (line) => {
      const address = listening.exec(line)?.[1];
      if (started || !address) {
        console.log(line);
        return;
      }
      started = true;
      for (const warning of early) console.error(warning);
      resolve(address);
    });
    child.once('close', (code) => {
      if (!started)
        reject(new UsageError(early.join('\n') || `${service} did not start (exit code ${code})`));
    });
  });
  void exited.then((how) => {
    // Ctrl+C reaches the whole process group: the services stop with `start`, as asked.
    if (started && !shutdown.started)
      console.error(`${service} stopped (${how}); see ${env.TOKUMEI_LOG_FILE}`);
  });
  return {
    child,
    ready,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Checks that a port is free, so a taken one is reported before anything starts, and picks one
 * for port 0 (the market's must be known before delivery starts, to call it back). The service
 * binds it moments later.
 */
export async function freePort(host: string, port: number, variable: string): Promise<number> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, resolve);
    });
    return (server.address() as AddressInfo).port;
  } catch (error) {
    return listenRefused(error, variable);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** `tokumei start`: every service on this machine, embedded databases, demo data on first start. */
export async function startAll(): Promise<void> {
  const marketConfig = marketConfigFromEnv();
  const settlementConfig = settlementConfigFromEnv();
  const deliveryConfig = deliveryConfigFromEnv();
  claimPidFile(
    marketPidFile(marketConfig),
    (pid) => `Tokumei is already running in this folder (pid ${pid}); stop it first`,
  );
  const logs = join(dirname(marketConfig.dataDir), 'logs');
  const logFile = (service: string) => join(logs, `${service}.log`);
  const services: ServiceProcess[] = [];
  let opening: Promise<Database> | undefined;
  let market: { address: string; close(): Promise<void> } | undefined;
  const shutdown = { started: false };
  const close = async () => {
    shutdown.started = true;
    await market?.close();
    await (await opening?.catch(() => undefined))?.close();
    await Promise.all(services.map((s) => s.stop()));
    rmSync(marketPidFile(marketConfig), { force: true });
  };
  // From the start, not after the banner: a Ctrl+C (or a signal sent on reading the banner)
  // always stops what has started, and never finds Node's default of dying on the spot.
  stopOnSignal(async () => {
    console.log('\nStopping Tokumei …');
    await close();
    console.log('Stopped.');
  });
  try {
    marketConfig.webDir = await terminals(marketConfig);
    marketConfig.port = await freePort(marketConfig.host, marketConfig.port, 'TOKUMEI_MARKET_PORT');
    const deliveryPort = await freePort(deliveryConfig.host, deliveryConfig.port, 'TOKUMEI_DELIVERY_PORT');
    // The key market and delivery share, made once and kept beside the market's own.
    marketConfig.deliveryKey = loadOrCreateSecretKey({
      dataDir: marketConfig.dataDir,
      databaseUrl: marketConfig.databaseUrl,
      secretKey: marketConfig.deliveryKey,
      variable: 'TOKUMEI_MARKET_DELIVERY_KEY',
      fileName: 'delivery.key',
    });

    const firstStart = !marketConfig.databaseUrl && !existsSync(join(marketConfig.dataDir, 'pgdata'));
    console.log(
      firstStart
        ? 'Starting settlement, delivery and the market; on a first start each makes its embedded database, which takes a while …'
        : 'Starting settlement, delivery and the market …',
    );
    const ready =
      (service: string) =>
      <T>(value: T) => {
        // performance.now() counts from the start of this process, as the person waiting does.
        console.log(`  ${service} ready (${seconds(performance.now())})`);
        return value;
      };
    const settlement = spawnService('settlement', { TOKUMEI_LOG_FILE: logFile('settlement') }, shutdown);
    const delivery = spawnService(
      'delivery',
      {
        TOKUMEI_LOG_FILE: logFile('delivery'),
        TOKUMEI_DELIVERY_PORT: String(deliveryPort),
        TOKUMEI_DELIVERY_MARKET_KEY: marketConfig.deliveryKey,
        TOKUMEI_DELIVERY_MARKET_URL:
          process.env.TOKUMEI_DELIVERY_MARKET_URL ?? localUrl(marketConfig.host, marketConfig.port),
        // The pickup clerk's terminal is served by delivery, from the same build.
        TOKUMEI_DELIVERY_WEB_DIR: process.env.TOKUMEI_DELIVERY_WEB_DIR ?? (marketConfig.webDir as string),
      },
      shutdown,
    );
    services.push(settlement, delivery);
    // The market's database is made meanwhile: the three are made at once on a first start.
    const { MARKET_SERVER_SETTINGS } = await marketServer();
    opening = openServiceDatabase(marketConfig, {
      migrationsFolder: MARKET_MIGRATIONS,
      serverSettings: MARKET_SERVER_SETTINGS,
    });
    const [, deliveryAddress, database] = await Promise.all([
      settlement.ready.then(ready('settlement')),
      delivery.ready.then(ready('delivery')),
      opening,
    ]);
    // The terminals call delivery directly: point them at where it did start, unless told otherwise.
    if (!process.env.TOKUMEI_MARKET_DELIVERY_URL) marketConfig.deliveryUrl = deliveryAddress;
    market = await serveMarket(marketConfig, {
      database,
      logger: createLogger('market', undefined, logFile('market')),
    });
    ready('market')(undefined);
    printBanner({
      market: market.address,
      delivery: deliveryAddress,
      logs,
      demoKeys: [
        [marketDemoCredentialsFile(marketConfig), 'operator and seller keys'],
        [deliveryDemoCredentialsFile(deliveryConfig), 'delivery operator and pickup clerk keys'],
        [demoCardsFile(settlementConfig), 'cards to pay with (numbers and PINs)'],
      ],
    });
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

function printBanner(o: {
  market: string;
  delivery: string;
  logs: string;
  demoKeys: [file: string, what: string][];
}) {
  const keys = o.demoKeys.filter(([file]) => existsSync(file));
  const width = Math.max(...keys.map(([file]) => file.length));
  const lines = [
    '',
    `Tokumei is running (started in ${seconds(performance.now())}):`,
    `  purchaser terminal     ${o.market}/buy`,
    `  salesperson terminal   ${o.market}/sell`,
    `  operator terminal      ${o.market}/operate`,
    `  pickup clerk terminal  ${o.delivery}/clerk`,
    `  pickup points          ${o.delivery}/points   (delivery's operator key)`,
    `  market API             ${o.market}   (docs: ${o.market}/docs)`,
    `  delivery API           ${o.delivery}   (docs: ${o.delivery}/docs)`,
    '  settlement             closed link only (no public address)',
    ...keys.map(
      ([file, what], i) =>
        `  ${i === 0 ? 'demo keys (owner-only)' : ''.padEnd(22)} ${file.padEnd(width)}  ${what}`,
    ),
    `  logs (JSON lines)      ${join(o.logs, 'market.log')}, settlement.log, delivery.log`,
    'Warnings and errors appear below. Press Ctrl+C to stop.',
    '',
  ];
  console.log(lines.join('\n'));
}
