import { hmacSha256, safeEqual, sha256 } from '../../platform/secrets.ts';

/**
 * The order secret is the purchaser's capability to read (and later pay) its order. It is
 * derived from the order ID under the market's secret key, so an idempotent replay can show it
 * again without the database ever holding it; the database keeps only its SHA-256 verifier.
 */
export const orderSecret = (secretKey: string, orderId: string): string =>
  `os_${hmacSha256(secretKey, `order-secret\0${orderId}`).toString('base64url')}`;

export const orderSecretVerifier = (secret: string): Buffer => sha256(secret);

export const orderSecretMatches = (presented: string | undefined, verifier: Buffer): boolean =>
  safeEqual(sha256(presented ?? ''), verifier);
