/**
 * Crockford base32, for identifiers people print, read aloud and type: order IDs and pickup
 * codes. No Node imports, so the terminals in the browser read and make them the same way the
 * services do; randomness is the platform's CSPRNG (`crypto.getRandomValues`, which in Node is
 * node:crypto's).
 */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random Crockford digits (values 0..31): the low five bits of random bytes, so unbiased. */
export const randomCrockfordDigits = (count: number): number[] =>
  Array.from(globalThis.crypto.getRandomValues(new Uint8Array(count)), (byte) => byte & 31);

/**
 * Reads Crockford base32 leniently, as a person would type it: case-insensitive, hyphens and
 * spaces ignored, I/L read as 1 and O as 0. Returns digit values, or null on a foreign character.
 */
export function decodeCrockford(text: string): number[] | null {
  const digits: number[] = [];
  for (const raw of text.toUpperCase()) {
    if (raw === '-' || raw === ' ') continue;
    const ch = raw === 'I' || raw === 'L' ? '1' : raw === 'O' ? '0' : raw;
    const value = CROCKFORD.indexOf(ch);
    if (value < 0) return null;
    digits.push(value);
  }
  return digits;
}

export const encodeCrockford = (digits: readonly number[]): string =>
  digits.map((d) => CROCKFORD[d]).join('');

/**
 * The value of the digits modulo 37 (Crockford's check). 37 is prime and coprime to 32 and to
 * 31, so any single wrong digit and any swap of two neighbours changes the remainder.
 */
export const mod37 = (digits: readonly number[]): number => digits.reduce((acc, d) => (acc * 32 + d) % 37, 0);

/**
 * `count` random digits followed by a check digit that makes the whole number divisible by 37;
 * drawn again when the check would need one of Crockford's extra symbols, so every digit is a
 * plain letter or number.
 */
export function randomCheckedDigits(count: number): number[] {
  for (;;) {
    const digits = randomCrockfordDigits(count);
    const check = (37 - ((mod37(digits) * 32) % 37)) % 37;
    if (check < 32) return [...digits, check];
  }
}

/** The digits of what a person typed when there are `length` of them and their check holds. */
export function checkedDigits(input: string, length: number): number[] | null {
  const digits = decodeCrockford(input);
  return digits && digits.length === length && mod37(digits) === 0 ? digits : null;
}
