import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { sha256 } from '../../platform/secrets.ts';
import { createTestDatabase, type TestDatabaseKind } from '../../platform/testing/databases.ts';
import { SETTLEMENT_MIGRATIONS } from '../db/migrations-folder.ts';
import {
  authenticate,
  type Instrument,
  type InstrumentSettings,
  type IssuedCard,
  issuePrepaidBatch,
  openCreditCard,
} from '../instruments/instruments.ts';
import { recordAnnouncement } from '../payments/announcements.ts';
import { chargeOrder, withEscrowAccounts } from '../payments/charge.ts';

export const TEST_INSTRUMENT_SETTINGS: InstrumentSettings = {
  pepper: 'settlement-test-pepper-settlement-test',
  maxPinAttempts: 5,
  pinLockMs: 60_000,
};
export const TEST_SELLER = '6f1c2b1e-2d1f-4a57-9c43-2b9f5e1d7a10';

/** A fresh, migrated settlement database for the suite, handed to `opened` before its tests run. */
export function useSettlementDatabase(kind: TestDatabaseKind['name'], opened: (db: Db) => void) {
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const testDb = await createTestDatabase(kind, SETTLEMENT_MIGRATIONS);
    drop = testDb.drop;
    opened(testDb.database.db);
  });
  afterAll(() => drop?.());
}

/** Announced orders, loaded prepaid and credit cards, and charges against one settlement database. */
export function settlementFixtures(db: Db, now: Date) {
  const authenticated = async (card: IssuedCard): Promise<Instrument> => {
    const found = await db.transaction((tx) =>
      authenticate(tx, { number: card.number, pin: card.pin }, TEST_INSTRUMENT_SETTINGS, now),
    );
    if (!found.ok) throw new Error(`card refused: ${found.error.code}`);
    return found.value;
  };
  /** A loaded prepaid card as handed to its holder: number and PIN. */
  const prepaidCard = async (
    value: bigint,
    options: { currency?: string; expiresAt?: Date } = {},
  ): Promise<IssuedCard> => {
    const batch = {
      count: 1,
      value,
      currency: options.currency ?? 'JPY',
      expiresAt: options.expiresAt ?? new Date('2030-01-01'),
    };
    return (await issuePrepaidBatch(db, batch, TEST_INSTRUMENT_SETTINGS, now)).cards[0] as IssuedCard;
  };
  return {
    async announce(amount: number, sellerId = TEST_SELLER): Promise<string> {
      const orderId = `ORD-${newId().slice(0, 8)}`;
      const termsHash = sha256(orderId).toString('hex');
      const announced = await recordAnnouncement(
        db,
        { orderId, amount, currency: 'JPY', sellerId, termsHash },
        now,
      );
      if (!announced.ok) throw new Error('announcement refused');
      return orderId;
    },
    async prepaid(value: bigint): Promise<Instrument> {
      return authenticated(await prepaidCard(value));
    },
    prepaidCard,
    /** A credit card in good standing, as issued (number, PIN) and as the ledger knows it. */
    async credit(holderName: string, limit: bigint, expiresAt = new Date('2030-01-01')) {
      const card = { holderName, limit, currency: 'JPY', expiresAt };
      const issued = await openCreditCard(db, card, TEST_INSTRUMENT_SETTINGS, now);
      return { ...issued, instrument: await authenticated(issued) };
    },
    charge(instrument: Instrument, orderId: string, amount: bigint, paymentId = newId()) {
      return withEscrowAccounts(db, now, () =>
        db.transaction((tx) =>
          chargeOrder(
            tx,
            { paymentId, orderId, amount, currency: 'JPY', pickupPointId: 'PP-1' },
            instrument,
            now,
          ),
        ),
      );
    },
  };
}
