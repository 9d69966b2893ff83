import { randomBytes, randomUUID } from 'node:crypto';
import { sha256, slowHash, verifySlowHash } from './secrets.ts';

/**
 * API keys look like `<prefix>_<key id>_<secret>`. The key ID finds the stored row; the whole key
 * is checked against its slow hash. Verified keys are remembered briefly (by SHA-256, per
 * process) so that a client's every request does not pay for scrypt again; the caller still
 * checks the row for revocation and suspension on each request.
 */
export async function newApiKey(prefix: string): Promise<{ id: string; key: string; hash: string }> {
  const id = randomUUID();
  const key = `${prefix}_${id.replaceAll('-', '')}_${randomBytes(24).toString('base64url')}`;
  return { id, key, hash: await slowHash(key) };
}

export function apiKeyId(prefix: string, key: string): string | null {
  const match = new RegExp(`^${prefix}_([0-9a-f]{32})_[A-Za-z0-9_-]{32}$`).exec(key);
  if (!match?.[1]) return null;
  const h = match[1];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export class VerifiedKeyCache {
  readonly #verified = new Map<string, number>();
  readonly #ttlMs: number;

  constructor(ttlMs = 5 * 60_000) {
    this.#ttlMs = ttlMs;
  }

  async verify(key: string, storedHash: string): Promise<boolean> {
    const digest = sha256(`${key}\0${storedHash}`).toString('base64');
    const until = this.#verified.get(digest);
    if (until !== undefined && until > Date.now()) return true;
    if (!(await verifySlowHash(key, storedHash))) return false;
    if (this.#verified.size > 10_000) this.#verified.clear();
    this.#verified.set(digest, Date.now() + this.#ttlMs);
    return true;
  }
}

export const bearerToken = (header: string | undefined): string | undefined =>
  header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
