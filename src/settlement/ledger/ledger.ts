import { asc, eq, inArray } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import { type AccountKind, accounts, type TransferKind, transfers } from '../db/schema.ts';

/**
 * The double-entry ledger (DESIGN §4, after TigerBeetle): every movement is an immutable transfer
 * between two accounts with an ID chosen by the caller; a pending transfer reserves money and is
 * later posted or voided exactly once. Balances change only here, under row locks taken in a
 * fixed order, so concurrent transfers never deadlock and never overdraw.
 */

export type Account = typeof accounts.$inferSelect;
export type Transfer = typeof transfers.$inferSelect;

export interface NewAccount {
  id?: string;
  kind: AccountKind;
  currency: string;
  noOverdraft?: boolean;
  creditLimit?: bigint | null;
}

export async function openAccount(db: Executor, account: NewAccount, now: Date): Promise<Account> {
  const [row] = await db
    .insert(accounts)
    .values({
      id: account.id ?? newId(),
      kind: account.kind,
      currency: account.currency,
      noOverdraft: account.noOverdraft ?? false,
      creditLimit: account.creditLimit ?? null,
      createdAt: now,
    })
    .returning();
  return row as Account;
}

/** What a prepaid card may still spend: credits − debits, money reserved by pending debits included. */
export const spendable = (a: Account) => a.creditsPosted - a.debitsPosted - a.debitsPending;
/** What a credit line owes, pending debits included. */
export const debt = (a: Account) => a.debitsPosted + a.debitsPending - a.creditsPosted;

export interface TransferRequest {
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: bigint;
  currency: string;
  /** Reserve now, post or void later. */
  pending?: boolean;
  reference?: string | null;
}

export type TransferFailure =
  | { code: 'id_reused'; existing: Transfer }
  | { code: 'account_not_found'; accountId: string }
  | { code: 'same_account' }
  | { code: 'amount_not_positive' }
  | { code: 'currency_mismatch' }
  | { code: 'exceeds_balance'; available: bigint }
  | { code: 'exceeds_credit_limit'; available: bigint };

/**
 * Moves `amount` from the debit account to the credit account, posted or pending. Replaying a
 * transfer (same ID, same fields) answers the original; the same ID with other fields is refused.
 */
export async function transfer(
  tx: Tx,
  request: TransferRequest,
  now: Date,
): Promise<Result<Transfer & { replayed: boolean }, TransferFailure>> {
  if (request.amount <= 0n) return err({ code: 'amount_not_positive' });
  if (request.debitAccountId === request.creditAccountId) return err({ code: 'same_account' });
  const locked = await lockAccounts(tx, [request.debitAccountId, request.creditAccountId]);

  const existing = await findTransfer(tx, request.id);
  if (existing) {
    const same =
      existing.kind === (request.pending ? 'pending' : 'posted') &&
      existing.debitAccountId === request.debitAccountId &&
      existing.creditAccountId === request.creditAccountId &&
      existing.amount === request.amount &&
      existing.currency === request.currency &&
      existing.reference === (request.reference ?? null);
    return same ? ok({ ...existing, replayed: true }) : err({ code: 'id_reused', existing });
  }

  const debit = locked.get(request.debitAccountId);
  const credit = locked.get(request.creditAccountId);
  if (!debit) return err({ code: 'account_not_found', accountId: request.debitAccountId });
  if (!credit) return err({ code: 'account_not_found', accountId: request.creditAccountId });
  if (debit.currency !== request.currency || credit.currency !== request.currency) {
    return err({ code: 'currency_mismatch' });
  }
  if (debit.noOverdraft && spendable(debit) < request.amount) {
    return err({ code: 'exceeds_balance', available: spendable(debit) });
  }
  if (debit.creditLimit !== null && debt(debit) + request.amount > debit.creditLimit) {
    return err({ code: 'exceeds_credit_limit', available: debit.creditLimit - debt(debit) });
  }

  const kind: TransferKind = request.pending ? 'pending' : 'posted';
  const created = await insertTransfer(tx, { ...request, kind, pendingId: null }, now);
  const side = request.pending ? 'Pending' : 'Posted';
  await tx
    .update(accounts)
    .set({ [`debits${side}`]: debit[`debits${side}`] + request.amount })
    .where(eq(accounts.id, debit.id));
  await tx
    .update(accounts)
    .set({ [`credits${side}`]: credit[`credits${side}`] + request.amount })
    .where(eq(accounts.id, credit.id));
  return ok({ ...created, replayed: false });
}

export type ResolveFailure =
  | { code: 'id_reused'; existing: Transfer }
  | { code: 'pending_not_found' }
  | { code: 'already_resolved'; resolution: Transfer };

/**
 * Posts (makes final) or voids (gives back) a pending transfer, exactly once. Replaying the same
 * resolution answers the original; a second, different resolution is refused with the first.
 */
export async function resolvePending(
  tx: Tx,
  request: { id: string; pendingId: string; action: 'post' | 'void' },
  now: Date,
): Promise<Result<Transfer & { replayed: boolean }, ResolveFailure>> {
  const pending = await findTransfer(tx, request.pendingId);
  if (pending?.kind !== 'pending') return err({ code: 'pending_not_found' });
  const locked = await lockAccounts(tx, [pending.debitAccountId, pending.creditAccountId]);
  const kind: TransferKind = request.action === 'post' ? 'post_pending' : 'void_pending';

  const existing = await findTransfer(tx, request.id);
  if (existing) {
    const same = existing.kind === kind && existing.pendingId === pending.id;
    return same ? ok({ ...existing, replayed: true }) : err({ code: 'id_reused', existing });
  }
  const [resolution] = await tx.select().from(transfers).where(eq(transfers.pendingId, pending.id));
  if (resolution) return err({ code: 'already_resolved', resolution });

  const debit = locked.get(pending.debitAccountId) as Account;
  const credit = locked.get(pending.creditAccountId) as Account;
  const created = await insertTransfer(
    tx,
    {
      id: request.id,
      kind,
      debitAccountId: pending.debitAccountId,
      creditAccountId: pending.creditAccountId,
      amount: pending.amount,
      currency: pending.currency,
      pendingId: pending.id,
      reference: pending.reference,
    },
    now,
  );
  const posted = kind === 'post_pending' ? pending.amount : 0n;
  await tx
    .update(accounts)
    .set({ debitsPending: debit.debitsPending - pending.amount, debitsPosted: debit.debitsPosted + posted })
    .where(eq(accounts.id, debit.id));
  await tx
    .update(accounts)
    .set({
      creditsPending: credit.creditsPending - pending.amount,
      creditsPosted: credit.creditsPosted + posted,
    })
    .where(eq(accounts.id, credit.id));
  return ok({ ...created, replayed: false });
}

/** Locks the accounts in ID order (so two transfers never wait on each other crosswise). */
async function lockAccounts(tx: Tx, ids: string[]): Promise<Map<string, Account>> {
  const rows = await tx
    .select()
    .from(accounts)
    .where(inArray(accounts.id, ids))
    .orderBy(asc(accounts.id))
    .for('update');
  return new Map(rows.map((r) => [r.id, r]));
}

async function findTransfer(db: Executor, id: string): Promise<Transfer | undefined> {
  const [row] = await db.select().from(transfers).where(eq(transfers.id, id));
  return row;
}

async function insertTransfer(
  tx: Tx,
  t: Omit<Transfer, 'createdAt' | 'reference'> & { reference?: string | null },
  now: Date,
): Promise<Transfer> {
  const [row] = await tx
    .insert(transfers)
    .values({ ...t, reference: t.reference ?? null, createdAt: now })
    .returning();
  return row as Transfer;
}

export async function getAccount(db: Executor, id: string): Promise<Account | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}
