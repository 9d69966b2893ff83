import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { ensurePrivateDirectory } from '../private-files.ts';

/** The one query layer both drivers share. */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that runs a query: the database itself or an open transaction. */
export type Executor = Db | Tx;

/** In memory, optionally from a dumped data directory (see `dumpMigratedPglite`). */
export type DatabaseLocation = { url: string } | { dataDir: string } | { memory: true; loadDataDir?: Blob };

export interface Database {
  readonly db: Db;
  readonly driver: 'pglite' | 'postgres';
  /** Calls `onNotify` whenever NOTIFY is sent on `channel`, from any process; returns an unsubscribe. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Runs `work` on one connection of its own, outside any transaction: for what belongs to a
   * session, such as an advisory lock held across statements that cannot run in a transaction.
   */
  withSession<T>(work: (db: Db) => Promise<T>): Promise<T>;
  /** The connection pool's use, for metrics; null for PGlite, which is one connection. */
  poolStats(): { total: number; idle: number; waiting: number } | null;
  /**
   * Runs `work` in one read-only transaction that sees one moment of the whole database, with
   * what a backup needs to copy that same moment (see platform/backup).
   */
  atOneMoment<T>(work: (tx: Db, moment: Moment) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * One moment of a database, for a copy: on PostgreSQL an exported snapshot that `pg_dump
 * --snapshot` reads; on PGlite its data directory, dumped while nothing else runs.
 */
export type Moment =
  | { driver: 'postgres'; url: string; snapshot: string }
  | { driver: 'pglite'; dumpDataDir: () => Promise<Blob> };

const ONE_MOMENT = { isolationLevel: 'repeatable read', accessMode: 'read only' } as const;

export interface OpenOptions {
  location: DatabaseLocation;
  migrationsFolder: string;
  poolSize?: number;
  /** False to open the database as it is, e.g. to back it up: by default it is migrated first. */
  migrate?: boolean;
  /** Server settings for every connection, e.g. `{ max_parallel_workers_per_gather: '0' }`. */
  serverSettings?: Record<string, string>;
}

/**
 * A service's own database as configured: its PostgreSQL server when it has a URL, else PGlite
 * in `pgdata` under its data directory.
 */
export const openServiceDatabase = async (
  service: { databaseUrl?: string; dataDir: string },
  options: Omit<OpenOptions, 'location'>,
): Promise<Database> => {
  if (service.databaseUrl) return openDatabase({ ...options, location: { url: service.databaseUrl } });
  ensurePrivateDirectory(service.dataDir);
  return openDatabase({ ...options, location: { dataDir: join(service.dataDir, 'pgdata') } });
};

/** Opens PGlite (embedded, one data directory per service) or a PostgreSQL server, then migrates. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const { location } = options;
  if ('url' in location) return openPostgres(location.url, options);
  const client = await openPglite(location, options.migrate === false ? undefined : options.migrationsFolder);
  const db = drizzlePglite(client);
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    listen: async (channel, onNotify) => client.listen(channel, onNotify),
    // PGlite is one connection: every statement already runs in its one session.
    withSession: (work) => work(db as unknown as Db),
    poolStats: () => null,
    // A PGlite transaction holds the one connection: no other statement runs until it ends.
    atOneMoment: (work) =>
      db.transaction(
        (tx) =>
          work(tx as unknown as Db, { driver: 'pglite', dumpDataDir: () => client.dumpDataDir('gzip') }),
        ONE_MOMENT,
      ),
    close: () => client.close(),
  };
}

async function openPglite(
  location: Exclude<DatabaseLocation, { url: string }>,
  migrationsFolder: string | undefined,
): Promise<PGlite> {
  const dataDir = 'dataDir' in location ? location.dataDir : undefined;
  // PGlite's files take the directory's protection: no other account may read a page or the WAL.
  if (dataDir) ensurePrivateDirectory(dataDir);
  const client = await PGlite.create({
    dataDir,
    loadDataDir: 'loadDataDir' in location ? location.loadDataDir : undefined,
  });
  if (migrationsFolder) await migratePglite(drizzlePglite(client), { migrationsFolder });
  return client;
}

/**
 * A freshly migrated in-memory database's data directory, as a tarball to open copies of with
 * `{ memory: true, loadDataDir }`: a copy starts in about a third of the time of initdb.
 */
export async function dumpMigratedPglite(migrationsFolder: string): Promise<Blob> {
  const client = await openPglite({ memory: true }, migrationsFolder);
  try {
    return await client.dumpDataDir('gzip');
  } finally {
    await client.close();
  }
}

function postgresPool(url: string, options: Pick<OpenOptions, 'poolSize' | 'serverSettings'>): pg.Pool {
  const settings = Object.entries(options.serverSettings ?? {}).map(([k, v]) => `-c ${k}=${v}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    options: settings.join(' ') || undefined,
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on the next checkout.
  });
  return pool;
}

/**
 * A streaming replica of a service's PostgreSQL database, for reading: nothing is migrated
 * there (it follows its primary), and every transaction is read-only, so a write sent there by
 * mistake fails instead of reaching a standby that would refuse it anyway.
 */
export function openReplica(
  url: string,
  options: Pick<OpenOptions, 'poolSize' | 'serverSettings'>,
): { db: Db; close(): Promise<void> } {
  const pool = postgresPool(url, {
    ...options,
    serverSettings: { ...options.serverSettings, default_transaction_read_only: 'on' },
  });
  return { db: drizzleNodePg(pool) as unknown as Db, close: () => pool.end() };
}

/** Waits before connecting the listener again after it lost its connection: doubling, at most this. */
const LISTENER_MAX_BACKOFF_MS = 30_000;

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  if (options.migrate !== false) await migratePostgresOnce(url, options.migrationsFolder);
  const pool = postgresPool(url, options);
  const db = drizzleNodePg(pool);
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let listener: Promise<pg.Client> | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;

  /**
   * One connection LISTENs for the process. When it is lost (the server restarted, a failover,
   * an operator ended it), it is made again, backing off, and every channel is listened to
   * anew; what was sent meanwhile is missed, which is why each listener also polls (see
   * SellerEventHub, KindCache).
   */
  const connectListener = (failures: number): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: url, application_name: 'tokumei-listen' });
    let connected = false;
    let gone = false;
    const lost = () => {
      if (gone) return;
      gone = true;
      client.end().catch(() => {});
      if (closed) return;
      listener = undefined;
      // After a connection that worked, the first retry comes soon; after failed ones, later.
      const attempt = connected ? 0 : failures + 1;
      retryTimer = setTimeout(
        () => {
          retryTimer = undefined;
          listener = connectListener(attempt);
          listener.catch(() => {}); // a failed attempt has scheduled the next one
        },
        Math.min(1000 * 2 ** attempt, LISTENER_MAX_BACKOFF_MS),
      );
      retryTimer.unref();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (msg) => {
      for (const handler of handlers.get(msg.channel) ?? []) handler(msg.payload ?? '');
    });
    return (async () => {
      try {
        await client.connect();
        for (const channel of handlers.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        connected = true;
        return client;
      } catch (error) {
        lost();
        throw error;
      }
    })();
  };

  return {
    db: db as unknown as Db,
    driver: 'postgres',
    async listen(channel, onNotify) {
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        // While a lost listener waits to connect again, it will listen to this channel too.
        if (listener) await (await listener).query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        else if (!retryTimer) {
          listener = connectListener(0);
          await listener;
        }
      }
      set.add(onNotify);
      return async () => {
        set.delete(onNotify);
      };
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async withSession(work) {
      const client = await pool.connect();
      try {
        return await work(drizzleNodePg(client) as unknown as Db);
      } finally {
        client.release();
      }
    },
    atOneMoment: (work) =>
      db.transaction(async (tx) => {
        const [row] = await queryRows<{ snapshot: string }>(tx, sql`SELECT pg_export_snapshot() AS snapshot`);
        return work(tx as unknown as Db, {
          driver: 'postgres',
          url,
          snapshot: (row as { snapshot: string }).snapshot,
        });
      }, ONE_MOMENT),
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      const current = listener;
      listener = undefined;
      await current?.then((client) => client.end()).catch(() => {});
      await pool.end();
    },
  };
}

/** Several processes may start at once against one server: an advisory lock lets one migrate. */
async function migratePostgresOnce(url: string, migrationsFolder: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('tokumei.migrate'))`);
    await migrateNodePg(drizzleNodePg(client), { migrationsFolder });
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext('tokumei.migrate'))`).catch(() => {});
    await client.end();
  }
}

/** Rows of a raw statement; both drivers return `{ rows }`. */
export async function queryRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export const notify = (executor: Executor, channel: string, payload: string) =>
  executor.execute(sql`SELECT pg_notify(${channel}, ${payload})`);
