import { sql } from 'drizzle-orm';
import { truncateToHour } from '../../platform/clock';
import type { Executor } from '../../platform/db/database';
import { newId } from '../../platform/ids';
import { purchaserPreferences, salesHistory } from '../db/schema';
import type { Condition } from '../retrieval/purchase-request';

/**
 * The history storage implement (seed 000, block 12). Rows carry no order ID, search ID,
 * pickup point, payment or person, get random IDs, and their time is cut to the hour, so they
 * cannot be joined back to an order.
 */

/** Analytics rows may be lost in a crash without harm; they need not wait for a disk flush. */
export const relaxDurability = (db: Executor) => db.execute(sql`SET LOCAL synchronous_commit = off`);

export async function recordPreference(
  db: Executor,
  entry: {
    kindId: string;
    currency: string;
    conditions: Condition[];
    outcome: 'matched' | 'unmatched' | 'purchased';
    at: Date;
  },
): Promise<void> {
  await db.insert(purchaserPreferences).values({
    id: newId(),
    kindId: entry.kindId,
    currency: entry.currency,
    conditions: entry.conditions,
    outcome: entry.outcome,
    requestedHour: truncateToHour(entry.at),
  });
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
