import { asc, eq, inArray, sql } from 'drizzle-orm';
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
 * Three statements when it moves money: lock both accounts, insert, add to both totals.
 */
export async function transfer(
  tx: Tx,
  request: TransferRequest,
  now: Date,
): Promise<Result<Transfer & { replayed: boolean }, TransferFailure>> {
  if (request.amount <= 0n) return err({ code: 'amount_not_positive' });
  if (request.debitAccountId === request.creditAccountId) return err({ code: 'same_account' });
  const locked = await lockAccounts(tx, [request.debitAccountId, request.creditAccountId]);
  const kind: TransferKind = request.pending ? 'pending' : 'posted';
  // A retry is recognised by its ID, whatever the accounts allow by now.
  const replay = (existing: Transfer): Result<Transfer & { replayed: boolean }, TransferFailure> => {
    const same =
      existing.kind === kind &&
      existing.debitAccountId === request.debitAccountId &&
      existing.creditAccountId === request.creditAccountId &&
      existing.amount === request.amount &&
      existing.currency === request.currency &&
      existing.reference === (request.reference ?? null);
    return same ? ok({ ...existing, replayed: true }) : err({ code: 'id_reused', existing });
  };

  const refused = refusal(request, locked);
  if (refused) {
    const existing = await findTransfer(tx, request.id);
    return existing ? replay(existing) : err(refused);
  }
  const created = await insertTransfer(tx, { ...request, kind, pendingId: null }, now);
  if (!created) {
    const existing = await findTransfer(tx, request.id);
    if (!existing) throw new Error(`transfer ${request.id} conflicted, yet is not there`);
    return replay(existing);
  }
  const side = request.pending ? 'Pending' : 'Posted';
  await addToTotals(tx, [
    { id: request.debitAccountId, [`debits${side}`]: request.amount },
    { id: request.creditAccountId, [`credits${side}`]: request.amount },
  ]);
  return ok({ ...created, replayed: false });
}

/** Why the accounts, as locked, refuse this transfer; null when they take it. */
function refusal(request: TransferRequest, locked: Map<string, Account>): TransferFailure | null {
  const debit = locked.get(request.debitAccountId);
  const credit = locked.get(request.creditAccountId);
  if (!debit) return { code: 'account_not_found', accountId: request.debitAccountId };
  if (!credit) return { code: 'account_not_found', accountId: request.creditAccountId };
  if (debit.currency !== request.currency || credit.currency !== request.currency) {
    return { code: 'currency_mismatch' };
  }
  if (debit.noOverdraft && spendable(debit) < request.amount) {
    return { code: 'exceeds_balance', available: spendable(debit) };
  }
  if (debit.creditLimit !== null && debt(debit) + request.amount > debit.creditLimit) {
    return { code: 'exceeds_credit_limit', available: debit.creditLimit - debt(debit) };
  }
  return null;
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
  await lockAccounts(tx, [pending.debitAccountId, pending.creditAccountId]);
  const kind: TransferKind = request.action === 'post' ? 'post_pending' : 'void_pending';

  // The insert does nothing when this ID, or any resolution of the pending transfer, exists.
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
  if (!created) {
    const existing = await findTransfer(tx, request.id);
    if (existing) {
      const same = existing.kind === kind && existing.pendingId === pending.id;
      return same ? ok({ ...existing, replayed: true }) : err({ code: 'id_reused', existing });
    }
    const [resolution] = await tx.select().from(transfers).where(eq(transfers.pendingId, pending.id));
    return err({ code: 'already_resolved', resolution: resolution as Transfer });
  }
  const posted = kind === 'post_pending' ? pending.amount : 0n;
  await addToTotals(tx, [
    { id: pending.debitAccountId, debitsPending: -pending.amount, debitsPosted: posted },
    { id: pending.creditAccountId, creditsPending: -pending.amount, creditsPosted: posted },
  ]);
  return ok({ ...created, replayed: false });
}

type TotalsChange = { id: string } & Partial<
  Record<'debitsPending' | 'debitsPosted' | 'creditsPending' | 'creditsPosted', bigint>
>;

/** Adds to accounts' totals in one statement; the caller holds their locks. */
async function addToTotals(tx: Tx, changes: TotalsChange[]): Promise<void> {
  const rows = changes.map(
    (c) =>
      sql`(${c.id}::uuid, ${String(c.debitsPending ?? 0n)}::bigint, ${String(c.debitsPosted ?? 0n)}::bigint,
           ${String(c.creditsPending ?? 0n)}::bigint, ${String(c.creditsPosted ?? 0n)}::bigint)`,
  );
  await tx.execute(sql`UPDATE accounts a SET
      debits_pending = a.debits_pending + v.dpe, debits_posted = a.debits_posted + v.dpo,
      credits_pending = a.credits_pending + v.cpe, credits_posted = a.credits_posted + v.cpo
    FROM (VALUES ${sql.join(rows, sql`, `)}) AS v(id, dpe, dpo, cpe, cpo)
    WHERE a.id = v.id`);
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

/** Inserts a transfer unless its ID, or the resolution of its pending transfer, is taken. */
async function insertTransfer(
  tx: Tx,
  t: Omit<Transfer, 'createdAt' | 'reference'> & { reference?: string | null },
  now: Date,
): Promise<Transfer | undefined> {
  const [row] = await tx
    .insert(transfers)
    .values({ ...t, reference: t.reference ?? null, createdAt: now })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function getAccount(db: Executor, id: string): Promise<Account | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}
