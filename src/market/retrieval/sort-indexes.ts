import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { type Database, type Db, queryRows } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import { BOOLEAN_SLOTS, ENUM_SLOTS, NUMBER_SLOTS } from '../kinds/slots.ts';

/**
 * A request sorted by an attribute, rather than by price, reads its page from an index in that
 * attribute's order: one per kind and numeric attribute, over the kind's sellable offers only,
 * on (currency, value, ID). Without it, every offer of the kind that meets the conditions was
 * read and sorted for each page (a quarter of a second at a million offers). A slot holds
 * different attributes in different kinds, so an index per slot over every kind would order
 * unrelated values together; one per kind reads exactly the attribute asked for.
 *
 * Like `offers_retrieval` it covers the slots, so the conditions are checked inside the index
 * as it is walked: when the conditions and the sort are correlated (the cheapest offers sorted
 * by memory, largest first), the walk passes many offers before the page is full, and reading
 * each from the table made such a request take seconds. The value is keyed as `slot + 0`, an
 * expression no condition names: keyed on the bare slot, the planner also took these indexes
 * for conditions on it, misjudged by statistics that mix every kind's values, and ordinary
 * searches' p99 doubled. Keyed so, they serve the sort only (see retrievalStatement). And
 * they hold only offers with a value (`slot + 0 IS NOT NULL`, which only such a request says):
 * otherwise, being smaller than `offers_retrieval`, one was read whole to answer a request sorted
 * by price with conditions that match little, from disk, where `offers_retrieval` is in memory
 * because every search reads it (ordinary searches' p99 went from about 25 ms to 50).
 *
 * The market's background duty makes them when a kind or a numeric attribute appears, without
 * blocking writes to the offers; until one exists such a request is answered the slow way.
 */

/** What a page and its conditions read, as `offers_retrieval` covers it. */
const COVERED = [
  'price_minor',
  'commodity_id',
  'seller_id',
  'stock',
  ...NUMBER_SLOTS,
  ...ENUM_SLOTS,
  ...BOOLEAN_SLOTS,
];

/** A sort index's key for a slot; a request sorted by the slot orders by exactly this expression. */
export const sortKey = (slot: SQL) => sql`${slot} + 0`;

export interface SortIndex {
  name: string;
  kindId: string;
  slot: string;
}

/** Index names are at most 63 bytes; a kind ID too long for a readable name is hashed. */
export function sortIndexName(kindId: string, slot: string): string {
  const name = `offers_sort_${kindId}_${slot}`;
  if (Buffer.byteLength(name) <= 63) return name;
  return `offers_sort_${createHash('sha256').update(kindId).digest('hex').slice(0, 16)}_${slot}`;
}

/**
 * The statement that makes an index: DDL takes no parameters, so the kind ID is written as a
 * literal (quotes doubled). `concurrently` builds it without blocking writes to the offers.
 */
export function sortIndexStatement(index: SortIndex, options: { concurrently: boolean }): SQL {
  const kind = `'${index.kindId.replaceAll("'", "''")}'`;
  const key = sortKey(sql`${sql.identifier(index.slot)}`);
  return sql`CREATE INDEX ${sql.raw(options.concurrently ? 'CONCURRENTLY ' : '')}IF NOT EXISTS ${sql.identifier(index.name)}
    ON "offers" ("currency", (${key}), "id")
    INCLUDE (${sql.join(
      COVERED.map((c) => sql.identifier(c)),
      sql`, `,
    )})
    WHERE "kind_id" = ${sql.raw(kind)} AND "status" = 'active' AND "seller_active" AND "stock" > 0
      AND (${key}) IS NOT NULL`;
}

/**
 * The sort indexes the defined kinds call for and the database lacks, and those a build that
 * failed or was interrupted left behind unusable (`invalid`, to be dropped and made again).
 */
export async function missingSortIndexes(db: Db): Promise<(SortIndex & { invalid: boolean })[]> {
  const wanted = await queryRows<{ kindId: string; slot: string }>(
    db,
    sql`SELECT k.id AS "kindId", a->>'slot' AS slot
        FROM kinds k CROSS JOIN LATERAL jsonb_array_elements(k.attributes) a
        WHERE a->>'type' = 'number' ORDER BY k.id, slot`,
  );
  const present = new Map(
    (
      await queryRows<{ name: string; valid: boolean }>(
        db,
        sql`SELECT c.relname AS name, i.indisvalid AS valid
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = 'offers'::regclass AND c.relname LIKE 'offers\\_sort\\_%'`,
      )
    ).map((row) => [row.name, row.valid]),
  );
  return wanted
    .map(({ kindId, slot }) => ({ name: sortIndexName(kindId, slot), kindId, slot }))
    .filter((index) => present.get(index.name) !== true)
    .map((index) => ({ ...index, invalid: present.get(index.name) === false }));
}

/**
 * Makes the missing sort indexes, one at a time. On a PostgreSQL server several market
 * processes run this duty: an advisory lock held by the session lets one build while the others
 * pass (a concurrent build cannot run inside a transaction, so the lock cannot be a
 * transaction's). Returns how many it made.
 */
export async function buildSortIndexes(database: Database, log: Logger): Promise<number> {
  if ((await missingSortIndexes(database.db)).length === 0) return 0;
  const concurrently = database.driver === 'postgres';
  return database.withSession(async (db) => {
    const [lock] = await queryRows<{ held: boolean }>(
      db,
      sql`SELECT pg_try_advisory_lock(hashtext('tokumei.sort-indexes')) AS held`,
    );
    if (!lock?.held) return 0;
    try {
      // Read again under the lock: another process may have built them meanwhile.
      const missing = await missingSortIndexes(db);
      for (const index of missing) {
        const started = performance.now();
        if (index.invalid) {
          const drop = sql.raw(concurrently ? 'DROP INDEX CONCURRENTLY' : 'DROP INDEX');
          await db.execute(sql`${drop} IF EXISTS ${sql.identifier(index.name)}`);
        }
        await db.execute(sortIndexStatement(index, { concurrently }));
        log.info(
          { index: index.name, kind: index.kindId, ms: Math.round(performance.now() - started) },
          'sort index made',
        );
      }
      return missing.length;
    } finally {
      await db.execute(sql`SELECT pg_advisory_unlock(hashtext('tokumei.sort-indexes'))`);
    }
  });
}
