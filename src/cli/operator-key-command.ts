import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { marketConfigFromEnv } from '../market/config';
import { createOperatorKey } from '../market/operator/operator-auth';
import { MARKET_MIGRATIONS } from '../market/server';
import { openDatabase } from '../platform/db/database';
import { UsageError } from './usage-error';

/** True when a live market process holds the embedded data directory. */
export function embeddedMarketRunning(dataDir: string): boolean {
  const pidFile = join(dataDir, 'market.pid');
  if (!existsSync(pidFile)) return false;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `tokumei operator-key create`: the first operator key of a deployment has to come from the
 * host itself, so this writes to the market's database directly (an embedded one only while
 * the market is stopped, as PGlite serves one process).
 */
export function registerOperatorKeyCommand(program: Command) {
  program
    .command('operator-key')
    .description('Operator keys (run on the market host)')
    .command('create')
    .option('--label <label>', 'who or what the key is for', 'operator')
    .action(async (options: { label: string }) => {
      const config = marketConfigFromEnv();
      if (!config.databaseUrl && embeddedMarketRunning(config.dataDir)) {
        throw new UsageError(
          `the market is running on ${config.dataDir}; stop it first (PGlite serves one process)`,
        );
      }
      const database = await openDatabase({
        location: config.databaseUrl
          ? { url: config.databaseUrl }
          : { dataDir: join(config.dataDir, 'pgdata') },
        migrationsFolder: MARKET_MIGRATIONS,
      });
      try {
        const key = await createOperatorKey(database.db, options.label, new Date());
        console.log(`operator key (shown once): ${key}`);
      } finally {
        await database.close();
      }
    });
}
