import { join } from 'node:path';
import type { Command } from 'commander';
import { pidFileAlive } from './pid-file.ts';
import { UsageError } from './usage-error.ts';

/** True when a live market process holds the embedded data directory. */
export const embeddedMarketRunning = (dataDir: string): boolean => pidFileAlive(join(dataDir, 'market.pid'));

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
      // The market's code and the database are loaded only when a key is made, not by every other command.
      const [{ marketConfigFromEnv }, { openServiceDatabase }, { createOperatorKey }, { MARKET_MIGRATIONS }] =
        await Promise.all([
          import('../market/config.ts'),
          import('../platform/db/database.ts'),
          import('../platform/operator-keys.ts'),
          import('../market/db/migrations-folder.ts'),
        ]);
      const config = marketConfigFromEnv();
      if (!config.databaseUrl && embeddedMarketRunning(config.dataDir)) {
        throw new UsageError(
          `the market is running on ${config.dataDir}; stop it first (PGlite serves one process)`,
        );
      }
      const database = await openServiceDatabase(config, { migrationsFolder: MARKET_MIGRATIONS });
      try {
        const key = await createOperatorKey(database.db, options.label, new Date());
        console.log(`operator key (shown once): ${key}`);
      } finally {
        await database.close();
      }
    });
}
