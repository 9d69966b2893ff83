import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestDatabaseKind } from './databases.ts';

/**
 * A real streaming standby of the test server (TOKUMEI_TEST_DATABASE_URL): `pg_basebackup` into
 * a temporary cluster that listens on a Unix socket in its own directory only (no port to
 * collide with), started with the server's own binaries, run as the `postgres` account when the
 * tests run as root (PostgreSQL refuses root). The server must allow replication connections
 * from the tests (`.ci/run` allows them on CI's own server).
 */
const serverUrl = process.env.TOKUMEI_TEST_DATABASE_URL;

/** The account the cluster runs as: PostgreSQL refuses root, so root runs it as `postgres`. */
function clusterOwner(): { uid: number; gid: number } | Record<string, never> {
  if (userInfo().uid !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** The server's binaries, or why a standby cannot be made here. */
function findBinaries(): string | { reason: string } {
  if (!serverUrl) return { reason: 'TOKUMEI_TEST_DATABASE_URL is not set' };
  const psql = (url: string, command: string) =>
    execFileSync('psql', [url, '-Atc', command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  let major: string;
  try {
    major = psql(serverUrl, 'SELECT current_setting($$server_version_num$$)::int / 10000').trim();
    // A physical replication connection, as pg_basebackup opens, is refused unless a
    // `replication` line of pg_hba.conf allows it (a logical one is matched as a plain connection).
    psql(`${serverUrl}${serverUrl.includes('?') ? '&' : '?'}replication=true`, 'IDENTIFY_SYSTEM');
    clusterOwner();
  } catch {
    return {
      reason:
        'psql cannot open a replication connection to the test server (no psql, or no replication line in pg_hba.conf)',
    };
  }
  const dir = `/usr/lib/postgresql/${major}/bin`;
  if (!existsSync(join(dir, 'postgres')) || !existsSync(join(dir, 'pg_basebackup')))
    return { reason: `PostgreSQL ${major}'s server binaries are not in ${dir}` };
  return dir;
}

const binaries = findBinaries();

if (typeof binaries !== 'string' && serverUrl && process.env.CI) {
  throw new Error(`CI is set but a standby of the test server cannot be made: ${binaries.reason}`);
}

/** Where the replica suites run: on PostgreSQL, when a standby can be made here. */
export const standbyKinds: TestDatabaseKind[] = [
  typeof binaries === 'string'
    ? { name: 'postgres', available: true }
    : { name: 'postgres', available: false, skipReason: binaries.reason },
];

/** The primary's settings a hot standby must at least match, or it refuses to start. */
const MATCHED = [
  'max_connections',
  'max_worker_processes',
  'max_wal_senders',
  'max_prepared_transactions',
  'max_locks_per_transaction',
];

export interface Standby {
  /** The URL of `database` on the standby. */
  urlOf(database: string): string;
  /** Resolves once the standby has replayed everything the primary had written when called. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStandby(): Promise<Standby> {
  if (typeof binaries !== 'string' || !serverUrl) throw new Error('no standby can be made here');
  const owner = clusterOwner();
  const root = mkdtempSync(join(tmpdir(), 'tokumei-standby-'));
  if ('uid' in owner) chownSync(root, owner.uid, owner.gid);
  const data = join(root, 'data');
  const primary = new pg.Client({ connectionString: serverUrl });
  await primary.connect();
  let server: ChildProcess | undefined;
  try {
    execFileSync(
      join(binaries, 'pg_basebackup'),
      ['-d', serverUrl, '-D', data, '-X', 'stream', '-R', '-c', 'fast'],
      {
        ...owner,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    // Its settings on the command line, over any the backup brought along: a socket in its own
    // directory and no TCP port, and what a hot standby must match of its primary.
    const settings = [`listen_addresses=`, `unix_socket_directories=${root}`, 'hot_standby=on'];
    for (const name of MATCHED) {
      settings.push(`${name}=${(await primary.query(`SHOW ${name}`)).rows[0][name]}`);
    }
    // The server's configuration files may live outside its data directory (Debian).
    for (const [name, text] of [
      ['postgresql.conf', ''],
      ['pg_hba.conf', 'local all all trust\n'],
    ] as const) {
      writeFileSync(join(data, name), text, { mode: 0o600 });
      if ('uid' in owner) chownSync(join(data, name), owner.uid, owner.gid);
    }
    const log = openSync(join(root, 'standby.log'), 'a');
    server = spawn(join(binaries, 'postgres'), ['-D', data, ...settings.flatMap((c) => ['-c', c])], {
      ...owner,
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const exited = new Promise<never>((_, reject) =>
      server?.once('exit', (code) =>
        reject(new Error(`the standby exited (${code}); see ${root}/standby.log`)),
      ),
    );
    exited.catch(() => {});
    const urlOf = (database: string) => `postgres://postgres@/${database}?host=${encodeURIComponent(root)}`;
    await Promise.race([exited, accepting(urlOf('postgres'))]);
    const started = server;
    return {
      urlOf,
      async caughtUp() {
        const { rows } = await primary.query('SELECT pg_current_wal_lsn()::text AS lsn');
        const standby = new pg.Client({ connectionString: urlOf('postgres') });
        await standby.connect();
        try {
          await standby.query(
            `DO $$ BEGIN
               WHILE pg_last_wal_replay_lsn() < '${rows[0].lsn}'::pg_lsn LOOP PERFORM pg_sleep(0.02); END LOOP;
             END $$`,
          );
        } finally {
          await standby.end();
        }
      },
      async stop() {
        await primary.end();
        const gone = new Promise((resolve) => started.once('exit', resolve));
        // Fast shutdown: the standby's data is thrown away with its directory.
        started.kill('SIGINT');
        await gone;
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    server?.kill('SIGKILL');
    await primary.end();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/** Resolves once the cluster at `url` accepts connections (a standby takes a moment to start). */
async function accepting(url: string): Promise<void> {
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
