import type { Executor } from '../../platform/db/database.ts';
import { derivedId } from '../../platform/ids.ts';
import { sha256 } from '../../platform/secrets.ts';
import { type AccountKind, accounts } from '../db/schema.ts';

/** The settlement's own accounts (escrow, fees, issuance …), or one per owner (a seller's payable). */
export const systemAccountId = (kind: AccountKind, currency: string, owner = 'settlement') =>
  derivedId(`account:${kind}:${currency}:${owner}`);

/**
 * Kinds whose balance may never go below zero: a seller's payable pays for analytics reports,
 * and no hold or payout may take more than it has.
 */
const NO_OVERDRAFT: readonly AccountKind[] = ['seller_payable'];

export async function systemAccount(
  db: Executor,
  kind: AccountKind,
  currency: string,
  now: Date,
  owner?: string,
): Promise<string> {
  const id = systemAccountId(kind, currency, owner);
  await db
    .insert(accounts)
    .values({ id, kind, currency, noOverdraft: NO_OVERDRAFT.includes(kind), createdAt: now })
    .onConflictDoNothing();
  return id;
}

/**
 * Escrow is spread over this many accounts per currency. Every payment credits escrow under the
 * account's row lock, held until its transaction commits; with one account all payments would
 * wait in a single line (a hot account). The order's ID picks the account, so its release and
 * refund find the money where it was held; what escrow holds is the sum over its accounts.
 */
export const ESCROW_ACCOUNTS = 64;

const escrowOwner = (orderId: string) => `settlement/${sha256(orderId).readUInt16BE(0) % ESCROW_ACCOUNTS}`;

/** The escrow account that holds this order's payment. */
export const escrowAccountId = (currency: string, orderId: string) =>
  systemAccountId('escrow', currency, escrowOwner(orderId));

/**
 * Makes every escrow account of a currency, in a statement of its own. A payment that found its
 * escrow account missing must not make it inside its transaction: it already holds the card's
 * row lock there, and inserting an account that another payment is making waits for that one,
 * which may itself be waiting for the card: a deadlock (seen with 40 payments on one card).
 */
export async function createEscrowAccounts(db: Executor, currency: string, now: Date): Promise<void> {
  await db
    .insert(accounts)
    .values(
      Array.from({ length: ESCROW_ACCOUNTS }, (_, n) => ({
        id: systemAccountId('escrow', currency, `settlement/${n}`),
        kind: 'escrow' as const,
        currency,
        noOverdraft: false,
        createdAt: now,
      })),
    )
    .onConflictDoNothing();
}
