import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import { drainOutbox } from '../../platform/outbox.ts';
import { signPayload } from '../../platform/webhook-signature.ts';
import { sellerEvents, sellers } from '../db/schema.ts';
import { WEBHOOK_TOPIC } from './seller-events.ts';

export const SIGNATURE_HEADER = 'tokumei-signature';
const MAX_ATTEMPTS = 12;

const isPrivateAddress = (address: string): boolean =>
  /^(127\.|10\.|192\.168\.|169\.254\.|0\.|172\.(1[6-9]|2\d|3[01])\.)/.test(address) ||
  address === '::1' ||
  /^f[cd]/i.test(address) ||
  /^fe80/i.test(address);

/**
 * Webhook targets must be public https URLs, so a seller cannot make the market call into its
 * own network (SSRF). Tests and local demos may allow private http targets by configuration.
 * Returns the reason a URL is refused, or null.
 */
export async function checkWebhookUrl(url: string, allowPrivate: boolean): Promise<string | null> {
  const parsed = new URL(url);
  if (allowPrivate) return ['http:', 'https:'].includes(parsed.protocol) ? null : 'must be an http(s) URL';
  if (parsed.protocol !== 'https:') return 'must be an https URL';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [host]
    : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0) return `host ${host} does not resolve`;
  if (addresses.some(isPrivateAddress)) return `host ${host} is a private or loopback address`;
  return null;
}

/**
 * Delivers queued webhooks (at least once), signed, giving up after MAX_ATTEMPTS. Safe to run
 * in every market process.
 */
export function deliverWebhooks(
  db: Db,
  options: { now: Date; log: Logger; allowPrivate: boolean; batch?: number },
): Promise<number> {
  return drainOutbox(db, {
    topic: WEBHOOK_TOPIC,
    now: options.now,
    log: options.log,
    maxAttempts: MAX_ATTEMPTS,
    batch: options.batch,
    deliver: async (job) => {
      const { sellerId, seq } = job.payload as { sellerId: string; seq: number };
      const [target] = await db
        .select({ url: sellers.webhookUrl, secret: sellers.webhookSecret, event: sellerEvents })
        .from(sellerEvents)
        .innerJoin(sellers, eq(sellers.id, sellerEvents.sellerId))
        .where(and(eq(sellerEvents.seq, seq), eq(sellerEvents.sellerId, sellerId)));
      // The seller removed its webhook since: nothing to deliver.
      if (!target?.url || !target.secret) return null;
      const body = JSON.stringify({
        id: String(target.event.seq),
        type: target.event.type,
        createdAt: target.event.createdAt.toISOString(),
        data: target.event.payload,
      });
      return post(target.url, body, signPayload(target.secret, body, options.now), options.allowPrivate);
    },
  });
}

async function post(
  url: string,
  body: string,
  signature: string,
  allowPrivate: boolean,
): Promise<string | null> {
  const refused = await checkWebhookUrl(url, allowPrivate);
  if (refused) return refused;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(5000),
    });
    return response.ok ? null : `HTTP ${response.status}`;
  } catch (error) {
    return (error as Error).message;
  }
}
