import { ConfigError } from '../platform/config.ts';
import { type Db, openServiceDatabase } from '../platform/db/database.ts';
import { loadOrCreateSecretKey } from '../platform/secret-key-file.ts';
import { settlementConfigFromEnv } from '../settlement/config.ts';
import { settlementPidFile } from '../settlement/data-files.ts';
import { SETTLEMENT_MIGRATIONS } from '../settlement/db/migrations-folder.ts';
import { pidFileAlive } from './pid-file.ts';
import { UsageError } from './usage-error.ts';

/**
 * Runs `work` against the settlement database, opened from the settlement host with the same
 * TOKUMEI_SETTLEMENT_* settings as the server. An embedded (PGlite) database serves one process,
 * so it is refused while settlement runs on it. The secret key (the pepper for card numbers and
 * PINs) is read only by the commands that make cards.
 */
export async function withSettlementDatabase<T>(
  work: (settlement: { db: Db; pepper: () => string }) => Promise<T>,
): Promise<T> {
  const config = asUsageError(() => settlementConfigFromEnv());
  if (!config.databaseUrl && pidFileAlive(settlementPidFile(config))) {
    throw new UsageError(
      `settlement is running on ${config.dataDir} (PGlite serves one process): stop settlement first, or run settlement on PostgreSQL`,
    );
  }
  const pepper = () =>
    asUsageError(() => loadOrCreateSecretKey({ ...config, variable: 'TOKUMEI_SETTLEMENT_SECRET_KEY' }));
  const database = await openServiceDatabase(config, { migrationsFolder: SETTLEMENT_MIGRATIONS });
  try {
    return await work({ db: database.db, pepper });
  } finally {
    await database.close();
  }
}

/** Settings that are missing or unreadable are the operator's to fix: one line, no stack trace. */
function asUsageError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new UsageError((error as Error).message);
  }
}
