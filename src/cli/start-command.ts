import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type MarketConfig, marketConfigFromEnv } from '../market/config';
import { seedDemo } from '../market/demo/seed-demo';
import { buildMarket } from '../market/server';
import { ensureTerminalsBuilt } from '../web/build';

/** The configured terminals, or the ones in this checkout, built first when missing or stale. */
async function withTerminals(config: MarketConfig): Promise<MarketConfig> {
  if (config.webDir) return config;
  const webDir = await ensureTerminalsBuilt({ onBuild: () => console.log('Building the terminals …') });
  return { ...config, webDir };
}

/** Starts the market service with demo data when empty; embedded, it marks its data directory in use. */
async function serveMarket(config: MarketConfig): Promise<{ address: string; close(): Promise<void> }> {
  const market = await buildMarket({ config });
  if (!config.databaseUrl) {
    // Marks the embedded data directory as in use, for commands that would open it too.
    mkdirSync(config.dataDir, { recursive: true });
    const pidFile = join(config.dataDir, 'market.pid');
    writeFileSync(pidFile, String(process.pid));
  }
  if (config.demoData) {
    const demo = await seedDemo(market.ctx.db, market.ctx.clock.now(), config.defaultCurrency);
    if (demo) {
      const file = join(config.dataDir, 'demo-credentials.json');
      writeFileSync(file, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
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

/** `tokumei serve market`: one service, configured only by its environment variables. */
export async function serveOne(service: string): Promise<void> {
  if (service !== 'market') throw new Error(`unknown service ${service} (known: market)`);
  const { address, close } = await serveMarket(await withTerminals(marketConfigFromEnv()));
  console.log(`market listening on ${address}`);
  stopOnSignal(close);
}

/** `tokumei start`: every service on this machine, embedded databases, demo data on first start. */
export async function startAll(): Promise<void> {
  const { address, close } = await serveMarket(await withTerminals(marketConfigFromEnv()));
  console.log('\nTokumei is running:');
  console.log(`  purchaser terminal    ${address}/buy`);
  console.log(`  salesperson terminal  ${address}/sell`);
  console.log(`  operator terminal     ${address}/operate`);
  console.log(`  market API            ${address}`);
  console.log(`  market API docs       ${address}/docs   (OpenAPI: ${address}/openapi.json)`);
  console.log('Press Ctrl+C to stop.\n');
  stopOnSignal(close);
}
