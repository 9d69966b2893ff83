import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';

/** Entity IDs: random UUIDs (v4). Not v7: its timestamp would date rows that must not be dated. */
export const newId = (): string => randomUUID();

/**
 * A UUID derived from a name: the same name gives the same ID in every process, so accounts and
 * transfers that exist once per purpose (the JPY escrow, a seller's payable, the release of one
 * order) are found without a lookup table and created twice at once harmlessly.
 */
export function derivedId(name: string): string {
  const hex = createHash('sha256').update(`tokumei:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A bearer secret: 256 random bits, base64url. */
export const newSecret = (prefix = ''): string => `${prefix}${randomBytes(32).toString('base64url')}`;

export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random Crockford base32 digits (values 0..31) from node:crypto. */
export const randomCrockfordDigits = (count: number): number[] =>
  Array.from({ length: count }, () => randomInt(32));

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
