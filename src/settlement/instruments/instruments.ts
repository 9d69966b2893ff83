import { hkdfSync } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db, Executor, Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import { hmacSha256, safeEqual, verifySlowHash } from '../../platform/secrets.ts';
import { creditHolders, creditStatements, instruments } from '../db/schema.ts';
import { type Account, getAccount, openAccount, transfer } from '../ledger/ledger.ts';
import { systemAccount } from '../ledger/system-accounts.ts';
import { generateCardNumber, generatePin } from './card-number.ts';

export type Instrument = typeof instruments.$inferSelect;

export interface InstrumentSettings {
  /**
   * The settlement's secret key, held apart from the database: numbers are keyed with it before
   * they are stored, and PINs verified under a key derived from it.
   */
  pepper: string;
  /** Wrong PINs in a row before the instrument locks … */
  maxPinAttempts: number;
  /** … and for how long. */
  pinLockMs: number;
}

const numberLookup = (pepper: string, number: string) =>
  hmacSha256(pepper, `number:${number}`).toString('base64url');
/**
 * The PIN verification key: used for nothing else (key separation, as an issuer's PVK), derived
 * from the secret key so that it lives where that key does, in a file or variable and never in
 * the database or its backups.
 */
const pinVerificationKey = (pepper: string) =>
  Buffer.from(hkdfSync('sha256', pepper, 'tokumei', 'pin verification key', 32));

const PIN_VERIFIER = 'hmac-sha256$';

/**
 * A PIN's verifier: a keyed MAC of instrument and PIN. Without the key a copy of the table
 * cannot be tried against the 10^6 PINs; with it a slow hash would not stop that either (all of
 * them in a few CPU-hours), and it cost every payment about 20 ms of CPU.
 */
const pinVerifier = (pepper: string, instrumentId: string, pin: string) =>
  PIN_VERIFIER + hmacSha256(pinVerificationKey(pepper), `pin:${instrumentId}:${pin}`).toString('base64url');

/** Verifiers stored before the keyed MAC: scrypt of a keyed HMAC, replaced on the next right PIN. */
const legacyPinSecret = (pepper: string, instrumentId: string, pin: string) =>
  hmacSha256(pepper, `pin:${instrumentId}:${pin}`).toString('base64url');

/** Whether the PIN is right, and the verifier to store instead when the stored one is legacy. */
async function checkPin(
  pepper: string,
  instrument: Pick<Instrument, 'id' | 'pinHash'>,
  pin: string,
): Promise<{ right: boolean; upgraded?: string }> {
  const expected = pinVerifier(pepper, instrument.id, pin);
  if (instrument.pinHash.startsWith(PIN_VERIFIER)) {
    return { right: safeEqual(Buffer.from(instrument.pinHash), Buffer.from(expected)) };
  }
  const right = await verifySlowHash(legacyPinSecret(pepper, instrument.id, pin), instrument.pinHash);
  return right ? { right, upgraded: expected } : { right };
}

/** A new instrument as handed to its holder: shown once, never stored in the clear. */
export interface IssuedCard {
  instrumentId: string;
  number: string;
  pin: string;
}

function prepareCard(kind: 'prepaid' | 'credit', pepper: string) {
  const instrumentId = newId();
  const number = generateCardNumber(kind);
  const pin = generatePin();
  return { instrumentId, number, pin, pinHash: pinVerifier(pepper, instrumentId, pin) };
}

/**
 * `tokumei cards issue`: a batch of prepaid cards of one face value, loaded from the issuance
 * account. All or nothing.
 */
export async function issuePrepaidBatch(
  db: Db,
  batch: { count: number; value: bigint; currency: string; expiresAt: Date },
  settings: Pick<InstrumentSettings, 'pepper'>,
  now: Date,
  onProgress: (done: number) => void = () => {},
): Promise<{ batchId: string; cards: IssuedCard[] }> {
  const batchId = newId();
  const prepared = Array.from({ length: batch.count }, () => prepareCard('prepaid', settings.pepper));
  await db.transaction(async (tx) => {
    const issuance = await systemAccount(tx, 'prepaid_issuance', batch.currency, now);
    for (const [index, card] of prepared.entries()) {
      const account = await openAccount(
        tx,
        { kind: 'prepaid_card', currency: batch.currency, noOverdraft: true },
        now,
      );
      await insertInstrument(
        tx,
        card,
        { kind: 'prepaid', accountId: account.id, batchId, settings, ...batch },
        now,
      );
      const loaded = await transfer(
        tx,
        {
          id: newId(),
          debitAccountId: issuance,
          creditAccountId: account.id,
          amount: batch.value,
          currency: batch.currency,
        },
        now,
      );
      if (!loaded.ok) throw new Error(`loading card failed: ${loaded.error.code}`);
      onProgress(index + 1);
    }
  });
  return { batchId, cards: prepared.map(({ instrumentId, number, pin }) => ({ instrumentId, number, pin })) };
}

/** Opens a credit card for a holder (seed 004's credit-information database), in good standing. */
export async function openCreditCard(
  db: Db,
  card: { holderName: string; limit: bigint; currency: string; expiresAt: Date },
  settings: Pick<InstrumentSettings, 'pepper'>,
  now: Date,
): Promise<IssuedCard> {
  const prepared = prepareCard('credit', settings.pepper);
  await db.transaction(async (tx) => {
    const account = await openAccount(
      tx,
      { kind: 'credit_line', currency: card.currency, creditLimit: card.limit },
      now,
    );
    await insertInstrument(tx, prepared, { kind: 'credit', accountId: account.id, settings, ...card }, now);
    await tx.insert(creditHolders).values({
      instrumentId: prepared.instrumentId,
      holderName: card.holderName,
      status: 'good',
      createdAt: now,
      updatedAt: now,
    });
  });
  return { instrumentId: prepared.instrumentId, number: prepared.number, pin: prepared.pin };
}

async function insertInstrument(
  tx: Tx,
  card: { instrumentId: string; number: string; pinHash: string },
  info: {
    kind: 'prepaid' | 'credit';
    accountId: string;
    expiresAt: Date;
    batchId?: string;
    settings: Pick<InstrumentSettings, 'pepper'>;
  },
  now: Date,
) {
  await tx.insert(instruments).values({
    id: card.instrumentId,
    kind: info.kind,
    numberLookup: numberLookup(info.settings.pepper, card.number),
    pinHash: card.pinHash,
    accountId: info.accountId,
    expiresAt: info.expiresAt,
    batchId: info.batchId ?? null,
    createdAt: now,
  });
}

export type AuthenticationFailure =
  | { code: 'unknown_instrument' }
  | { code: 'instrument_locked'; until: Date }
  | { code: 'wrong_pin'; attemptsLeft: number }
  | { code: 'instrument_expired'; kind: Instrument['kind'] };

/**
 * Checks number and PIN, holding the instrument's row lock: wrong PINs are counted even when
 * tried in parallel, and enough of them in a row lock the instrument for a while. The counting
 * is written whatever the answer, so the caller must commit a refusal, not roll it back.
 */
export async function authenticate(
  tx: Tx,
  credentials: { number: string; pin: string },
  settings: InstrumentSettings,
  now: Date,
): Promise<Result<Instrument, AuthenticationFailure>> {
  const [instrument] = await tx
    .select()
    .from(instruments)
    .where(eq(instruments.numberLookup, numberLookup(settings.pepper, credentials.number)))
    .for('update');
  if (!instrument) return err({ code: 'unknown_instrument' });
  if (instrument.lockedUntil && instrument.lockedUntil > now) {
    return err({ code: 'instrument_locked', until: instrument.lockedUntil });
  }
  const pin = await checkPin(settings.pepper, instrument, credentials.pin);
  if (!pin.right) {
    const failed = instrument.failedPins + 1;
    const locks = failed >= settings.maxPinAttempts;
    await tx
      .update(instruments)
      .set({
        failedPins: locks ? 0 : failed,
        lockedUntil: locks ? new Date(now.getTime() + settings.pinLockMs) : instrument.lockedUntil,
      })
      .where(eq(instruments.id, instrument.id));
    return locks
      ? err({ code: 'instrument_locked', until: new Date(now.getTime() + settings.pinLockMs) })
      : err({ code: 'wrong_pin', attemptsLeft: settings.maxPinAttempts - failed });
  }
  if (instrument.failedPins > 0 || pin.upgraded) {
    await tx
      .update(instruments)
      .set({ failedPins: 0, pinHash: pin.upgraded ?? instrument.pinHash })
      .where(eq(instruments.id, instrument.id));
  }
  if (instrument.expiresAt <= now) return err({ code: 'instrument_expired', kind: instrument.kind });
  return ok(instrument);
}

export type CreditFailure =
  | { code: 'credit_suspended' }
  | { code: 'credit_closed' }
  | { code: 'credit_history' };

/** Statements paid late within a year that still allow credit; one more declines. */
const LATE_PAYMENTS_ALLOWED = 1;

/**
 * Seed 004's check of the credit information, besides expiry and the limit (which the ledger
 * enforces): the status must be good, no statement may be overdue and unpaid, and at most
 * LATE_PAYMENTS_ALLOWED statements may have been paid late in the past 365 days.
 */
export async function creditStanding(
  db: Executor,
  instrumentId: string,
  now: Date,
): Promise<Result<void, CreditFailure>> {
  const [holder] = await db.select().from(creditHolders).where(eq(creditHolders.instrumentId, instrumentId));
  if (!holder || holder.status === 'closed') return err({ code: 'credit_closed' });
  if (holder.status === 'suspended') return err({ code: 'credit_suspended' });
  const yearAgo = new Date(now.getTime() - 365 * 86_400_000);
  const [history] = await db
    .select({
      overdue: sql<number>`count(*) FILTER (WHERE ${creditStatements.paidAt} IS NULL AND ${creditStatements.dueAt} < ${now.toISOString()})::int`,
      late: sql<number>`count(*) FILTER (WHERE ${creditStatements.paidAt} > ${creditStatements.dueAt} AND ${creditStatements.dueAt} > ${yearAgo.toISOString()})::int`,
    })
    .from(creditStatements)
    .where(eq(creditStatements.instrumentId, instrumentId));
  if ((history?.overdue ?? 0) > 0 || (history?.late ?? 0) > LATE_PAYMENTS_ALLOWED)
    return err({ code: 'credit_history' });
  return ok(undefined);
}

/** Records a statement of the holder's payment history (open, or paid at `paidAt`). */
export async function recordStatement(
  db: Executor,
  statement: { instrumentId: string; dueAt: Date; amountDue: bigint; paidAt: Date | null },
  now: Date,
): Promise<string> {
  const id = newId();
  await db.insert(creditStatements).values({ id, ...statement, createdAt: now });
  return id;
}

export async function setCreditStatus(
  db: Executor,
  instrumentId: string,
  status: 'good' | 'suspended' | 'closed',
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(creditHolders)
    .set({ status, updatedAt: now })
    .where(eq(creditHolders.instrumentId, instrumentId))
    .returning({ id: creditHolders.instrumentId });
  return rows.length > 0;
}

/** A holder's repayment reduces the debt on the credit line (money in from outside the ledger). */
export async function recordRepayment(
  db: Db,
  repayment: { id: string; instrumentId: string; amount: bigint },
  now: Date,
): Promise<Result<void, { code: 'unknown_instrument' } | { code: string }>> {
  const [instrument] = await db.select().from(instruments).where(eq(instruments.id, repayment.instrumentId));
  if (instrument?.kind !== 'credit') return err({ code: 'unknown_instrument' });
  return db.transaction(async (tx) => {
    const currency = ((await getAccount(tx, instrument.accountId)) as Account).currency;
    const source = await systemAccount(tx, 'credit_repayments', currency, now);
    const moved = await transfer(
      tx,
      {
        id: repayment.id,
        debitAccountId: source,
        creditAccountId: instrument.accountId,
        amount: repayment.amount,
        currency,
      },
      now,
    );
    return moved.ok ? ok(undefined) : err({ code: moved.error.code });
  });
}
