import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBackup } from '../platform/backup/backup.ts';
import { newBackupKeyText, readBackupKey } from '../platform/backup/backup-key.ts';
import { openDatabase, queryRows } from '../platform/db/database.ts';
import { writePrivateFile } from '../platform/private-files.ts';
import {
  createServerDatabase,
  dropServerDatabase,
  seedEmbeddedDataDir,
} from '../platform/testing/databases.ts';
import { describeEachDatabase } from '../platform/testing/for-each-database.ts';
import { startServiceProcess } from '../platform/testing/service-process.ts';
import { SETTLEMENT_MIGRATIONS } from '../settlement/db/migrations-folder.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `tokumei backup`, `backup verify`, `backup list`, `backup key` and `restore` as the operator
 * runs them on the settlement host: real processes on settlement's own database, embedded or on
 * the PostgreSQL server.
 */
describeEachDatabase('the backup commands', (kind) => {
  let dir: string;
  let source: Record<string, string>;
  let target: Record<string, string>;
  const dropped: string[] = [];

  /**
   * A settlement database of its own for each role: a data directory, or a database on the
   * server. An embedded source is made as settlement's earlier run would have left it (from this
   * run's migrated snapshot); the target is empty, as a restore wants it.
   */
  async function settlementAt(name: string, made: boolean): Promise<Record<string, string>> {
    if (kind === 'pglite') {
      if (made) await seedEmbeddedDataDir(join(dir, name), SETTLEMENT_MIGRATIONS);
      return { TOKUMEI_SETTLEMENT_DATA_DIR: join(dir, name) };
    }
    const url = await createServerDatabase();
    dropped.push(url);
    return { TOKUMEI_SETTLEMENT_DATABASE_URL: url, TOKUMEI_SETTLEMENT_DATA_DIR: join(dir, name) };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tokumei-backup-cli-'));
    source = await settlementAt('source', true);
    target = await settlementAt('target', false);
  });
  afterAll(async () => {
    for (const url of dropped) await dropServerDatabase(url);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `tokumei` on the host; never rejects, so the exit code can be checked. */
  function tokumei(
    args: string[],
    settlement = source,
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^TOKUMEI_(SETTLEMENT|BACKUP)_/.test(name)),
    );
    Object.assign(env, settlement, {
      TOKUMEI_SETTLEMENT_SECRET_KEY: 'a-settlement-secret-of-at-least-32-characters',
      TOKUMEI_SETTLEMENT_DEMO_DATA: 'false',
      TOKUMEI_BACKUP_DIR: join(dir, 'backups'),
      TOKUMEI_BACKUP_KEY_FILE: join(dir, 'backup.key'),
    });
    return new Promise((resolve) => {
      execFile(process.execPath, ['bin/tokumei.js', ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
        resolve({ code: error ? ((error.code as number) ?? 1) : 0, stdout, stderr });
      });
    });
  }

  async function instruments(settlement: Record<string, string>): Promise<number> {
    const url = settlement.TOKUMEI_SETTLEMENT_DATABASE_URL;
    const database = await openDatabase({
      location: url ? { url } : { dataDir: join(settlement.TOKUMEI_SETTLEMENT_DATA_DIR as string, 'pgdata') },
      migrationsFolder: SETTLEMENT_MIGRATIONS,
    });
    try {
      const [row] = await queryRows<{ n: number }>(
        database.db,
        sql`SELECT count(*)::int AS n FROM instruments`,
      );
      return row?.n ?? -1;
    } finally {
      await database.close();
    }
  }

  it('makes a key, backs settlement up, lists and verifies the backup, restores it once into an empty database', async () => {
    const key = await tokumei(['backup', 'key', '--out', join(dir, 'backup.key')]);
    expect(key.code, key.stderr).toBe(0);
    expect(statSync(join(dir, 'backup.key')).mode & 0o777).toBe(0o600);
    expect((await tokumei(['backup', 'key', '--out', join(dir, 'backup.key')])).stderr).toMatch(
      /is never overwritten/,
    );

    const issued = await tokumei([
      'cards',
      'issue',
      '--count',
      '3',
      '--value',
      '500',
      '--out',
      join(dir, 'cards.csv'),
    ]);
    expect(issued.code, issued.stderr).toBe(0);

    const backup = await tokumei(['backup', 'settlement']);
    expect(backup.code, backup.stderr).toBe(0);
    const path = /^settlement\s+(\S+)/m.exec(backup.stdout)?.[1] as string;
    expect(path, backup.stdout).toContain(join(dir, 'backups', 'settlement'));

    const listed = await tokumei(['backup', 'list']);
    expect(listed.stdout).toContain(path);
    const verified = await tokumei(['backup', 'verify', path]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/whole and authentic — settlement/);

    const restored = await tokumei(['restore', 'settlement', path], target);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/settlement restored from the backup of .*: \d+ tables checked/);
    expect(await instruments(target)).toBe(3);

    const again = await tokumei(['restore', 'settlement', path], target);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(kind === 'pglite' ? /is in use: restore into an empty one/ : /not empty/);

    if (kind === 'pglite') {
      // An embedded database serves one process: one a running service holds is refused.
      writeFileSync(
        join(source.TOKUMEI_SETTLEMENT_DATA_DIR as string, 'settlement.pid'),
        String(process.pid),
      );
      const refused = await tokumei(['backup', 'settlement']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /settlement is running on .* stop it to back it up, or run it on PostgreSQL/,
      );
    }
  });
});

/**
 * No other process may open a running service's embedded database, so the service backs itself
 * up: `tokumei serve settlement` with TOKUMEI_BACKUP_EVERY, as a real process.
 */
describe('a running embedded service backing itself up', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokumei-self-backup-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a backup at start that verifies, while it runs', async () => {
    const keyFile = join(dir, 'backup.key');
    writePrivateFile(keyFile, newBackupKeyText());
    // Settlement's database as an earlier run left it: the backup is of a database in use.
    await seedEmbeddedDataDir(join(dir, 'settlement'), SETTLEMENT_MIGRATIONS);
    let made: (line: string) => void = () => {};
    const backupMade = new Promise<string>((resolve) => {
      made = resolve;
    });
    const { child } = await startServiceProcess('settlement', {
      env: {
        TOKUMEI_SETTLEMENT_DATA_DIR: join(dir, 'settlement'),
        TOKUMEI_SETTLEMENT_SOCKET: join(dir, 'link', 'settlement.sock'),
        TOKUMEI_BACKUP_DIR: join(dir, 'backups'),
        TOKUMEI_BACKUP_KEY_FILE: keyFile,
        TOKUMEI_BACKUP_EVERY: '24h',
        TOKUMEI_LOG_LEVEL: 'info',
      },
      stderr: 'pipe',
      onLine: (_, line) => {
        if (line.includes('"backup made"')) made(line);
      },
    });
    const exited = new Promise((resolve) => child.once('close', resolve));
    try {
      const line = JSON.parse(await backupMade) as { backup: string };
      const { manifest, tables } = await verifyBackup(line.backup, readBackupKey(keyFile));
      expect(manifest).toMatchObject({ service: 'settlement', database: { driver: 'pglite' } });
      expect(tables.map((t) => t.table)).toContain('public.instruments');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
