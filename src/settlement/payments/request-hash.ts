import { requestHash } from '../../platform/idempotency.ts';
import { hmacSha256 } from '../../platform/secrets.ts';
import type { PaymentRequest } from '../../protocol/settlement.ts';
import { parseCardNumber } from '../instruments/card-number.ts';

/**
 * The fingerprint an Idempotency-Key is held to. It covers the instrument, so another card
 * under the same key is refused, but keyed with the settlement's secret: a plain hash of a
 * card number and a four-digit PIN could be reversed by trying them all.
 */
export const paymentRequestHash = (secretKey: string, request: PaymentRequest) => {
  // The same card typed with or without its spaces is the same payment.
  const number = parseCardNumber(request.instrument.number) ?? request.instrument.number;
  const normalized = { ...request, instrument: { ...request.instrument, number } };
  return hmacSha256(secretKey, requestHash(normalized)).toString('hex');
};
