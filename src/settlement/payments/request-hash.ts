import { requestHash } from '../../platform/idempotency.ts';
import { hmacSha256 } from '../../platform/secrets.ts';
import type { PaymentRequest } from '../../protocol/settlement.ts';
import { parseCardNumber } from '../instruments/card-number.ts';

/**
 * A fingerprint of parameters that hold a card number, keyed with the settlement's secret: a
 * plain hash of a card number and a four-digit PIN could be reversed by trying them all.
 */
export const keyedRequestHash = (secretKey: string, params: unknown) =>
  hmacSha256(secretKey, requestHash(params)).toString('hex');

/** The same card typed with or without its spaces is the same card. */
export const normalizedCardNumber = (number: string) => parseCardNumber(number) ?? number;

/**
 * The fingerprint an Idempotency-Key is held to. It covers the instrument, so another card
 * under the same key is refused.
 */
export const paymentRequestHash = (secretKey: string, request: PaymentRequest) =>
  keyedRequestHash(secretKey, {
    ...request,
    instrument: { ...request.instrument, number: normalizedCardNumber(request.instrument.number) },
  });
