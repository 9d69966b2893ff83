import { eq } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import type { CardDeclineCode, DeclineCode, OrderPaidEvent } from '../../protocol/settlement.ts';
import { announcements, outbox, payments } from '../db/schema.ts';
import { parseCardNumber } from '../instruments/card-number.ts';
import {
  type AuthenticationFailure,
  authenticate,
  creditStanding,
  type Instrument,
  type InstrumentSettings,
} from '../instruments/instruments.ts';
import { type TransferFailure, transfer } from '../ledger/ledger.ts';
import { createEscrowAccounts, escrowAccountId } from '../ledger/system-accounts.ts';

export type Decline = { code: DeclineCode; paidAt?: Date; attemptsLeft?: number };
export type CardDecline = { code: CardDeclineCode; attemptsLeft?: number };

/** What the card's holder is told for each authentication failure: distinct, and nothing of the holder. */
export function authenticationDecline(failure: AuthenticationFailure): CardDecline {
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

/**
 * The card as typed and its PIN, checked in the caller's transaction: a typo is caught by the
 * check digit, unlooked-up; wrong PINs are counted, so the caller must commit a decline.
 */
export async function authenticateCard(
  tx: Tx,
  card: { number: string; pin: string },
  settings: InstrumentSettings,
  now: Date,
): Promise<Result<Instrument, CardDecline>> {
  const number = parseCardNumber(card.number);
  if (!number) return err({ code: 'invalid_number' });
  const authenticated = await authenticate(tx, { number, pin: card.pin }, settings, now);
  return authenticated.ok ? authenticated : err(authenticationDecline(authenticated.error));
}

/** A transfer from a card's account that the ledger refused, as the card's holder is told it. */
export function cardTransferDecline(failure: TransferFailure): CardDecline {
  switch (failure.code) {
    case 'exceeds_balance':
      return { code: 'insufficient_balance' };
    case 'exceeds_credit_limit':
      return { code: 'over_limit' };
    case 'currency_mismatch':
      return { code: 'currency_mismatch' };
    default:
      throw new Error(`card transfer refused: ${failure.code}`);
  }
}

/** Thrown out of a charge's transaction, which rolls back: see `withEscrowAccounts`. */
export class EscrowMissing extends Error {
  readonly currency: string;
  constructor(currency: string) {
    super(`no escrow accounts for ${currency} yet`);
    this.currency = currency;
  }
}

/**
 * Runs `work`, which charges in a transaction of its own; when that found no escrow account for
 * its currency, makes the currency's accounts outside any transaction and runs it once more.
 */
export async function withEscrowAccounts<T>(db: Executor, now: Date, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof EscrowMissing)) throw error;
    await createEscrowAccounts(db, error.currency, now);
    return work();
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
  const hold = (escrow: string) =>
    transfer(
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
  const escrow = escrowAccountId(charge.currency, charge.orderId);
  const held = await hold(escrow);
  // Escrow accounts are made on a currency's first payment, not looked for on every one.
  if (!held.ok && held.error.code === 'account_not_found' && held.error.accountId === escrow) {
    throw new EscrowMissing(charge.currency);
  }
  if (!held.ok) return err(cardTransferDecline(held.error));

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
