import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, dumpMigratedPglite, openDatabase } from '../db/database.ts';
import { ensurePrivateDirectory } from '../private-files.ts';

/**
 * The databases the storage and flow tests run on: PGlite always, and PostgreSQL whenever
 * TOKUMEI_TEST_DATABASE_URL names a server. On CI the server is required, so the suite can
 * never pass by skipping it.
 */
export interface TestDatabaseKind {
  name: 'pglite' | 'postgres';
  available: boolean;
  skipReason?: string;
}

const serverUrl = process.env.TOKUMEI_TEST_DATABASE_URL;

if (!serverUrl && process.env.CI) {
  throw new Error('CI is set but TOKUMEI_TEST_DATABASE_URL is not: the PostgreSQL tests must run on CI');
}

export const testDatabaseKinds: TestDatabaseKind[] = [
  { name: 'pglite', available: true },
  serverUrl
    ? { name: 'postgres', available: true }
    : {
        name: 'postgres',
        available: false,
        skipReason: 'TOKUMEI_TEST_DATABASE_URL is not set (postgres://… runs them)',
      },
];

export interface TestDatabase {
  database: Database;
  /** Set for PostgreSQL: the URL of this test's own database, for extra processes. */
  url?: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of the given kind; `drop()` closes and removes it. */
export async function createTestDatabase(kind: TestDatabaseKind['name'], migrationsFolder: string) {
  if (kind === 'pglite') {
    const loadDataDir = await migratedPglite(migrationsFolder);
    // openDatabase migrates again, which finds nothing to do unless the snapshot were stale.
    const database = await openDatabase({ location: { memory: true, loadDataDir }, migrationsFolder });
    return { database, drop: () => database.close() } satisfies TestDatabase;
  }
  const url = await createServerDatabase(await migratedTemplate(migrationsFolder));
  // As on PGlite, migrating the copy again finds nothing to do.
  const database = await openDatabase({ location: { url }, migrationsFolder, poolSize: 20 });
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      await dropServerDatabase(url);
    },
  } satisfies TestDatabase;
}

/**
 * PGlite's initdb and the migrations cost seconds a database on 2 cores, so each migrations
 * folder is migrated once per run and every test opens its own copy of the result. The copies
 * live in the directory the global setup (test/run-caches.ts) names, shared by the
 * workers, keyed by the folder's contents; without it, once per process.
 */
const snapshots = new Map<string, Promise<Blob>>();

function migratedPglite(migrationsFolder: string): Promise<Blob> {
  const key = migrationsHash(migrationsFolder);
  let snapshot = snapshots.get(key);
  if (!snapshot) {
    snapshot = loadOrDumpSnapshot(migrationsFolder, key);
    snapshots.set(key, snapshot);
  }
  return snapshot;
}

/**
 * A service's data directory whose embedded database exists and is migrated, as a service's
 * earlier run would have left it (`<dataDir>/pgdata`), for a test of a process that starts on a
 * database that is not new: PGlite writes it from this run's migrated snapshot (as a restore
 * does), instead of each such process spending seconds of CPU on initdb and the migrations.
 */
export async function seedEmbeddedDataDir(dataDir: string, migrationsFolder: string): Promise<void> {
  ensurePrivateDirectory(dataDir);
  // Owner-only before PGlite writes into it, as the service makes it (and requires it).
  const pgdata = join(dataDir, 'pgdata');
  ensurePrivateDirectory(pgdata);
  const client = await PGlite.create({
    dataDir: pgdata,
    loadDataDir: await migratedPglite(migrationsFolder),
  });
  await client.close();
}

async function loadOrDumpSnapshot(migrationsFolder: string, key: string): Promise<Blob> {
  const dir = process.env.TOKUMEI_TEST_PGLITE_SNAPSHOTS;
  const file = dir && join(dir, `${key}.tgz`);
  if (file) {
    try {
      return new Blob([readFileSync(file)]);
    } catch {
      // Not made yet: this process makes it.
    }
  }
  const dump = await dumpMigratedPglite(migrationsFolder);
  if (file) {
    // Written aside and renamed, so another worker reads a whole snapshot or none.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
    renameSync(partial, file);
  }
  return dump;
}

function migrationsHash(folder: string): string {
  const hash = createHash('sha256');
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort()) {
    hash.update(entry.slice(folder.length)).update(readFileSync(entry));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * On PostgreSQL likewise: per run and migrations folder one database is migrated, named after
 * the run (TOKUMEI_TEST_RUN, from test/run-caches.ts, which drops them at the end), and each
 * test's database is created as a copy of it. Outside such a run, each is migrated itself.
 */
const templates = new Map<string, Promise<string | undefined>>();

function migratedTemplate(migrationsFolder: string): Promise<string | undefined> {
  const run = process.env.TOKUMEI_TEST_RUN;
  if (!run) return Promise.resolve(undefined);
  const name = `${TEMPLATE_PREFIX}${run}_${migrationsHash(migrationsFolder)}`;
  let template = templates.get(name);
  if (!template) {
    template = makeTemplate(name, migrationsFolder).then(() => name);
    templates.set(name, template);
  }
  return template;
}

/** What every run's template databases are named by, so its teardown finds them. */
export const TEMPLATE_PREFIX = 'tokumei_template_';

/** The first worker to take the lock migrates the template; the others find it made. */
async function makeTemplate(name: string, migrationsFolder: string): Promise<void> {
  await withAdmin(async (client) => {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    const made = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (made.rowCount) return;
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    const url = new URL(serverUrl as string);
    url.pathname = `/${name}`;
    // Closed again before any copy is made: PostgreSQL copies no database anyone is connected to.
    const database = await openDatabase({ location: { url: url.toString() }, migrationsFolder });
    await database.close();
  });
}

/** A new database on the server, empty or a copy of `template`; returns its URL. */
export async function createServerDatabase(template?: string): Promise<string> {
  if (!serverUrl) throw new Error('TOKUMEI_TEST_DATABASE_URL is not set');
  const name = `tokumei_test_${randomBytes(6).toString('hex')}`;
  const from = template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : '';
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}${from}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropServerDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await withAdmin((client) =>
    client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
  );
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
