import { getTableColumns, is, SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * The rows of a bulk insert as one JSON parameter, for `insert(table).select(...)`: drizzle takes
 * longer to render a 1000-row VALUES list than the database takes to store it. Columns left out
 * get their static default, else NULL.
 */
export function jsonRows(table: PgTable, rows: readonly Record<string, unknown>[]): SQL {
  const columns = Object.entries(getTableColumns(table));
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = row[key] ?? column.default;
      if (is(value, SQL)) throw new Error(`jsonRows: give ${column.name} a value, its default is SQL`);
      if (value !== undefined && value !== null) record[column.name] = value;
    }
    return record;
  });
  const shape = columns.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(', ');
  return sql`SELECT * FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS r(${sql.raw(shape)})`;
}
