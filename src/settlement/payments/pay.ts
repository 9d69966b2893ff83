import type { Tx } from '../../platform/db/database.ts';
import { DECLINE_MESSAGES, type PaymentAnswer, type PaymentRequest } from '../../protocol/settlement.ts';
import type { InstrumentSettings } from '../instruments/instruments.ts';
import { insertAnnouncement } from './announcements.ts';
import { authenticateCard, chargeOrder, type Decline } from './charge.ts';

/**
 * B8 at settlement, in one transaction: the instrument is authenticated (wrong PINs counted,
 * and committed with the decline), the order's announcement recorded if it came along and is
 * new, then the order is charged into escrow. Every outcome is an answer; a decline writes
 * nothing but the PIN count and that announcement.
 */
export async function pay(
  tx: Tx,
  request: PaymentRequest & { paymentId: string },
  settings: InstrumentSettings,
  now: Date,
): Promise<PaymentAnswer> {
  const authenticated = await authenticateCard(tx, request.instrument, settings, now);
  if (!authenticated.ok) return declined(authenticated.error);
  // B7 with the payment, if it is not here yet; an order announced with other terms keeps them,
  // and the charge then declines what does not match.
  if (request.announcement) await insertAnnouncement(tx, request.announcement, now);
  const charged = await chargeOrder(
    tx,
    {
      paymentId: request.paymentId,
      orderId: request.orderId,
      amount: BigInt(request.amount),
      currency: request.currency,
      pickupPointId: request.pickupPointId,
    },
    authenticated.value,
    now,
  );
  if (!charged.ok) return declined(charged.error);
  return {
    outcome: 'approved',
    paymentId: charged.value.paymentId,
    orderId: request.orderId,
    amount: request.amount,
    currency: request.currency,
    paidAt: charged.value.paidAt.toISOString(),
  };
}

const declined = (decline: Decline): PaymentAnswer => ({
  outcome: 'declined',
  code: decline.code,
  message: DECLINE_MESSAGES[decline.code],
  ...(decline.paidAt ? { paidAt: decline.paidAt.toISOString() } : {}),
  ...(decline.attemptsLeft !== undefined ? { attemptsLeft: decline.attemptsLeft } : {}),
});
