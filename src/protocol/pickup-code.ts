import { checkedDigits, encodeCrockford, randomCheckedDigits } from './crockford.ts';
import { parseOrderId } from './order-id.ts';

/**
 * The pickup code (B9): the bearer secret a purchaser shows at the pickup point with the order
 * ID. The purchaser's browser makes it (this module has no Node imports for that reason) from
 * 11 random Crockford digits, about 54.8 bits after the check's rejection, and a check digit, so
 * a clerk's typo is caught before it costs one of the limited attempts. Nothing derives it from
 * the order ID, which is printed on the box. Shown in three groups: `7KQ4-M2XD-9TPR`.
 */
export const PICKUP_CODE_DIGITS = 12;
export const PICKUP_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

export const generatePickupCode = (): string => formatDigits(randomCheckedDigits(PICKUP_CODE_DIGITS - 1));

/** The canonical pickup code for what was typed or scanned, or null if it is not a valid one. */
export function parsePickupCode(input: string): string | null {
  const digits = checkedDigits(input, PICKUP_CODE_DIGITS);
  return digits && formatDigits(digits);
}

const formatDigits = (digits: number[]): string =>
  [0, 4, 8].map((start) => encodeCrockford(digits.slice(start, start + 4))).join('-');

/**
 * What the purchaser's QR code holds: order ID and pickup code, so one scan at the counter
 * gives the clerk both. Only QR alphanumeric characters, so the symbol stays small.
 */
const QR_PREFIX = 'TKP:';

export const pickupQrPayload = (orderId: string, code: string): string => `${QR_PREFIX}${orderId}:${code}`;

/** The order ID and pickup code in a scanned QR payload, or null when it is not one. */
export function parsePickupQr(text: string): { orderId: string; code: string } | null {
  const trimmed = text.trim().toUpperCase();
  if (!trimmed.startsWith(QR_PREFIX)) return null;
  const [rawOrder, rawCode, ...rest] = trimmed.slice(QR_PREFIX.length).split(':');
  if (rest.length || rawOrder === undefined || rawCode === undefined) return null;
  const orderId = parseOrderId(rawOrder);
  const code = parsePickupCode(rawCode);
  return orderId && code ? { orderId, code } : null;
}
