import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../platform/db/database.ts';
import type { SellerPayable } from '../../protocol/settlement.ts';
import { getAccount, spendable } from '../ledger/ledger.ts';
import { systemAccountId } from '../ledger/system-accounts.ts';

/**
 * A seller's money, per currency in which it sold: `payable` is what its seller_payable account
 * can still spend (released on pickup, less the fee and the analytics reports paid or on hold
 * from it, and not yet paid out); `held` is what its paid orders still have in escrow, parcels
 * on their way (the whole amount: the fee is taken only on release).
 */
export async function sellerPayable(db: Executor, sellerId: string): Promise<SellerPayable> {
  const rows = await queryRows<{ currency: string; held: string }>(
    db,
    sql`SELECT a.currency,
               coalesce(sum(a.amount) FILTER (WHERE p.order_id IS NOT NULL AND r.id IS NULL), 0)::text AS held
          FROM announcements a
          LEFT JOIN payments p ON p.order_id = a.order_id
          LEFT JOIN transfers r ON r.pending_id = p.escrow_transfer_id
         WHERE a.seller_id = ${sellerId}
         GROUP BY a.currency
         ORDER BY a.currency`,
  );
  const balances = [];
  for (const row of rows) {
    const account = await getAccount(db, systemAccountId('seller_payable', row.currency, sellerId));
    const payable = account ? spendable(account) : 0n;
    balances.push({ currency: row.currency, payable: Number(payable), held: Number(row.held) });
  }
  return { balances };
}
