import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { derivedId } from '../../platform/ids.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import { announcements, payments, transfers } from '../db/schema.ts';
import { resolvePending, transfer } from '../ledger/ledger.ts';
import { systemAccount } from '../ledger/system-accounts.ts';

export type EscrowFailure =
  | { code: 'not_paid' }
  | { code: 'already_released' }
  | { code: 'already_refunded' };

/** Where an order's money is: held in escrow, released to the seller, or refunded. */
export async function escrowState(
  tx: Tx,
  orderId: string,
): Promise<'unpaid' | 'held' | 'released' | 'refunded'> {
  const [payment] = await tx.select().from(payments).where(eq(payments.orderId, orderId));
  if (!payment) return 'unpaid';
  const [resolution] = await tx
    .select()
    .from(transfers)
    .where(eq(transfers.pendingId, payment.escrowTransferId));
  if (!resolution) return 'held';
  return resolution.kind === 'post_pending' ? 'released' : 'refunded';
}

/**
 * Picked up: the escrow is posted, then paid on to the seller's payable less the market's fee
 * (basis points, rounded down in the seller's disfavour by at most one minor unit). Every
 * transfer's ID derives from the order, so a repeated release changes nothing.
 */
export async function releaseEscrow(
  tx: Tx,
  orderId: string,
  feeBasisPoints: number,
  now: Date,
): Promise<Result<{ sellerAmount: bigint; fee: bigint; replayed: boolean }, EscrowFailure>> {
  const [payment] = await tx.select().from(payments).where(eq(payments.orderId, orderId)).for('update');
  if (!payment) return err({ code: 'not_paid' });
  const [order] = await tx.select().from(announcements).where(eq(announcements.orderId, orderId));
  const { amount, currency, sellerId } = order as typeof announcements.$inferSelect;
  const fee = (amount * BigInt(feeBasisPoints)) / 10_000n;
  const sellerAmount = amount - fee;

  const posted = await resolvePending(
    tx,
    { id: derivedId(`release:${orderId}`), pendingId: payment.escrowTransferId, action: 'post' },
    now,
  );
  if (!posted.ok) {
    if (posted.error.code === 'already_resolved' && posted.error.resolution.kind === 'void_pending') {
      return err({ code: 'already_refunded' });
    }
    throw new Error(`escrow post refused: ${posted.error.code}`);
  }
  if (posted.value.replayed) return ok({ sellerAmount, fee, replayed: true });

  // Paid on from the escrow account the payment was held in (one of several; older ones held all).
  const escrow = posted.value.creditAccountId;
  const payable = await systemAccount(tx, 'seller_payable', currency, now, sellerId);
  const moves = [
    { id: derivedId(`release:${orderId}:seller`), to: payable, amount: sellerAmount },
    {
      id: derivedId(`release:${orderId}:fee`),
      to: await systemAccount(tx, 'market_fees', currency, now),
      amount: fee,
    },
  ];
  for (const move of moves.filter((m) => m.amount > 0n)) {
    const moved = await transfer(
      tx,
      {
        id: move.id,
        debitAccountId: escrow,
        creditAccountId: move.to,
        amount: move.amount,
        currency,
        reference: orderId,
      },
      now,
    );
    if (!moved.ok) throw new Error(`release transfer refused: ${moved.error.code}`);
  }
  return ok({ sellerAmount, fee, replayed: false });
}

/** Returned: the escrow is voided, so the prepaid balance comes back or the credit debt goes down. */
export async function refundEscrow(
  tx: Tx,
  orderId: string,
  now: Date,
): Promise<Result<{ replayed: boolean }, EscrowFailure>> {
  const [payment] = await tx.select().from(payments).where(eq(payments.orderId, orderId)).for('update');
  if (!payment) return err({ code: 'not_paid' });
  const voided = await resolvePending(
    tx,
    { id: derivedId(`refund:${orderId}`), pendingId: payment.escrowTransferId, action: 'void' },
    now,
  );
  if (voided.ok) return ok({ replayed: voided.value.replayed });
  if (voided.error.code === 'already_resolved') return err({ code: 'already_released' });
  throw new Error(`escrow void refused: ${voided.error.code}`);
}
