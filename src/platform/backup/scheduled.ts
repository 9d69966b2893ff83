import { sql } from 'drizzle-orm';
import { repeatEvery } from '../background.ts';
import { ConfigError } from '../config.ts';
import { type Database, queryRows } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { backupDatabase, listBackups } from './backup.ts';
import { BackupKeyError, readBackupKey } from './backup-key.ts';
import type { BackupSettings } from './settings.ts';

/** How often a service looks whether its next backup is due. */
const CHECK_MS = 60_000;

/**
 * A service backing itself up every `settings.every`, as `tokumei backup` would: the way an
 * embedded database is backed up while its service runs, as no other process may open it. On
 * PostgreSQL, several processes of a service take turns under an advisory lock, and the one that
 * gets it looks again, so one backup is made per period. Nothing when no period is set.
 */
export function startScheduledBackups(
  service: string,
  database: Database,
  settings: BackupSettings | undefined,
  log: Logger,
): { stop(): Promise<void> } | undefined {
  const every = settings?.every;
  if (!settings || every === undefined) return undefined;
  if (!settings.keyFile)
    throw new ConfigError(
      'Invalid configuration:\n  TOKUMEI_BACKUP_KEY_FILE: required when TOKUMEI_BACKUP_EVERY is set',
    );
  let key: ReturnType<typeof readBackupKey>;
  try {
    key = readBackupKey(settings.keyFile);
  } catch (error) {
    if (error instanceof BackupKeyError)
      throw new ConfigError(`Invalid configuration:\n  TOKUMEI_BACKUP_KEY_FILE: ${error.message}`);
    throw error;
  }
  const due = () => {
    const newest = listBackups(settings.dir, service)[0];
    return !newest || Date.now() - Date.parse(newest.manifest.createdAt) >= every;
  };
  const backUp = async () => {
    if (!due()) return;
    await database.withSession(async (db) => {
      const lock = sql`hashtext(${`tokumei.backup.${service}`})`;
      const [row] = await queryRows<{ locked: boolean }>(
        db,
        sql`SELECT pg_try_advisory_lock(${lock}) AS locked`,
      );
      if (!row?.locked) return; // another process of this service is making it
      try {
        if (!due()) return;
        const started = Date.now();
        const backup = await backupDatabase(database, {
          service,
          dir: settings.dir,
          key,
          keep: settings.keep,
        });
        log.info(
          { backup: backup.path, bytes: backup.manifest.data.bytes, ms: Date.now() - started },
          'backup made',
        );
      } finally {
        await db.execute(sql`SELECT pg_advisory_unlock(${lock})`);
      }
    });
  };
  // The first look comes at once: a service started after a long stop backs up without waiting.
  const first = backUp().catch((error) => log.error({ err: error }, 'backup failed'));
  const loop = repeatEvery(CHECK_MS, backUp, { log, message: 'backup failed' });
  return {
    async stop() {
      await first;
      await loop.stop();
    },
  };
}
