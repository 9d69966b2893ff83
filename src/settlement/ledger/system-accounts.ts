import type { Executor } from '../../platform/db/database.ts';
import { derivedId } from '../../platform/ids.ts';
import { type AccountKind, accounts } from '../db/schema.ts';

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
