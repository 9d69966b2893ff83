import type { Db } from '../../platform/db/database';
import { newId } from '../../platform/ids';
import { sha256 } from '../../platform/secrets';
import {
  authenticate,
  type Instrument,
  type InstrumentSettings,
  issuePrepaidBatch,
} from '../instruments/instruments';
import { recordAnnouncement } from '../payments/announcements';
import { chargeOrder } from '../payments/charge';

export const TEST_INSTRUMENT_SETTINGS: InstrumentSettings = {
  pepper: 'settlement-test-pepper-settlement-test',
  maxPinAttempts: 5,
  pinLockMs: 60_000,
};
export const TEST_SELLER = '6f1c2b1e-2d1f-4a57-9c43-2b9f5e1d7a10';

/** Announced orders, loaded prepaid cards and charges against one settlement database. */
export function settlementFixtures(db: Db, now: Date) {
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
      const batch = { count: 1, value, currency: 'JPY', expiresAt: new Date('2030-01-01') };
      const [card] = (await issuePrepaidBatch(db, batch, TEST_INSTRUMENT_SETTINGS, now)).cards;
      const found = await db.transaction((tx) =>
        authenticate(tx, { number: card!.number, pin: card!.pin }, TEST_INSTRUMENT_SETTINGS, now),
      );
      if (!found.ok) throw new Error('card not found');
      return found.value;
    },
    charge(instrument: Instrument, orderId: string, amount: bigint, paymentId = newId()) {
      return db.transaction((tx) =>
        chargeOrder(
          tx,
          { paymentId, orderId, amount, currency: 'JPY', pickupPointId: 'PP-1' },
          instrument,
          now,
        ),
      );
    },
  };
}
