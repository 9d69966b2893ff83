import { createHash, randomBytes, randomUUID } from 'node:crypto';

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
