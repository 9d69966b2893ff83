import { and, eq, isNull, TransactionRollbackError } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { accounts, announcements, payoutItems, payouts, transfers } from '../db/schema.ts';
import { transfer } from '../ledger/ledger.ts';
import { systemAccount } from '../ledger/system-accounts.ts';

export interface PayoutStatement {
  payoutId: string;
  sellerId: string;
  currency: string;
  amount: bigint;
  /** Order IDs and amounts only: what the seller needs to match money to sales, nothing more. */
  items: { orderId: string; amount: bigint }[];
}

/**
 * A payout run: for each seller and currency, every release not yet paid out moves from the
 * seller's payable to its payout account in one transfer, and a statement lists the orders it
 * covers. Each seller's payout commits on its own; an interrupted run is finished by the next.
 */
export async function runPayouts(db: Db, now: Date): Promise<PayoutStatement[]> {
  const due = await db
    .select({
      transferId: transfers.id,
      orderId: announcements.orderId,
      sellerId: announcements.sellerId,
      currency: transfers.currency,
      amount: transfers.amount,
    })
    .from(transfers)
    .innerJoin(accounts, eq(accounts.id, transfers.creditAccountId))
    .innerJoin(announcements, eq(announcements.orderId, transfers.reference))
    .leftJoin(payoutItems, eq(payoutItems.releaseTransferId, transfers.id))
    .where(
      and(eq(accounts.kind, 'seller_payable'), eq(transfers.kind, 'posted'), isNull(payoutItems.payoutId)),
    )
    .orderBy(announcements.sellerId, transfers.currency, transfers.reference);

  const groups = new Map<string, typeof due>();
  for (const row of due) {
    const key = `${row.sellerId}:${row.currency}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }

  const statements: PayoutStatement[] = [];
  for (const rows of groups.values()) {
    const { sellerId, currency } = rows[0] as (typeof due)[number];
    const statement = await db
      .transaction(async (tx) => {
        const payoutId = newId();
        const amount = rows.reduce((sum, r) => sum + r.amount, 0n);
        const payable = await systemAccount(tx, 'seller_payable', currency, now, sellerId);
        const payoutAccount = await systemAccount(tx, 'seller_payout', currency, now, sellerId);
        const moved = await transfer(
          tx,
          {
            id: payoutId,
            debitAccountId: payable,
            creditAccountId: payoutAccount,
            amount,
            currency,
            reference: `payout:${payoutId}`,
          },
          now,
        );
        if (!moved.ok) throw new Error(`payout transfer refused: ${moved.error.code}`);
        await tx
          .insert(payouts)
          .values({ id: payoutId, sellerId, currency, amount, transferId: payoutId, createdAt: now });
        const claimed = await tx
          .insert(payoutItems)
          .values(
            rows.map((r) => ({
              releaseTransferId: r.transferId,
              payoutId,
              orderId: r.orderId,
              amount: r.amount,
            })),
          )
          .onConflictDoNothing()
          .returning({ id: payoutItems.releaseTransferId });
        if (claimed.length !== rows.length) {
          // Another run paid some of these out meanwhile: undo this payout entirely.
          tx.rollback();
        }
        return {
          payoutId,
          sellerId,
          currency,
          amount,
          items: rows.map((r) => ({ orderId: r.orderId, amount: r.amount })),
        };
      })
      .catch((e: Error) => {
        if (e instanceof TransactionRollbackError) return null;
        throw e;
      });
    if (statement) statements.push(statement);
  }
  return statements;
}

/** The statement as CSV for the seller: order IDs and amounts, in minor units. */
export function statementCsv(statement: PayoutStatement): string {
  const lines = ['order_id,amount_minor,currency'];
  for (const item of statement.items) lines.push(`${item.orderId},${item.amount},${statement.currency}`);
  lines.push(`total,${statement.amount},${statement.currency}`);
  return `${lines.join('\n')}\n`;
}
