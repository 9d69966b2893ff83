import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { migratedAfterWriting } from '../../platform/testing/migrations.ts';
import { MARKET_MIGRATIONS } from '../db/migrations-folder.ts';
import { extendKind, getKind } from './kinds.ts';

/** Descriptions as markets stored them before migration 0011: one text, in either language. */
const BEFORE: Record<string, string> = {
  bicycle: ' Road and city bicycles ',
  'rice-cooker': '家庭用の炊飯器（IH・圧力IH・マイコン）',
  kana: 'ケトル for the kitchen',
  none: '',
  blank: '   ',
};

/**
 * Migration 0011 on kinds with one description each: English stays English, one in Japanese
 * script becomes the Japanese text (the demo's Japanese kinds had those), and none stays none.
 */
describeEachDatabase('migration 0011: kinds’ descriptions by language', (dbKind) => {
  let database: Database;
  let remove: () => Promise<void>;

  beforeAll(async () => {
    ({ database, remove } = await migratedAfterWriting(dbKind, MARKET_MIGRATIONS, 10, async (db) => {
      for (const [id, description] of Object.entries(BEFORE)) {
        await db.execute(sql`INSERT INTO kinds (id, names, description, attributes, created_at, updated_at)
          VALUES (${id}, ${JSON.stringify({ en: id })}::jsonb, ${description}, '[]'::jsonb, now(), now())`);
      }
    }));
  });
  afterAll(() => remove?.());

  it('gives each description the language of its script, trimmed, and none as {}', async () => {
    const descriptions = async (id: string) => (await getKind(database.db, id))?.descriptions;
    expect(await descriptions('bicycle')).toEqual({ en: 'Road and city bicycles' });
    expect(await descriptions('rice-cooker')).toEqual({ ja: '家庭用の炊飯器（IH・圧力IH・マイコン）' });
    expect(await descriptions('kana')).toEqual({ ja: 'ケトル for the kitchen' });
    expect(await descriptions('none')).toEqual({});
    expect(await descriptions('blank')).toEqual({});
  });

  it('lets a migrated description be given its other language', async () => {
    const changed = await extendKind(
      database.db,
      'rice-cooker',
      { description: { en: 'Rice cookers for the home' } },
      new Date(),
    );
    expect(changed.ok && changed.value.descriptions).toEqual({
      ja: '家庭用の炊飯器（IH・圧力IH・マイコン）',
      en: 'Rice cookers for the home',
    });
  });
});
