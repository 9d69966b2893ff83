import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { type Executor, queryRows } from '../db/database.ts';

/** One table's rows counted and hashed, to prove a restore brought back exactly what was backed up. */
export interface TableFingerprint {
  table: string;
  rows: number;
  hash: string;
}

/**
 * Every table's row count and content hash: the sum of each row's first 64 bits of MD5 over its
 * text form, which no row order changes. For an integrity check, not against an adversary (the
 * backup's authentication is). Run in one transaction, with the settings the text form depends
 * on fixed, so that the same rows hash the same on any server and in any session.
 */
export async function fingerprintTables(
  tx: Executor,
  onTable?: (done: number, total: number) => void,
): Promise<TableFingerprint[]> {
  for (const setting of [
    sql`SET LOCAL TimeZone = 'UTC'`,
    sql`SET LOCAL DateStyle = 'ISO, MDY'`,
    sql`SET LOCAL IntervalStyle = 'postgres'`,
    sql`SET LOCAL extra_float_digits = 1`,
    sql`SET LOCAL bytea_output = 'hex'`,
  ])
    await tx.execute(setting);
  const tables = await queryRows<{ schema: string; name: string }>(
    tx,
    sql`SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
          AND table_schema NOT LIKE 'pg\\_%'
        ORDER BY table_schema, table_name`,
  );
  const fingerprints: TableFingerprint[] = [];
  for (const { schema, name } of tables) {
    onTable?.(fingerprints.length, tables.length);
    const table = sql`${sql.identifier(schema)}.${sql.identifier(name)}`;
    const [row] = await queryRows<{ rows: string; hash: string }>(
      tx,
      sql`SELECT count(*)::text AS rows,
            coalesce(sum(('x' || left(md5(t::text), 16))::bit(64)::bigint::numeric), 0)::text AS hash
          FROM ${table} t`,
    );
    fingerprints.push({ table: `${schema}.${name}`, rows: Number(row?.rows), hash: String(row?.hash) });
  }
  onTable?.(tables.length, tables.length);
  return fingerprints;
}

/** The tables whose count or hash differ between two fingerprints, for a message. */
export function fingerprintDifferences(expected: TableFingerprint[], actual: TableFingerprint[]): string[] {
  const found = new Map(actual.map((t) => [t.table, t]));
  const differences = expected.flatMap((t) => {
    const other = found.get(t.table);
    if (!other) return [`${t.table} is missing`];
    if (other.rows !== t.rows) return [`${t.table} has ${other.rows} rows, not ${t.rows}`];
    return other.hash === t.hash ? [] : [`${t.table}'s content differs`];
  });
  const known = new Set(expected.map((t) => t.table));
  return [...differences, ...actual.filter((t) => !known.has(t.table)).map((t) => `${t.table} is extra`)];
}

/**
 * A database's schema version: how many of the service's migrations it has had and when the last
 * of them was written (drizzle records each migration's folder time).
 */
export interface SchemaVersion {
  migrations: number;
  latest: number;
}

export async function schemaVersion(tx: Executor): Promise<SchemaVersion> {
  const [row] = await queryRows<{ migrations: number; latest: string | null }>(
    tx,
    sql`SELECT count(*)::int AS migrations, max(created_at)::text AS latest FROM drizzle.__drizzle_migrations`,
  );
  return { migrations: row?.migrations ?? 0, latest: Number(row?.latest ?? 0) };
}

/** The schema version this code migrates a service's database to. */
export function codeSchemaVersion(migrationsFolder: string): SchemaVersion {
  const migrations = readMigrationFiles({ migrationsFolder });
  return {
    migrations: migrations.length,
    latest: Math.max(0, ...migrations.map((m) => m.folderMillis)),
  };
}
