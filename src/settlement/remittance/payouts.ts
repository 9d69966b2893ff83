import { and, eq, isNull, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import {
  accounts,
  analyticsHolds,
  announcements,
  payoutCharges,
  payoutItems,
  payouts,
  transfers,
} from '../db/schema.ts';
import { transfer } from '../ledger/ledger.ts';
import { systemAccount } from '../ledger/system-accounts.ts';

export interface PayoutStatement {
  payoutId: string;
  sellerId: string;
  currency: string;
  /** What was paid: the sales less the reports. */
  amount: bigint;
  /** Order IDs and amounts only: what the seller needs to match money to sales, nothing more. */
  items: { orderId: string; amount: bigint }[];
  /** Analytics reports the seller paid for from its payable, deducted: hold IDs and prices. */
  charges: { holdId: string; amount: bigint }[];
}

/**
 * A payout run: for each seller and currency, every release not yet paid out, less every
 * analytics report paid from the payable since, moves from the seller's payable to its payout
 * account in one transfer, and a statement lists what it covers. Each seller's payout is made
 * under its payable's row lock, so holds, captures, releases and another run wait for it; a
 * seller with a report's price still on hold is paid at the next run. Each seller's payout
 * commits on its own; an interrupted run is finished by the next.
 */
export async function runPayouts(db: Db, now: Date): Promise<PayoutStatement[]> {
  const sellers = await db
    .selectDistinct({ sellerId: announcements.sellerId, currency: transfers.currency })
    .from(transfers)
    .innerJoin(accounts, eq(accounts.id, transfers.creditAccountId))
    .innerJoin(announcements, eq(announcements.orderId, transfers.reference))
    .leftJoin(payoutItems, eq(payoutItems.releaseTransferId, transfers.id))
    .where(
      and(eq(accounts.kind, 'seller_payable'), eq(transfers.kind, 'posted'), isNull(payoutItems.payoutId)),
    )
    .orderBy(announcements.sellerId, transfers.currency);

  const statements: PayoutStatement[] = [];
  for (const { sellerId, currency } of sellers) {
    const statement = await db.transaction((tx) => payOut(tx, sellerId, currency, now));
    if (statement) statements.push(statement);
  }
  return statements;
}

const hold = alias(transfers, 'hold');

async function payOut(
  tx: Tx,
  sellerId: string,
  currency: string,
  now: Date,
): Promise<PayoutStatement | null> {
  const payable = await systemAccount(tx, 'seller_payable', currency, now, sellerId);
  await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, payable)).for('update');

  const items = await tx
    .select({ transferId: transfers.id, orderId: announcements.orderId, amount: transfers.amount })
    .from(transfers)
    .innerJoin(announcements, eq(announcements.orderId, transfers.reference))
    .leftJoin(payoutItems, eq(payoutItems.releaseTransferId, transfers.id))
    .where(
      and(eq(transfers.creditAccountId, payable), eq(transfers.kind, 'posted'), isNull(payoutItems.payoutId)),
    )
    .orderBy(announcements.orderId);
  // Reports paid from this payable and not yet deducted, and those whose price is still on hold.
  const reports = await tx
    .select({ holdId: analyticsHolds.holdId, capture: transfers })
    .from(analyticsHolds)
    .innerJoin(hold, eq(hold.id, analyticsHolds.transferId))
    .leftJoin(transfers, eq(transfers.pendingId, hold.id))
    .leftJoin(payoutCharges, eq(payoutCharges.captureTransferId, transfers.id))
    .where(
      and(
        eq(analyticsHolds.sellerId, sellerId),
        eq(hold.debitAccountId, payable),
        or(isNull(transfers.id), and(eq(transfers.kind, 'post_pending'), isNull(payoutCharges.payoutId))),
      ),
    )
    .orderBy(analyticsHolds.holdId);
  const charges = [];
  for (const { holdId, capture } of reports) {
    if (!capture) return null;
    charges.push({ holdId, transferId: capture.id, amount: capture.amount });
  }

  const amount =
    items.reduce((sum, i) => sum + i.amount, 0n) - charges.reduce((sum, c) => sum + c.amount, 0n);
  // Reports can take everything released so far (never more: the payable cannot go below zero).
  if (amount <= 0n) return null;
  const payoutId = newId();
  const moved = await transfer(
    tx,
    {
      id: payoutId,
      debitAccountId: payable,
      creditAccountId: await systemAccount(tx, 'seller_payout', currency, now, sellerId),
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
  // A positive amount has sales in it.
  await tx
    .insert(payoutItems)
    .values(
      items.map((i) => ({ releaseTransferId: i.transferId, payoutId, orderId: i.orderId, amount: i.amount })),
    );
  if (charges.length) {
    await tx.insert(payoutCharges).values(
      charges.map((c) => ({
        captureTransferId: c.transferId,
        payoutId,
        holdId: c.holdId,
        amount: c.amount,
      })),
    );
  }
  return {
    payoutId,
    sellerId,
    currency,
    amount,
    items: items.map(({ orderId, amount }) => ({ orderId, amount })),
    charges: charges.map(({ holdId, amount }) => ({ holdId, amount })),
  };
}

/**
 * The statement as CSV for the seller, in minor units: each sale by order ID, each analytics
 * report paid from the payable by its hold ID (deducted, so negative), and the total paid.
 */
export function statementCsv(statement: PayoutStatement): string {
  const lines = ['entry,reference,amount_minor,currency'];
  for (const item of statement.items) lines.push(`sale,${item.orderId},${item.amount},${statement.currency}`);
  for (const charge of statement.charges)
    lines.push(`analytics_report,${charge.holdId},${-charge.amount},${statement.currency}`);
  lines.push(`total,,${statement.amount},${statement.currency}`);
  return `${lines.join('\n')}\n`;
}
