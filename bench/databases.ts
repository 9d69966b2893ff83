import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { MARKET_MIGRATIONS } from '../src/market/db/migrations-folder.ts';
import { MARKET_SERVER_SETTINGS } from '../src/market/server.ts';
import { type Database, type DatabaseLocation, openDatabase } from '../src/platform/db/database.ts';

export type BenchDbKind = 'pglite' | 'postgres';

export interface BenchDatabase {
  kind: BenchDbKind;
  /** Where it lives, for the report (no credentials). */
  where: string;
  database: Database;
  /** PostgreSQL only: the database's URL, for a plain `pg` client beside the service's pool. */
  url?: string;
  /** Closes and opens the database again: fresh connections that see database-level settings. */
  reopen(): Promise<Database>;
  /** Closes and removes the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database, the market's unless told otherwise. PGlite lives in a temporary
 * directory, as an installation would; PostgreSQL gets a database of its own on the server,
 * dropped afterwards.
 */
export async function openBenchDatabase(
  kind: BenchDbKind,
  options: {
    pgUrl: string;
    poolSize: number;
    migrationsFolder?: string;
    serverSettings?: Record<string, string>;
  },
): Promise<BenchDatabase> {
  const { migrationsFolder = MARKET_MIGRATIONS, serverSettings = MARKET_SERVER_SETTINGS } = options;
  let location: DatabaseLocation;
  let where: string;
  let remove: () => Promise<void>;
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'tokumei-bench-'));
    location = { dataDir: dir };
    where = 'PGlite (temp dir)';
    remove = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const admin = new URL(options.pgUrl);
    const name = `tokumei_bench_${randomBytes(5).toString('hex')}`;
    await withClient(admin.toString(), (c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
    const url = new URL(admin.toString());
    url.pathname = `/${name}`;
    location = { url: url.toString() };
    where = `${admin.host}/${name}`;
    remove = () =>
      withClient(admin.toString(), (c) =>
        c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
      ).then(() => undefined);
  }
  const open = () =>
    openDatabase({
      location,
      migrationsFolder,
      poolSize: options.poolSize,
      serverSettings,
    });
  let database: Database;
  try {
    database = await open();
  } catch (error) {
    await remove();
    throw error;
  }
  const bench: BenchDatabase = {
    kind,
    where,
    database,
    ...('url' in location && { url: location.url }),
    async reopen() {
      await bench.database.close();
      bench.database = await open();
      return bench.database;
    },
    async drop() {
      await bench.database.close().catch(() => {});
      await remove();
    },
  };
  return bench;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
