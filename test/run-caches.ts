import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { TEMPLATE_PREFIX, withAdmin } from '../src/platform/testing/databases.ts';

/**
 * Vitest global set-up: this run's caches, which the workers and the processes they start
 * inherit by name, all removed at the end of the run.
 * - Migrated PGlite snapshots and PostgreSQL template databases
 *   (src/platform/testing/databases.ts), made as the workers first need them.
 * - Node's compile cache for the `tokumei` processes the tests start: without it each one strips
 *   the types of and compiles every source file again, seconds of CPU a start on 2 cores.
 */
export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'tokumei-test-run-'));
  const run = randomBytes(4).toString('hex');
  process.env.TOKUMEI_TEST_RUN = run;
  process.env.TOKUMEI_TEST_PGLITE_SNAPSHOTS = join(dir, 'pglite');
  process.env.NODE_COMPILE_CACHE = join(dir, 'node-compile-cache');
  mkdirSync(process.env.TOKUMEI_TEST_PGLITE_SNAPSHOTS);
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (!process.env.TOKUMEI_TEST_DATABASE_URL) return;
    await withAdmin(async (client) => {
      const templates = await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE datname LIKE $1',
        [`${TEMPLATE_PREFIX}${run}_%`],
      );
      for (const { datname } of templates.rows)
        await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    });
  };
}
