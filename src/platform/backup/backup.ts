import { randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import packageJson from '../../../package.json' with { type: 'json' };
import { type Database, type Db, type Moment, queryRows } from '../db/database.ts';
import { ensurePrivateDirectory, openPrivateFile, writePrivateFile } from '../private-files.ts';
import type { BackupKey } from './backup-key.ts';
import {
  codeSchemaVersion,
  fingerprintDifferences,
  fingerprintTables,
  type SchemaVersion,
  schemaVersion,
  type TableFingerprint,
} from './contents.ts';
import {
  authenticateManifest,
  BackupRefused,
  DATA_FILE,
  MANIFEST_FILE,
  type Manifest,
  manifestText,
  readManifest,
} from './manifest.ts';
import { alongside, pgDump, pgRestore } from './pg-tools.ts';
import { Digest, OpenStream, openValue, SealedDataError, SealStream, sealValue } from './sealed-stream.ts';

/** What a long step has done so far, for a progress bar. */
export type BackupProgress = (step: string, done: number, total: number) => void;

/** A backup as listed: where it is and what its manifest says, unauthenticated. */
export interface BackupEntry {
  path: string;
  manifest: Manifest;
}

/** Partial backups left by a run that died are removed once this old (a running one is younger). */
const PARTIAL_GRACE_MS = 24 * 3_600_000;

/**
 * Backs up one service's database as it is at one moment, into `<dir>/<service>/<id>`: the
 * data encrypted and authenticated under the operator's key, the manifest beside it, both
 * owner-only. It is written aside and renamed into place only when whole, so a backup that is
 * listed is complete. Then all but the newest `keep` backups of the service are deleted.
 */
export async function backupDatabase(
  database: Database,
  options: { service: string; dir: string; key: BackupKey; keep: number; onProgress?: BackupProgress },
): Promise<BackupEntry> {
  const { service, key, onProgress } = options;
  const root = join(options.dir, service);
  ensurePrivateDirectory(options.dir);
  ensurePrivateDirectory(root);
  const started = new Date();
  const id = `${started.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}-${randomBytes(4).toString('hex')}`;
  const partial = join(root, `.${id}.partial`);
  ensurePrivateDirectory(partial);
  try {
    const salt = randomBytes(32);
    const keys = key.derive(salt);
    const stored = new Digest();
    const plain = new Digest();
    const copied = await database.atOneMoment(async (tx, moment) => {
      const schema = await schemaVersion(tx);
      const tables = await fingerprintTables(tx, (done, total) =>
        onProgress?.('hashing tables', done, total),
      );
      const [server] = await queryRows<{ version: string }>(tx, sql`SHOW server_version`);
      const fd = openPrivateFile(join(partial, DATA_FILE), 'wx');
      await copyMoment(moment, tables.length, onProgress, (source) =>
        pipeline(
          source,
          tap(plain),
          new SealStream(keys.data),
          tap(stored),
          createWriteStream('', { fd, flush: true }),
        ),
      );
      return { schema, tables, serverVersion: server?.version ?? 'unknown' };
    });
    const manifest: Manifest = {
      format: 'tokumei-backup/1',
      id,
      service,
      createdAt: started.toISOString(),
      tokumeiVersion: packageJson.version,
      database: {
        driver: database.driver,
        serverVersion: copied.serverVersion,
        format: database.driver === 'postgres' ? 'pg_dump custom' : 'PGlite data directory, tar.gz',
      },
      schema: copied.schema,
      encryption: {
        cipher: 'AES-256-GCM, 1 MiB chunks (STREAM)',
        kdf: 'HKDF-SHA256',
        salt: salt.toString('hex'),
        keyId: key.id,
      },
      data: { file: DATA_FILE, bytes: stored.bytes, sha256: stored.hex(), plainBytes: plain.bytes },
      tables: sealValue(keys.tables, copied.tables),
      durationMs: Date.now() - started.getTime(),
    };
    writePrivateFile(join(partial, MANIFEST_FILE), manifestText(manifest, keys.manifest), 'wx');
    const path = join(root, id);
    renameSync(partial, path);
    pruneBackups(options.dir, service, options.keep);
    return { path, manifest };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Streams the moment's copy into `write`: pg_dump's output, or PGlite's data directory. */
async function copyMoment(
  moment: Moment,
  tables: number,
  onProgress: BackupProgress | undefined,
  write: (source: Readable) => Promise<void>,
): Promise<void> {
  if (moment.driver === 'pglite') {
    const dump = Buffer.from(await (await moment.dumpDataDir()).arrayBuffer());
    return write(Readable.from([dump]));
  }
  let done = 0;
  const dump = pgDump(moment.url, moment.snapshot, () => onProgress?.('copying tables', ++done, tables));
  await alongside(write(dump.child.stdout as Readable), dump);
}

const tap = (digest: Digest) =>
  new Transform({
    transform(chunk: Buffer, _, done) {
      digest.update(chunk);
      done(null, chunk);
    },
  });

/** The folder of a backup given as its folder or its manifest. */
const backupFolder = (path: string) => (basename(path) === MANIFEST_FILE ? join(path, '..') : path);

/**
 * Proves a backup whole without restoring it: the key is the one it was made with, the manifest
 * is unchanged, the data has the size and checksum the manifest gives, and every chunk of it
 * authenticates. Returns what it holds.
 */
export async function verifyBackup(
  path: string,
  key: BackupKey,
  onProgress?: BackupProgress,
): Promise<{ manifest: Manifest; tables: TableFingerprint[] }> {
  const folder = backupFolder(path);
  const manifest = authenticateManifest(readManifest(join(folder, MANIFEST_FILE)), key);
  const keys = key.derive(Buffer.from(manifest.encryption.salt, 'hex'));
  const dataFile = join(folder, manifest.data.file);
  const size = existsSync(dataFile) ? statSync(dataFile).size : undefined;
  if (size === undefined) throw new BackupRefused(`${dataFile} is missing`);
  if (size < manifest.data.bytes)
    throw new BackupRefused(
      `${dataFile} is truncated: ${size} of the ${manifest.data.bytes} bytes the manifest gives`,
    );
  if (size > manifest.data.bytes)
    throw new BackupRefused(
      `${dataFile} has ${size} bytes, not the ${manifest.data.bytes} the manifest gives`,
    );
  const stored = new Digest();
  await pipeline(createReadStream(dataFile), tap(stored), sink(manifest.data.bytes, 'checking', onProgress));
  if (stored.hex() !== manifest.data.sha256)
    throw new BackupRefused(`${dataFile} is corrupted: its SHA-256 checksum is not the manifest's`);
  await openData(dataFile, keys.data, manifest, sink(manifest.data.plainBytes, 'decrypting', onProgress));
  return { manifest, tables: openValue(keys.tables, manifest.tables) as TableFingerprint[] };
}

/** Decrypts the data into `to`, refusing data that does not authenticate or is not the size it should be. */
async function openData(dataFile: string, key: Buffer, manifest: Manifest, to: Writable): Promise<void> {
  const plain = new Digest();
  try {
    await pipeline(createReadStream(dataFile), new OpenStream(key), tap(plain), to);
  } catch (error) {
    if (error instanceof SealedDataError) throw new BackupRefused(`${dataFile}: ${error.message}`);
    throw error;
  }
  if (plain.bytes !== manifest.data.plainBytes)
    throw new BackupRefused(`${dataFile} decrypts to ${plain.bytes} bytes, not ${manifest.data.plainBytes}`);
}

const sink = (total: number, step: string, onProgress?: BackupProgress) => {
  let done = 0;
  return new Writable({
    write(chunk: Buffer, _, callback) {
      done += chunk.length;
      onProgress?.(step, done, total);
      callback();
    },
  });
};

/** Where a restore writes: an empty PostgreSQL database, or a data directory PGlite has not used. */
export type RestoreTarget = { url: string } | { dataDir: string };

/**
 * Brings a service's backup back into an empty database. Nothing is written until the whole
 * backup is proven (see verifyBackup), its service and database kind are the target's, and its
 * schema is one this version knows (an older one is migrated forward when the service opens
 * it). Then the copy is loaded and every table's count and hash compared with the backup's:
 * a restore is checked, not assumed.
 */
export async function restoreBackup(
  path: string,
  target: RestoreTarget,
  options: { service: string; key: BackupKey; migrationsFolder: string; onProgress?: BackupProgress },
): Promise<{ manifest: Manifest; tables: TableFingerprint[] }> {
  const { onProgress } = options;
  const { manifest, tables } = await verifyBackup(path, options.key, onProgress);
  if (manifest.service !== options.service)
    throw new BackupRefused(`this is a backup of ${manifest.service}, not of ${options.service}`);
  const kind = 'url' in target ? 'postgres' : 'pglite';
  if (manifest.database.driver !== kind)
    throw new BackupRefused(
      `this backup is of ${describeDriver(manifest.database.driver)} and restores only into one; the target is ${describeDriver(kind)}`,
    );
  refuseNewerSchema(manifest, codeSchemaVersion(options.migrationsFolder));
  const dataFile = join(backupFolder(path), manifest.data.file);
  const key = options.key.derive(Buffer.from(manifest.encryption.salt, 'hex')).data;
  const restored =
    'url' in target
      ? await restorePostgres(dataFile, key, manifest, target.url, tables.length, onProgress)
      : await restorePglite(dataFile, key, manifest, target.dataDir);
  return { manifest, tables: restored };

  async function restorePglite(dataFile: string, key: Buffer, manifest: Manifest, dataDir: string) {
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0)
      throw new BackupRefused(`${dataDir} is not empty: restore into a data directory no database has used`);
    const chunks: Buffer[] = [];
    await openData(
      dataFile,
      key,
      manifest,
      new Writable({
        write(chunk: Buffer, _, callback) {
          chunks.push(chunk);
          callback();
        },
      }),
    );
    ensurePrivateDirectory(dataDir);
    try {
      const client = await PGlite.create({ dataDir, loadDataDir: new Blob([Buffer.concat(chunks)]) });
      try {
        await checkRestored(drizzlePglite(client) as unknown as Db);
      } finally {
        await client.close();
      }
      return tables;
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  async function restorePostgres(
    dataFile: string,
    key: Buffer,
    manifest: Manifest,
    url: string,
    total: number,
    onProgress?: BackupProgress,
  ) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const db = drizzleNodePg(client) as unknown as Db;
      const [row] = await queryRows<{ relations: number }>(
        db,
        sql`SELECT count(*)::int AS relations FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`,
      );
      if (row?.relations)
        throw new BackupRefused(
          `the target database is not empty (${row.relations} relations): restore into a new, empty database`,
        );
      let done = 0;
      const restore = pgRestore(url, () => onProgress?.('restoring tables', ++done, total));
      // pg_restore runs in one transaction: if the data stops authenticating halfway, it is
      // stopped and nothing of the backup stays.
      await alongside(openData(dataFile, key, manifest, restore.child.stdin as Writable), restore);
      try {
        await checkRestored(db);
      } catch (error) {
        await client.query(
          'DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public',
        );
        throw error;
      }
      return tables;
    } finally {
      await client.end();
    }
  }

  async function checkRestored(db: Db) {
    const found = await db.transaction((tx) => fingerprintTables(tx as unknown as Db));
    const differences = fingerprintDifferences(tables, found);
    if (differences.length)
      throw new Error(
        `the restored database is not the backup's (${differences.join('; ')}); it was removed`,
      );
  }
}

const describeDriver = (driver: 'pglite' | 'postgres') =>
  driver === 'postgres' ? 'a PostgreSQL server' : 'an embedded (PGlite) database';

function refuseNewerSchema(manifest: Manifest, code: SchemaVersion): void {
  const backup = manifest.schema;
  if (backup.latest > code.latest || backup.migrations > code.migrations)
    throw new BackupRefused(
      `the backup's schema is newer than this version of Tokumei knows (${backup.migrations} migrations, this version has ${code.migrations}): restore it with Tokumei ${manifest.tokumeiVersion}, which made it, or a newer one`,
    );
}

/** The service's complete backups, newest first. */
export function listBackups(dir: string, service: string): BackupEntry[] {
  const root = join(dir, service);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .flatMap((e) => {
      const path = join(root, e.name);
      try {
        return [{ path, manifest: readManifest(join(path, MANIFEST_FILE)) }];
      } catch {
        return []; // not a backup: left alone, neither listed nor deleted
      }
    })
    .sort((a, b) => b.manifest.createdAt.localeCompare(a.manifest.createdAt));
}

/** Deletes all but the newest `keep` backups of a service, and partial ones a dead run left. */
export function pruneBackups(dir: string, service: string, keep: number): string[] {
  const root = join(dir, service);
  const old = listBackups(dir, service)
    .slice(keep)
    .map((b) => b.path);
  const abandoned = readdirSync(root)
    .filter((name) => name.endsWith('.partial'))
    .map((name) => join(root, name))
    .filter((path) => Date.now() - statSync(path).mtimeMs > PARTIAL_GRACE_MS);
  for (const path of [...old, ...abandoned]) rmSync(path, { recursive: true, force: true });
  return old;
}
