import type { Executor } from '../../platform/db/database';
import { sha256 } from '../../platform/secrets';
import { type AccountKind, accounts } from '../db/schema';

/**
 * The settlement's own accounts (escrow, fees, issuance …), one per kind and currency. Their IDs
 * are derived from kind and currency, so every process finds the same account and creating it
 * twice at once is harmless.
 */
export function systemAccountId(kind: AccountKind, currency: string): string {
  const hex = sha256(`tokumei-system-account:${kind}:${currency}`).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function systemAccount(
  db: Executor,
  kind: AccountKind,
  currency: string,
  now: Date,
): Promise<string> {
  const id = systemAccountId(kind, currency);
  await db.insert(accounts).values({ id, kind, currency, createdAt: now }).onConflictDoNothing();
  return id;
}
