import { randomInt } from 'node:crypto';

/**
 * 16-digit instrument numbers with a Luhn check digit (ISO/IEC 7812), so a mistyped digit is
 * caught before it costs a PIN attempt. Written here because the Luhn sum is a few lines and the
 * npm packages for it validate but do not generate.
 */
const LENGTH = 16;
/** Issuer prefixes in the range reserved for private use, one per instrument kind. */
export const CARD_PREFIX = { prepaid: '9392', credit: '9393' } as const;

function luhnSum(digits: string, withCheckDigit: boolean): number {
  let sum = 0;
  for (let i = digits.length - 1, position = withCheckDigit ? 0 : 1; i >= 0; i--, position++) {
    let d = Number(digits[i]);
    if (position % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

export const luhnValid = (digits: string): boolean =>
  /^\d+$/.test(digits) && luhnSum(digits, true) % 10 === 0;

export function generateCardNumber(kind: keyof typeof CARD_PREFIX): string {
  let body = CARD_PREFIX[kind];
  while (body.length < LENGTH - 1) body += String(randomInt(10));
  return body + String((10 - (luhnSum(body, false) % 10)) % 10);
}

/** A number as a person types it ("9392 1234-5678 9012") → its digits, or null when malformed. */
export function parseCardNumber(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '');
  return digits.length === LENGTH && luhnValid(digits) ? digits : null;
}

/** Printed in groups of four, as on a card. */
export const formatCardNumber = (digits: string) => digits.replace(/(\d{4})(?=\d)/g, '$1 ');

/** A random PIN of the given length, from node:crypto. */
export const generatePin = (length = 6): string =>
  Array.from({ length }, () => String(randomInt(10))).join('');
