import { hmacSha256, safeEqual } from './secrets.ts';

/**
 * Signatures on events that cross the public network (Stripe's scheme): header
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.rawBody">`; several v1 values allow key rotation.
 */
export function signPayload(secret: string, rawBody: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmacSha256(secret, `${t}.${rawBody}`).toString('hex')}`;
}

export type SignatureCheck = 'valid' | 'malformed' | 'stale' | 'mismatch';

export function verifySignature(
  header: string | undefined,
  secrets: readonly string[],
  rawBody: string,
  now: Date,
  toleranceSeconds = 300,
): SignatureCheck {
  if (!header) return 'malformed';
  const parts = header.split(',').map((p) => p.trim().split('=', 2) as [string, string | undefined]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const candidates = parts.filter(([k, v]) => k === 'v1' && v && /^[0-9a-f]{64}$/.test(v)).map(([, v]) => v);
  if (!Number.isInteger(t) || candidates.length === 0) return 'malformed';
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return 'stale';
  for (const secret of secrets) {
    const expected = hmacSha256(secret, `${t}.${rawBody}`);
    if (candidates.some((c) => safeEqual(Buffer.from(c as string, 'hex'), expected))) return 'valid';
  }
  return 'mismatch';
}
