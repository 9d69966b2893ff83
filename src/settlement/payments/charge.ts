import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import type { DeclineCode, OrderPaidEvent } from '../../protocol/settlement.ts';
import { announcements, outbox, payments } from '../db/schema.ts';
import { type AuthenticationFailure, creditStanding, type Instrument } from '../instruments/instruments.ts';
import { transfer } from '../ledger/ledger.ts';
import { systemAccount } from '../ledger/system-accounts.ts';

export type Decline = { code: DeclineCode; paidAt?: Date; attemptsLeft?: number };

/** What the purchaser is told for each authentication failure: distinct, and nothing of the holder. */
export function authenticationDecline(failure: AuthenticationFailure): Decline {
  switch (failure.code) {
    case 'unknown_instrument':
      return { code: 'unknown_instrument' };
    case 'wrong_pin':
      return { code: 'wrong_pin', attemptsLeft: failure.attemptsLeft };
    case 'instrument_locked':
      return { code: 'instrument_locked' };
    case 'instrument_expired':
      return { code: failure.kind === 'credit' ? 'credit_expired' : 'card_expired' };
  }
}

export interface Charge {
  /** Chosen by the caller, so a retried charge is recognised; also the escrow transfer's ID. */
  paymentId: string;
  orderId: string;
  amount: bigint;
  currency: string;
  pickupPointId: string;
}

/**
 * B8 at settlement, for an instrument already authenticated: the order must have been announced
 * (B7) with exactly this amount and currency and not be paid yet; credit must stand (seed 004);
 * then the money moves from the instrument into escrow as a pending transfer, and the market is
 * told, through the outbox, that the order is paid and where it goes.
 */
export async function chargeOrder(
  tx: Tx,
  charge: Charge,
  instrument: Instrument,
  now: Date,
): Promise<Result<{ paymentId: string; paidAt: Date }, Decline>> {
  // The announcement's row lock puts concurrent attempts on one order in a line.
  const [announced] = await tx
    .select()
    .from(announcements)
    .where(eq(announcements.orderId, charge.orderId))
    .for('update');
  if (!announced) return err({ code: 'unknown_order' });
  if (announced.amount !== charge.amount || announced.currency !== charge.currency) {
    return err({ code: 'amount_mismatch' });
  }
  const [paid] = await tx.select().from(payments).where(eq(payments.orderId, charge.orderId));
  if (paid) {
    return paid.id === charge.paymentId
      ? ok({ paymentId: paid.id, paidAt: paid.paidAt })
      : err({ code: 'already_paid', paidAt: paid.paidAt });
  }

  if (instrument.kind === 'credit') {
    const standing = await creditStanding(tx, instrument.id, now);
    if (!standing.ok) return err({ code: standing.error.code });
  }
  const escrow = await systemAccount(tx, 'escrow', charge.currency, now);
  const held = await transfer(
    tx,
    {
      id: charge.paymentId,
      debitAccountId: instrument.accountId,
      creditAccountId: escrow,
      amount: charge.amount,
      currency: charge.currency,
      pending: true,
      reference: charge.orderId,
    },
    now,
  );
  if (!held.ok) {
    switch (held.error.code) {
      case 'exceeds_balance':
        return err({ code: 'insufficient_balance' });
      case 'exceeds_credit_limit':
        return err({ code: 'over_limit' });
      case 'currency_mismatch':
        return err({ code: 'currency_mismatch' });
      default:
        throw new Error(`escrow transfer refused: ${held.error.code}`);
    }
  }

  await tx.insert(payments).values({
    orderId: charge.orderId,
    id: charge.paymentId,
    instrumentId: instrument.id,
    escrowTransferId: held.value.id,
    pickupPointId: charge.pickupPointId,
    paidAt: now,
  });
  const event: OrderPaidEvent = {
    type: 'order_paid',
    orderId: charge.orderId,
    pickupPointId: charge.pickupPointId,
    paidAt: now.toISOString(),
  };
  await tx.insert(outbox).values({ payload: event, createdAt: now });
  return ok({ paymentId: charge.paymentId, paidAt: now });
}
