import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { deliveryConfigFromEnv } from '../delivery/config.ts';
import { serveDelivery } from '../delivery/serve.ts';
import { type MarketConfig, marketConfigFromEnv } from '../market/config.ts';
import { seedDemo } from '../market/demo/seed-demo.ts';
import { buildMarket } from '../market/server.ts';
import { ensurePrivateDirectory, writePrivateFile } from '../platform/private-files.ts';
import { loadOrCreateSecretKey } from '../platform/secret-key-file.ts';
import { settlementConfigFromEnv } from '../settlement/config.ts';
import { serveSettlement } from '../settlement/serve.ts';
import { ensureTerminalsBuilt } from '../web/build.ts';
import { UsageError } from './usage-error.ts';

const BIN = resolve(import.meta.dirname, '../../bin/tokumei.js');

/** The configured terminals, or the ones in this checkout, built first when missing or stale. */
async function withTerminals(config: MarketConfig): Promise<MarketConfig> {
  if (config.webDir) return config;
  const webDir = await ensureTerminalsBuilt({ onBuild: () => console.log('Building the terminals …') });
  return { ...config, webDir };
}

/** Starts the market service with demo data when empty; embedded, it marks its data directory in use. */
async function serveMarket(config: MarketConfig): Promise<{ address: string; close(): Promise<void> }> {
  // Checked or made before anything is written, on PostgreSQL too: the demo's keys, once seeded,
  // exist nowhere but in the file written there.
  ensurePrivateDirectory(config.dataDir);
  const market = await buildMarket({ config });
  // Marks the embedded data directory as in use, for commands that would open it too.
  if (!config.databaseUrl) writePrivateFile(join(config.dataDir, 'market.pid'), String(process.pid));
  if (config.demoData) {
    const demo = await seedDemo(market.ctx.db, market.ctx.clock.now(), config.defaultCurrency);
    if (demo) {
      const file = join(config.dataDir, 'demo-credentials.json');
      writePrivateFile(file, `${JSON.stringify(demo, null, 2)}\n`);
      // Keys go to an owner-only file rather than the terminal, whose scrollback and logs outlive them.
      console.log(
        `\nDemo data loaded: the operator key and ${demo.sellers.length} seller keys are in ${file}`,
      );
    }
  }
  const address = await market.app.listen({ host: config.host, port: config.port });
  const close = async () => {
    await market.close();
    rmSync(join(config.dataDir, 'market.pid'), { force: true });
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

/** `tokumei serve market|settlement|delivery`: one service, configured only by its environment variables. */
export async function serveOne(service: string): Promise<void> {
  const serve = {
    market: async () => serveMarket(await withTerminals(marketConfigFromEnv())),
    settlement: () => serveSettlement(settlementConfigFromEnv()),
    delivery: () => serveDelivery(deliveryConfigFromEnv()),
  }[service];
  if (!serve) throw new UsageError(`unknown service ${service} (known: market, settlement, delivery)`);
  const { address, close } = await serve();
  console.log(`${service} listening on ${address}${service === 'settlement' ? ' (closed link only)' : ''}`);
  stopOnSignal(close);
  // Started by `tokumei start`: stop with it rather than outlive it.
  process.on('disconnect', () => void close().then(() => process.exit(0)));
}

/**
 * A service in a process of its own, as in production: it shares nothing with the others but
 * their contracts. Resolves with its address once it listens; its output goes to this terminal.
 */
function spawnService(
  service: 'settlement' | 'delivery',
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; address: string }> {
  // The IPC channel is how the child notices that `start` is gone, even after a kill -9.
  const child = spawn(process.execPath, [BIN, 'serve', service], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  const listening = new RegExp(`^${service} listening on (\\S+)`);
  return new Promise((resolve, reject) => {
    let started = false;
    const lines = createInterface({ input: child.stdout as Readable });
    lines.on('line', (line) => {
      // A service's log lines are JSON for machines: show the human ones, and its warnings.
      if (!line.startsWith('{')) console.log(line);
      else if (isWarning(line)) console.error(line);
      const address = listening.exec(line)?.[1];
      if (!started && address) {
        started = true;
        resolve({ child, address });
      }
    });
    child.once('exit', (code) => {
      if (!started) reject(new Error(`${service} did not start (exit code ${code})`));
      else console.error(`${service} stopped (exit code ${code})`);
    });
  });
}

const isWarning = (jsonLine: string) => {
  try {
    return ((JSON.parse(jsonLine) as { level?: number }).level ?? 0) >= 40;
  } catch {
    return true;
  }
};

/** Where a service on this machine listening on `host` is reached from this machine. */
function localUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** `tokumei start`: every service on this machine, embedded databases, demo data on first start. */
export async function startAll(): Promise<void> {
  const marketConfig = await withTerminals(marketConfigFromEnv());
  // The key market and delivery share, made once and kept beside the market's own.
  marketConfig.deliveryKey = loadOrCreateSecretKey({
    dataDir: marketConfig.dataDir,
    databaseUrl: marketConfig.databaseUrl,
    secretKey: marketConfig.deliveryKey,
    variable: 'TOKUMEI_MARKET_DELIVERY_KEY',
    fileName: 'delivery.key',
  });
  const [settlement, delivery] = await Promise.all([
    spawnService('settlement'),
    spawnService('delivery', {
      TOKUMEI_DELIVERY_MARKET_KEY: marketConfig.deliveryKey,
      TOKUMEI_DELIVERY_MARKET_URL:
        process.env.TOKUMEI_DELIVERY_MARKET_URL ?? localUrl(marketConfig.host, marketConfig.port),
      // The pickup clerk's terminal is served by delivery, from the same build.
      TOKUMEI_DELIVERY_WEB_DIR: process.env.TOKUMEI_DELIVERY_WEB_DIR ?? (marketConfig.webDir as string),
    }),
  ]);
  // The terminals call delivery directly: point them at where it did start, unless told otherwise.
  if (!process.env.TOKUMEI_MARKET_DELIVERY_URL) marketConfig.deliveryUrl = delivery.address;
  const market = await serveMarket(marketConfig);
  const { address } = market;
  const close = async () => {
    await market.close();
    settlement.child.kill('SIGTERM');
    delivery.child.kill('SIGTERM');
  };
  console.log('\nTokumei is running:');
  console.log(`  purchaser terminal    ${address}/buy`);
  console.log(`  salesperson terminal  ${address}/sell`);
  console.log(`  operator terminal     ${address}/operate`);
  console.log(`  market API            ${address}`);
  console.log(`  market API docs       ${address}/docs   (OpenAPI: ${address}/openapi.json)`);
  console.log(
    `  delivery API          ${delivery.address}   (docs: ${delivery.address}/docs; pickup points: ${delivery.address}/pickup-points)`,
  );
  console.log(`  pickup clerk terminal ${delivery.address}/clerk`);
  console.log('  settlement            closed link only (no public address)');
  console.log('Press Ctrl+C to stop.\n');
  stopOnSignal(close);
}
