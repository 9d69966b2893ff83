import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import {
  type BackupProgress,
  backupDatabase,
  listBackups,
  restoreBackup,
  verifyBackup,
} from '../platform/backup/backup.ts';
import { BackupKeyError, newBackupKeyText, readBackupKey } from '../platform/backup/backup-key.ts';
import { BackupRefused } from '../platform/backup/manifest.ts';
import { openServiceDatabase } from '../platform/db/database.ts';
import { writePrivateFile } from '../platform/private-files.ts';
import { SERVICES, type ServiceName } from './backup-command.ts';
import { pidFileAlive } from './pid-file.ts';
import { UsageError } from './usage-error.ts';

// What the backup commands (backup-command.ts) do, once their options are parsed.

/**
 * Where a service keeps its database on this host, from its own TOKUMEI_* settings; only that
 * service's configuration is read (and loaded), so a host needs no other service's settings.
 */
const SERVICE_SETTINGS: Record<
  ServiceName,
  () => Promise<{ config: { databaseUrl?: string; dataDir: string }; migrationsFolder: string }>
> = {
  market: async () => ({
    config: (await import('../market/config.ts')).marketConfigFromEnv(),
    migrationsFolder: (await import('../market/db/migrations-folder.ts')).MARKET_MIGRATIONS,
  }),
  settlement: async () => ({
    config: (await import('../settlement/config.ts')).settlementConfigFromEnv(),
    migrationsFolder: (await import('../settlement/db/migrations-folder.ts')).SETTLEMENT_MIGRATIONS,
  }),
  delivery: async () => ({
    config: (await import('../delivery/config.ts')).deliveryConfigFromEnv(),
    migrationsFolder: (await import('../delivery/db/migrations-folder.ts')).DELIVERY_MIGRATIONS,
  }),
};

async function serviceDatabase(service: ServiceName) {
  const { config, migrationsFolder } = await SERVICE_SETTINGS[service]();
  const pgdata = join(config.dataDir, 'pgdata');
  return { config, migrationsFolder, pgdata, embedded: !config.databaseUrl };
}

/** An embedded database serves one process: a running service holds it. */
function refuseWhileRunning(service: ServiceName, dataDir: string, doing: string): void {
  if (pidFileAlive(join(dataDir, `${service}.pid`)))
    throw new UsageError(
      `${service} is running on ${dataDir} (an embedded database serves one process): stop it to ${doing}, or run it on PostgreSQL`,
    );
}

/** Refusals of a backup or a key are the operator's to act on: one line, no stack trace. */
async function refusalsAsUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BackupRefused || error instanceof BackupKeyError)
      throw new UsageError(error.message);
    throw error;
  }
}

export async function createBackups(
  named: ServiceName[],
  o: { dir: string; keyFile: string; keep: number },
): Promise<void> {
  await refusalsAsUsage(async () => {
    const key = readBackupKey(o.keyFile);
    const services = named.length ? named : SERVICES;
    let made = 0;
    for (const service of services) {
      const { config, migrationsFolder, pgdata, embedded } = await serviceDatabase(service);
      if (embedded) refuseWhileRunning(service, config.dataDir, 'back it up');
      if (embedded && !existsSync(join(pgdata, 'PG_VERSION'))) {
        const why = `no database at ${pgdata} (set TOKUMEI_${service.toUpperCase()}_DATABASE_URL if it runs on PostgreSQL)`;
        if (named.length) throw new UsageError(`${service}: ${why}`);
        console.log(`${service.padEnd(10)}  skipped: ${why}`);
        continue;
      }
      // As it is: a backup never migrates what it copies.
      const database = await openServiceDatabase(config, { migrationsFolder, migrate: false });
      const started = Date.now();
      try {
        const backup = await withProgress(service, (onProgress) =>
          backupDatabase(database, { service, dir: o.dir, key, keep: o.keep, onProgress }),
        );
        console.log(
          `${service.padEnd(10)}  ${backup.path} (${megabytes(backup.manifest.data.bytes)}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
        );
        made++;
      } finally {
        await database.close();
      }
    }
    if (made) console.log(`Kept the newest ${o.keep} backup(s) of each service in ${resolve(o.dir)}.`);
  });
}

export async function verify(path: string, o: { keyFile: string }): Promise<void> {
  await refusalsAsUsage(async () => {
    const key = readBackupKey(o.keyFile);
    const { manifest, tables } = await withProgress('verify', (onProgress) =>
      verifyBackup(path, key, onProgress),
    );
    const rows = tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `${path}: whole and authentic — ${manifest.service}, ${manifest.createdAt}, ${describeDatabase(manifest.database.driver)}, schema of ${manifest.schema.migrations} migrations, ${tables.length} tables, ${rows} rows, ${megabytes(manifest.data.bytes)}`,
    );
  });
}

export function list(service: ServiceName | undefined, o: { dir: string }): void {
  const services = service ? [service] : SERVICES;
  const now = Date.now();
  const backups = services.flatMap((s) => listBackups(o.dir, s));
  if (!backups.length) {
    console.log(`No backups in ${resolve(o.dir)}.`);
    return;
  }
  for (const { path, manifest } of backups) {
    const age = (now - Date.parse(manifest.createdAt)) / 3_600_000;
    console.log(
      [
        manifest.service.padEnd(10),
        manifest.createdAt,
        `${age < 48 ? `${age.toFixed(1)} h` : `${(age / 24).toFixed(1)} d`} old`.padEnd(10),
        megabytes(manifest.data.bytes).padStart(9),
        `${manifest.schema.migrations} migrations`,
        describeDatabase(manifest.database.driver),
        path,
      ].join('  '),
    );
  }
}

export async function restore(service: ServiceName, path: string, o: { keyFile: string }): Promise<void> {
  await refusalsAsUsage(async () => {
    const key = readBackupKey(o.keyFile);
    const { config, migrationsFolder, pgdata, embedded } = await serviceDatabase(service);
    if (embedded) refuseWhileRunning(service, config.dataDir, 'restore into it');
    if (embedded && existsSync(pgdata) && readdirSync(pgdata).length)
      throw new UsageError(
        `${service}'s data directory ${pgdata} is in use: restore into an empty one (set TOKUMEI_${service.toUpperCase()}_DATA_DIR, or move it aside)`,
      );
    const target = config.databaseUrl ? { url: config.databaseUrl } : { dataDir: pgdata };
    const { manifest, tables } = await withProgress('restore', (onProgress) =>
      restoreBackup(path, target, { service, key, migrationsFolder, onProgress }),
    );
    console.log(
      `${service} restored from the backup of ${manifest.createdAt}: ${tables.length} tables checked against it. On its first start it migrates the schema forward if it is older; take a new backup then.`,
    );
  });
}

export function makeKey(o: { out: string }): void {
  try {
    writePrivateFile(o.out, newBackupKeyText(), 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new UsageError(`${o.out} exists: a key is never overwritten (the backups made with it need it)`);
    throw error;
  }
  console.log(
    `backup key written to ${o.out} (owner-only). Keep a copy apart from the databases and the backups: without it no backup can be read.`,
  );
}

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;
const describeDatabase = (driver: 'pglite' | 'postgres') =>
  driver === 'postgres' ? 'PostgreSQL' : 'embedded';

/**
 * A bar per step on a terminal (hashing tables, copying them, checking, decrypting); elsewhere
 * nothing, as the result line says what was done.
 */
async function withProgress<T>(label: string, work: (onProgress: BackupProgress) => Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) return work(() => {});
  let bar: SingleBar | undefined;
  let current = '';
  const onProgress: BackupProgress = (step, done, total) => {
    if (step !== current) {
      bar?.stop();
      current = step;
      bar = new SingleBar(
        {
          format: `${label} · ${step} |{bar}| {percentage}%`,
          hideCursor: true,
          clearOnComplete: true,
          stream: process.stderr,
        },
        Presets.shades_classic,
      );
      bar.start(Math.max(total, 1), 0);
    }
    bar?.update(Math.min(done, Math.max(total, 1)));
  };
  try {
    return await work(onProgress);
  } finally {
    bar?.stop();
  }
}
