import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, type DatabaseLocation, type Db, openDatabase } from '../db/database.ts';
import { createServerDatabase, dropServerDatabase } from './databases.ts';

/**
 * A copy of a migrations folder as it stood up to migration `lastIdx`, for tests of a later
 * migration on data written the old way. `remove()` deletes the copy.
 */
export function migrationsUpTo(folder: string, lastIdx: number): { folder: string; remove(): void } {
  const copy = mkdtempSync(join(tmpdir(), 'tokumei-migrations-'));
  cpSync(folder, copy, { recursive: true });
  const journalPath = join(copy, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= lastIdx);
  writeFileSync(journalPath, JSON.stringify(journal));
  return { folder: copy, remove: () => rmSync(copy, { recursive: true, force: true }) };
}

/**
 * A database that outlives one connection, so that a test can open it with old migrations,
 * write, close and open it again with all of them: PGlite in a temporary directory, or a
 * database of its own on the PostgreSQL server.
 */
export async function reopenableLocation(
  kind: 'pglite' | 'postgres',
): Promise<{ location: DatabaseLocation; remove(): Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'tokumei-reopen-'));
    return {
      location: { dataDir: join(dir, 'pgdata') },
      remove: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = await createServerDatabase();
  return { location: { url }, remove: () => dropServerDatabase(url) };
}

/**
 * A database holding data written the old way, for a test of a later migration: migrated up to
 * `lastIdx` of `folder`, written by `write`, closed, and opened again with every migration.
 * `remove()` closes and deletes it.
 */
export async function migratedAfterWriting(
  kind: 'pglite' | 'postgres',
  folder: string,
  lastIdx: number,
  write: (db: Db) => Promise<void>,
): Promise<{ database: Database; remove(): Promise<void> }> {
  const before = migrationsUpTo(folder, lastIdx);
  const place = await reopenableLocation(kind);
  const cleanup = async (database?: Database) => {
    await database?.close();
    before.remove();
    await place.remove();
  };
  try {
    const old = await openDatabase({ location: place.location, migrationsFolder: before.folder });
    try {
      await write(old.db);
    } finally {
      await old.close();
    }
    const database = await openDatabase({ location: place.location, migrationsFolder: folder });
    return { database, remove: () => cleanup(database) };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
