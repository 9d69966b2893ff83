import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../db/database.ts';

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
    : { name: 'postgres', available: false, skipReason: 'TOKUMEI_TEST_DATABASE_URL is not set' },
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
    const database = await openDatabase({ location: { memory: true }, migrationsFolder });
    return { database, drop: () => database.close() } satisfies TestDatabase;
  }
  const url = await createServerDatabase();
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

export async function createServerDatabase(): Promise<string> {
  if (!serverUrl) throw new Error('TOKUMEI_TEST_DATABASE_URL is not set');
  const name = `tokumei_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
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

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
