import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type DatabaseLocation, openDatabase, queryRows } from '../db/database.ts';
import { migrationsFolder, SCHEMA } from '../testing/backup-schema.ts';
import { createServerDatabase, dropServerDatabase } from '../testing/databases.ts';
import { describeEachDatabase, describeOnPostgres } from '../testing/for-each-database.ts';
import { reopenableLocation } from '../testing/migrations.ts';
import { backupDatabase, listBackups, restoreBackup, verifyBackup } from './backup.ts';
import { BackupKey } from './backup-key.ts';
import { BackupRefused } from './manifest.ts';

const LATER = 'ALTER TABLE holders ADD COLUMN note text;';
const MARKER = 'Holder-Name-That-Must-Not-Be-Readable';

async function fill(database: Database, from: number, count: number) {
  for (let i = from; i < from + count; i++) {
    await database.db.execute(
      sql`INSERT INTO holders (name, born, limits, secret, ratio, span)
          VALUES (${`${MARKER} ${i}`}, ${new Date(Date.UTC(1990, 0, 1 + i)).toISOString()}::timestamptz,
            ${JSON.stringify({ limit: i * 1000, tiers: [i, null] })}::jsonb, decode(${`0${i % 10}ff`}, 'hex'),
            ${i / 3}, ${`${i} hours`}::interval)`,
    );
  }
}

/** Every row, as the database gives it: what a restore must give back exactly. */
const rows = (db: Database['db']) =>
  queryRows(
    db,
    sql`SELECT id, name, born::text, limits, encode(secret, 'hex') AS secret, ratio, span::text FROM holders ORDER BY id`,
  );

describeEachDatabase('backup and restore', (kind) => {
  const key = new BackupKey(randomBytes(32));
  let root: string;
  let folder: string;
  let source: { location: DatabaseLocation; remove(): Promise<void> };
  let database: Database;
  const cleanups: (() => Promise<void>)[] = [];

  /** A target no database has used: a new empty one on the server, or a data directory not yet made. */
  async function emptyTarget(): Promise<{ url: string } | { dataDir: string }> {
    if (kind === 'postgres') {
      const url = await createServerDatabase();
      cleanups.push(() => dropServerDatabase(url));
      return { url };
    }
    return { dataDir: join(mkdtempSync(join(root, 'target-')), 'pgdata') };
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tokumei-backup-'));
    folder = migrationsFolder(root, [SCHEMA]);
    source = await reopenableLocation(kind);
    database = await openDatabase({ location: source.location, migrationsFolder: folder });
    await fill(database, 0, 40);
  });
  afterAll(async () => {
    await database?.close();
    await source?.remove();
    for (const cleanup of cleanups) await cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  it('restores exactly the rows backed up into an empty database, from owner-only files that hide them', async () => {
    const dir = join(root, 'plain');
    const before = await rows(database.db);
    const backup = await backupDatabase(database, { service: 'holders', dir, key, keep: 5 });
    await fill(database, 40, 5); // after the backup: not in it

    expect(backup.manifest).toMatchObject({
      service: 'holders',
      database: { driver: kind },
      schema: { migrations: 1, latest: 1_700_000_000_000 },
      encryption: { keyId: key.id },
    });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(backup.path).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(backup.path)) {
      expect(statSync(join(backup.path, file)).mode & 0o777, file).toBe(0o600);
      expect(readFileSync(join(backup.path, file)).includes(MARKER), file).toBe(false);
    }

    const { tables } = await verifyBackup(backup.path, key);
    expect(tables).toContainEqual(expect.objectContaining({ table: 'public.holders', rows: 40 }));

    const target = await emptyTarget();
    await restoreBackup(backup.path, target, { service: 'holders', key, migrationsFolder: folder });
    const restored = await openDatabase({
      location: 'url' in target ? { url: target.url } : { dataDir: target.dataDir },
      migrationsFolder: folder,
    });
    try {
      expect(await rows(restored.db)).toEqual(before);
    } finally {
      await restored.close();
    }
  });

  it('copies one moment while writes go on: no transaction is found half in it', async () => {
    const folderPairs = join(root, 'pairs');
    const before = (await rows(database.db)).length;
    let writing = true;
    const writer = (async () => {
      let pairs = 0;
      while (writing) {
        await database.db.transaction(async (tx) => {
          for (let i = 0; i < 2; i++)
            await tx.execute(sql`INSERT INTO holders (name) VALUES (${`pair ${pairs}`})`);
        });
        pairs++;
        // As requests would: PGlite's one connection is not handed over to a loop that never waits.
        await new Promise((r) => setImmediate(r));
      }
      return pairs;
    })();
    // Writes are under way before the backup's moment and go on after it.
    while ((await rows(database.db)).length < before + 20) await new Promise((r) => setImmediate(r));
    const backup = await backupDatabase(database, {
      service: 'holders',
      dir: folderPairs,
      key,
      keep: 1,
    }).finally(() => {
      writing = false;
    });
    const written = await writer;
    const target = await emptyTarget();
    await restoreBackup(backup.path, target, { service: 'holders', key, migrationsFolder: folder });
    const restored = await openDatabase({
      location: 'url' in target ? { url: target.url } : { dataDir: target.dataDir },
      migrationsFolder: folder,
    });
    const paired = (await rows(restored.db)).length - before;
    await restored.close();
    expect(paired % 2).toBe(0);
    expect(paired / 2).toBeGreaterThan(0);
    expect(paired / 2).toBeLessThanOrEqual(written);
  });

  describe('refusals, each leaving the target as it was', () => {
    let path: string;
    let copies: string;
    beforeAll(async () => {
      path = (
        await backupDatabase(database, { service: 'holders', dir: join(root, 'refusals'), key, keep: 5 })
      ).path;
      copies = join(root, 'copies');
      mkdirSync(copies);
    });

    /** A copy of the backup with `change` made to it. */
    function altered(name: string, change: (copy: string) => void): string {
      const copy = join(copies, name);
      mkdirSync(copy);
      for (const file of readdirSync(path)) writeFileSync(join(copy, file), readFileSync(join(path, file)));
      change(copy);
      return copy;
    }

    async function expectRefused(
      backup: string,
      message: RegExp,
      options: { key?: BackupKey; service?: string; folder?: string } = {},
    ) {
      const target = await emptyTarget();
      const refusal = await restoreBackup(backup, target, {
        service: options.service ?? 'holders',
        key: options.key ?? key,
        migrationsFolder: options.folder ?? folder,
      }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(BackupRefused);
      expect((refusal as Error).message).toMatch(message);
      if ('dataDir' in target) expect(existsSync(target.dataDir)).toBe(false);
      else {
        const check = await openDatabase({
          location: { url: target.url },
          migrationsFolder: folder,
          migrate: false,
        });
        try {
          const [row] = await queryRows<{ n: number }>(
            check.db,
            sql`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
          );
          expect(row?.n).toBe(0);
        } finally {
          await check.close();
        }
      }
    }

    it('a wrong key', () =>
      expectRefused(path, /made with backup key .* not with the key given/, {
        key: new BackupKey(randomBytes(32)),
      }));

    it('a corrupted data file', () =>
      expectRefused(
        altered('corrupted', (copy) => {
          const file = join(copy, 'data.enc');
          const bytes = readFileSync(file);
          const middle = Math.floor(bytes.length / 2);
          bytes.writeUInt8((bytes.readUInt8(middle) ^ 0x01) & 0xff, middle);
          writeFileSync(file, bytes);
        }),
        /corrupted: its SHA-256 checksum/,
      ));

    it('a truncated data file', () =>
      expectRefused(
        altered('truncated', (copy) =>
          truncateSync(join(copy, 'data.enc'), statSync(join(copy, 'data.enc')).size - 100),
        ),
        /truncated: \d+ of the \d+ bytes/,
      ));

    it('a manifest changed to match a changed data file', () =>
      expectRefused(
        altered('tampered', (copy) => {
          const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
          writeFileSync(
            join(copy, 'manifest.json'),
            JSON.stringify({ ...manifest, createdAt: new Date(0).toISOString() }),
          );
        }),
        /manifest was changed/,
      ));

    it('not a backup at all', () =>
      expectRefused(join(root, 'copies'), /does not exist: not a Tokumei backup/));

    it("another service's backup", () =>
      expectRefused(path, /backup of holders, not of settlement/, { service: 'settlement' }));

    it('a backup of a newer schema than this version knows', async () => {
      const newer = migrationsFolder(join(root, 'newer'), [SCHEMA, LATER]);
      const later = await reopenableLocation(kind);
      const migrated = await openDatabase({ location: later.location, migrationsFolder: newer });
      try {
        await fill(migrated, 0, 2);
        const backup = await backupDatabase(migrated, {
          service: 'holders',
          dir: join(root, 'newer-backups'),
          key,
          keep: 1,
        });
        await expectRefused(
          backup.path,
          /schema is newer than this version of Tokumei knows \(2 migrations, this version has 1\)/,
        );
      } finally {
        await migrated.close();
        await later.remove();
      }
    });

    it('a target that is not empty', async () => {
      const target = await emptyTarget();
      await restoreBackup(path, target, { service: 'holders', key, migrationsFolder: folder });
      await expect(
        restoreBackup(path, target, { service: 'holders', key, migrationsFolder: folder }),
      ).rejects.toThrow(/not empty/);
    });
  });

  it('keeps the newest backups it is told to, and removes what a dead run left', async () => {
    const dir = join(root, 'retention');
    const first = await backupDatabase(database, { service: 'holders', dir, key, keep: 2 });
    const abandoned = join(dir, 'holders', '.20200101T000000Z-00000000.partial');
    mkdirSync(abandoned);
    const dayAgo = new Date(Date.now() - 25 * 3_600_000);
    utimesSync(abandoned, dayAgo, dayAgo);
    const second = await backupDatabase(database, { service: 'holders', dir, key, keep: 2 });
    const third = await backupDatabase(database, { service: 'holders', dir, key, keep: 2 });
    expect(listBackups(dir, 'holders').map((b) => b.path)).toEqual([third.path, second.path]);
    expect(existsSync(first.path)).toBe(false);
    expect(existsSync(abandoned)).toBe(false);
  });
});

describeOnPostgres('a backup on a host without PostgreSQL’s client programs', () => {
  it('is refused in one line, leaving no partial backup', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tokumei-backup-tools-'));
    const source = await reopenableLocation('postgres');
    const database = await openDatabase({
      location: source.location,
      migrationsFolder: migrationsFolder(root, [SCHEMA]),
    });
    const saved = process.env.TOKUMEI_PG_BIN;
    process.env.TOKUMEI_PG_BIN = join(root, 'no-such-folder');
    try {
      const dir = join(root, 'backups');
      await expect(
        backupDatabase(database, { service: 'holders', dir, key: new BackupKey(randomBytes(32)), keep: 1 }),
      ).rejects.toThrow(
        /pg_dump was not found: install PostgreSQL's client programs .* or set TOKUMEI_PG_BIN/,
      );
      expect(readdirSync(join(dir, 'holders'))).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TOKUMEI_PG_BIN;
      else process.env.TOKUMEI_PG_BIN = saved;
      await database.close();
      await source.remove();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
