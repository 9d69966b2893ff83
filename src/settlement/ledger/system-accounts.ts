import type { Executor } from '../../platform/db/database';
import { sha256 } from '../../platform/secrets';
import { type AccountKind, accounts } from '../db/schema';

/**
 * A UUID derived from a name: the same name gives the same ID in every process, so accounts and
 * transfers that exist once per purpose (the JPY escrow, a seller's payable, the release of one
 * order) are found without a lookup table and created twice at once harmlessly.
 */
export function derivedId(name: string): string {
  const hex = sha256(`tokumei:${name}`).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The settlement's own accounts (escrow, fees, issuance …), or one per owner (a seller's payable). */
export const systemAccountId = (kind: AccountKind, currency: string, owner = 'settlement') =>
  derivedId(`account:${kind}:${currency}:${owner}`);

export async function systemAccount(
  db: Executor,
  kind: AccountKind,
  currency: string,
  now: Date,
  owner?: string,
): Promise<string> {
  const id = systemAccountId(kind, currency, owner);
  await db.insert(accounts).values({ id, kind, currency, createdAt: now }).onConflictDoNothing();
  return id;
}
