import { requestHash } from '../../platform/idempotency';
import { hmacSha256 } from '../../platform/secrets';
import type { PaymentRequest } from '../../protocol/settlement';

/**
 * The fingerprint an Idempotency-Key is held to. It covers the instrument, so another card
 * under the same key is refused, but keyed with the settlement's secret: a plain hash of a
 * card number and a four-digit PIN could be reversed by trying them all.
 */
export const paymentRequestHash = (secretKey: string, request: PaymentRequest) =>
  hmacSha256(secretKey, requestHash(request)).toString('hex');
