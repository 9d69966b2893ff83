import { checkedDigits, encodeCrockford, randomCheckedDigits } from './crockford.ts';

/**
 * Order IDs (B6), printed on the parcel and read aloud at a counter: 17 random Crockford base32
 * digits (85 bits, about 84.8 after the rejection below) and a check digit chosen so that the
 * whole 18-digit number is divisible by 37. A single wrong character or a swap of neighbours,
 * the check digit included, always breaks the divisibility. IDs whose check would need one of
 * Crockford's five extra symbols are drawn again, so every ID reads as plain letters and digits.
 * Shown in three groups: `7KQ4M2-XD9TPR-W3HNK5`.
 */
export const ORDER_ID_DIGITS = 18;
export const ORDER_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{6}-[0-9A-HJKMNP-TV-Z]{6}-[0-9A-HJKMNP-TV-Z]{6}$/;

export const generateOrderId = (): string => formatDigits(randomCheckedDigits(ORDER_ID_DIGITS - 1));

/** The canonical order ID for what a person typed, or null if it is not a valid one. */
export function parseOrderId(input: string): string | null {
  const digits = checkedDigits(input, ORDER_ID_DIGITS);
  return digits && formatDigits(digits);
}

const formatDigits = (digits: number[]): string =>
  [0, 6, 12].map((start) => encodeCrockford(digits.slice(start, start + 6))).join('-');
