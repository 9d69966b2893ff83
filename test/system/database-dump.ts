import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../src/platform/db/database.ts';

/**
 * Every row of every table of a service's database as one JSON text, for canary tests to search.
 * Returns the table names too, so a test can see that the dump covers what it should.
 */
export async function dumpDatabase(db: Executor): Promise<{ tables: string[]; text: string }> {
  const tables = await queryRows<{ schema: string; name: string }>(
    db,
    sql`SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'`,
  );
  const dumps = [];
  for (const { schema, name } of tables) {
    dumps.push(await queryRows(db, sql`SELECT * FROM ${sql.identifier(schema)}.${sql.identifier(name)}`));
  }
  return { tables: tables.map((t) => t.name), text: JSON.stringify(dumps) };
}

/**
 * Every table's row count and a hash of its rows, computed here and not by the code under test:
 * each row as JSON, sorted, hashed. Two databases with the same rows give the same result.
 */
export async function tableContents(db: Executor): Promise<Record<string, { rows: number; hash: string }>> {
  const tables = await queryRows<{ schema: string; name: string }>(
    db,
    sql`SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'
        ORDER BY 1, 2`,
  );
  const contents: Record<string, { rows: number; hash: string }> = {};
  for (const { schema, name } of tables) {
    const rows = await queryRows(db, sql`SELECT * FROM ${sql.identifier(schema)}.${sql.identifier(name)}`);
    const lines = rows
      .map((row) => JSON.stringify(row, (_, v) => (typeof v === 'bigint' ? v.toString() : v)))
      .sort();
    contents[`${schema}.${name}`] = {
      rows: rows.length,
      hash: createHash('sha256').update(lines.join('\n')).digest('hex'),
    };
  }
  return contents;
}
