import type { Executor } from '../../platform/db/database.ts';
import { derivedId } from '../../platform/ids.ts';
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
