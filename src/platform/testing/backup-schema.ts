import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A migrations folder of its own: a schema with the types whose text forms a hash depends on. */
export function migrationsFolder(root: string, migrations: string[]): string {
  const folder = join(root, `migrations-${migrations.length}`);
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const entries = migrations.map((_, idx) => ({
    idx,
    version: '7',
    when: 1_700_000_000_000 + idx * 1000,
    tag: `000${idx}_step`,
    breakpoints: true,
  }));
  writeFileSync(
    join(folder, 'meta', '_journal.json'),
    JSON.stringify({ version: '7', dialect: 'postgresql', entries }),
  );
  for (const [idx, text] of migrations.entries()) writeFileSync(join(folder, `000${idx}_step.sql`), text);
  return folder;
}

export const SCHEMA = `CREATE TABLE holders (id serial PRIMARY KEY, name text NOT NULL, born timestamptz,
  limits jsonb, secret bytea, ratio double precision, span interval);`;
