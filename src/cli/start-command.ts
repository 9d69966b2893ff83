import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { marketConfigFromEnv } from '../market/config';
import { seedDemo } from '../market/demo/seed-demo';
import { buildMarket } from '../market/server';

/** `tokumei start`: every service on this machine, embedded databases, demo data on first start. */
export async function startAll(): Promise<void> {
  const config = marketConfigFromEnv();
  const market = await buildMarket({ config });
  if (config.demoData) {
    const demo = await seedDemo(market.ctx.db, market.ctx.clock.now(), config.defaultCurrency);
    if (demo) {
      const file = join(config.dataDir, 'demo-credentials.json');
      writeFileSync(file, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
      console.log(`\nDemo data loaded. Keys (shown once, also saved to ${file}):`);
      console.log(`  operator key: ${demo.operatorKey}`);
      for (const s of demo.sellers) console.log(`  seller ${s.name}: ${s.apiKey}`);
    }
  }
  const address = await market.app.listen({ host: config.host, port: config.port });
  console.log('\nTokumei is running:');
  console.log(`  market API       ${address}`);
  console.log(`  market API docs  ${address}/docs   (OpenAPI: ${address}/openapi.json)`);
  console.log('Press Ctrl+C to stop.\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    market.ctx.log.info({ signal }, 'shutting down');
    await market.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
