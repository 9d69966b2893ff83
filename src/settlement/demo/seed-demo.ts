import type { Db } from '../../platform/db/database.ts';
import { instruments } from '../db/schema.ts';
import {
  type InstrumentSettings,
  type IssuedCard,
  issuePrepaidBatch,
  openCreditCard,
} from '../instruments/instruments.ts';

export interface DemoCards {
  prepaid: (IssuedCard & { value: number; currency: string })[];
  credit: (IssuedCard & { holderName: string; limit: number; currency: string })[];
}

/**
 * First start of an empty settlement: a few prepaid cards and one credit card, so a purchaser
 * can pay in the terminal at once. Nothing is done when any instrument exists.
 */
export async function seedSettlementDemo(
  db: Db,
  settings: Pick<InstrumentSettings, 'pepper'>,
  now: Date,
  currency: string,
): Promise<DemoCards | null> {
  if ((await db.select({ id: instruments.id }).from(instruments).limit(1)).length) return null;
  const expiresAt = new Date(now.getTime() + 3 * 365 * 86_400_000);
  const value = 500_000;
  const batch = await issuePrepaidBatch(
    db,
    { count: 3, value: BigInt(value), currency, expiresAt },
    settings,
    now,
  );
  const holderName = 'Demo Holder';
  const limit = 1_000_000;
  const credit = await openCreditCard(
    db,
    { holderName, limit: BigInt(limit), currency, expiresAt },
    settings,
    now,
  );
  return {
    prepaid: batch.cards.map((card) => ({ ...card, value, currency })),
    credit: [{ ...credit, holderName, limit, currency }],
  };
}
