import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConfigError } from '../config.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { createLogger } from '../log.ts';
import { writePrivateFile } from '../private-files.ts';
import { migrationsFolder, SCHEMA } from '../testing/backup-schema.ts';
import { describeEachDatabase, describeOnPostgres } from '../testing/for-each-database.ts';
import { reopenableLocation } from '../testing/migrations.ts';
import { listBackups, verifyBackup } from './backup.ts';
import { newBackupKeyText, readBackupKey } from './backup-key.ts';
import { startScheduledBackups } from './scheduled.ts';

const HOUR = 3_600_000;
const log = createLogger('backup-test', 'silent');

/** A database of its own with a key file beside it, in a temporary folder. */
function setup(kind: 'pglite' | 'postgres') {
  const state = {} as {
    root: string;
    keyFile: string;
    folder: string;
    location: Awaited<ReturnType<typeof reopenableLocation>>;
    open(): Promise<Database>;
  };
  beforeAll(async () => {
    state.root = mkdtempSync(join(tmpdir(), 'tokumei-scheduled-'));
    state.keyFile = join(state.root, 'backup.key');
    writePrivateFile(state.keyFile, newBackupKeyText());
    state.folder = migrationsFolder(state.root, [SCHEMA]);
    state.location = await reopenableLocation(kind);
    state.open = () => openDatabase({ location: state.location.location, migrationsFolder: state.folder });
  });
  afterAll(async () => {
    await state.location?.remove();
    rmSync(state.root, { recursive: true, force: true });
  });
  return state;
}

describeEachDatabase('a service backing itself up', (kind) => {
  const state = setup(kind);

  it('backs up at once when none is recent, and not again within the period', async () => {
    const database = await state.open();
    try {
      const settings = { dir: join(state.root, 'backups'), keyFile: state.keyFile, keep: 3, every: HOUR };
      await startScheduledBackups('holders', database, settings, log)?.stop();
      const [made] = listBackups(settings.dir, 'holders');
      expect(made).toBeDefined();
      await verifyBackup(made!.path, readBackupKey(state.keyFile));
      await startScheduledBackups('holders', database, settings, log)?.stop();
      expect(listBackups(settings.dir, 'holders')).toHaveLength(1);
    } finally {
      await database.close();
    }
  });

  it('does nothing without a period, and refuses a period without a key', async () => {
    const database = await state.open();
    try {
      expect(startScheduledBackups('holders', database, { dir: state.root, keep: 1 }, log)).toBeUndefined();
      expect(() =>
        startScheduledBackups('holders', database, { dir: state.root, keep: 1, every: HOUR }, log),
      ).toThrow(ConfigError);
      expect(() =>
        startScheduledBackups(
          'holders',
          database,
          { dir: state.root, keep: 1, every: HOUR, keyFile: join(state.root, 'missing.key') },
          log,
        ),
      ).toThrow(/TOKUMEI_BACKUP_KEY_FILE: cannot read the backup key .*no such file/);
    } finally {
      await database.close();
    }
  });
});

describeOnPostgres('processes of one service backing it up', () => {
  const state = setup('postgres');

  it('make one backup a period between them', async () => {
    const processes = await Promise.all([state.open(), state.open(), state.open()]);
    try {
      const settings = { dir: join(state.root, 'shared'), keyFile: state.keyFile, keep: 5, every: HOUR };
      const started = processes.map((database) => startScheduledBackups('holders', database, settings, log));
      await Promise.all(started.map((s) => s?.stop()));
      expect(listBackups(settings.dir, 'holders')).toHaveLength(1);
    } finally {
      for (const database of processes) await database.close();
    }
  });
});
