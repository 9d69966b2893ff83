import { type SQLWrapper, sql } from 'drizzle-orm';
import { truncateToHour } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { purchaserPreferences, salesHistory } from '../db/schema.ts';
import type { Condition } from '../retrieval/purchase-request.ts';

/**
 * The history storage implement (seed 000, block 12). Rows carry no order ID, search ID,
 * pickup point, payment or person, get random IDs, and their time is cut to the hour, so they
 * cannot be joined back to an order.
 */

type Preference = {
  kindId: string;
  currency: string;
  conditions: Condition[];
  outcome: 'matched' | 'unmatched' | 'purchased';
  at: Date;
};

const preferenceInsert = (db: Executor, entry: Preference) =>
  db.insert(purchaserPreferences).values({
    id: newId(),
    kindId: entry.kindId,
    currency: entry.currency,
    conditions: entry.conditions,
    outcome: entry.outcome,
    requestedHour: truncateToHour(entry.at),
  });

export async function recordPreference(db: Executor, entry: Preference): Promise<void> {
  await preferenceInsert(db, entry);
}

/**
 * Runs several inserts as one statement (one round trip, atomic) whose commit does not wait
 * for a disk flush: for rows whose loss in a crash is harmless (searches, and preference rows
 * of requests that bought nothing). Orders and sales are never written this way.
 */
export async function writeRelaxed(db: Executor, inserts: (SQLWrapper | undefined)[]): Promise<void> {
  const parts = inserts.filter((i): i is SQLWrapper => i !== undefined);
  // Nothing to write (a page that came back empty) is no statement: one with no insert is not SQL.
  if (!parts.length) return;
  // Drizzle puts an embedded query builder in parentheses itself.
  const ctes = parts.map((part, i) => sql`${sql.raw(`w${i}`)} AS ${part}`);
  await db.execute(
    sql`WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)), ${sql.join(ctes, sql`, `)} SELECT 1 FROM relaxed`,
  );
}

export async function recordSale(
  db: Executor,
  sale: {
    kindId: string;
    commodityId: string;
    sellerId: string;
    quantity: number;
    unitPriceMinor: number;
    currency: string;
    at: Date;
  },
): Promise<void> {
  await db.insert(salesHistory).values({
    id: newId(),
    kindId: sale.kindId,
    commodityId: sale.commodityId,
    sellerId: sale.sellerId,
    quantity: sale.quantity,
    unitPriceMinor: sale.unitPriceMinor,
    currency: sale.currency,
    soldHour: truncateToHour(sale.at),
  });
}
