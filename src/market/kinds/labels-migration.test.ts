import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Database, queryRows } from '../../platform/db/database.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { migratedAfterWriting } from '../../platform/testing/migrations.ts';
import { MARKET_MIGRATIONS } from '../db/migrations-folder.ts';
import { DEMO_KINDS } from '../demo/demo-kinds.ts';
import { insertDemoKindsBeforeLabels, kindBeforeLabels } from '../testing/kinds-before-labels.ts';
import { attributeView } from './attribute-schema.ts';
import { extendKind, getKind, listKinds } from './kinds.ts';

/**
 * Migration 0010 on kinds stored with one English text each: every text becomes `{ en }`, enum
 * attributes get no value labels, and nothing else about an attribute moves (order, slot, rules).
 */
describeEachDatabase('migration 0010: kinds’ texts by language', (dbKind) => {
  let database: Database;
  let remove: () => Promise<void>;

  beforeAll(async () => {
    ({ database, remove } = await migratedAfterWriting(dbKind, MARKET_MIGRATIONS, 9, (db) =>
      insertDemoKindsBeforeLabels(db, new Date('2026-03-01T00:00:00Z')),
    ));
  });
  afterAll(() => remove?.());

  it('keeps each text as the English one and every attribute where it was', async () => {
    for (const demo of DEMO_KINDS) {
      const old = kindBeforeLabels(demo);
      const kind = await getKind(database.db, demo.id);
      expect(kind?.names).toEqual({ en: old.name });
      expect(kind?.descriptions).toEqual({ en: old.description });
      expect(kind?.attributes.map(attributeView)).toEqual(
        old.attributes.map((a) => ({
          ...a,
          labels: { en: a.label },
          ...(a.unit !== undefined && { units: { en: a.unit } }),
          ...(a.type === 'enum' && { valueLabels: {} }),
        })),
      );
    }
    const [raw] = await queryRows<{ attributes: Record<string, unknown>[] }>(
      database.db,
      sql`SELECT attributes FROM kinds WHERE id = 'personal-computer'`,
    );
    // Stored by language only: the one-text fields are the API's, made when it answers.
    for (const a of raw?.attributes ?? []) expect(Object.keys(a)).not.toContain('label');
    expect((await listKinds(database.db)).map((k) => k.names.en)).toEqual(
      DEMO_KINDS.map((k) => kindBeforeLabels(k).name).sort(),
    );
  });

  it('lets a migrated kind be given its Japanese texts', async () => {
    const relabelled = await extendKind(
      database.db,
      'smartphone',
      {
        name: { ja: 'スマートフォン' },
        attributeLabels: { colour: { label: { ja: 'カラー' }, valueLabels: { gold: { ja: 'ゴールド' } } } },
      },
      new Date(),
    );
    expect(relabelled.ok && relabelled.value.names).toEqual({ ja: 'スマートフォン', en: 'Smartphone' });
    const colour = relabelled.ok && relabelled.value.attributes.find((a) => a.name === 'colour');
    expect(colour).toMatchObject({
      labels: { ja: 'カラー', en: 'Colour' },
      valueLabels: { gold: { ja: 'ゴールド' } },
      slot: 'e1',
    });
  });
});
