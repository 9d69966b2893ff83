import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { type Message, wordMessage } from '../../platform/http/messages.ts';
import type { Logger } from '../../platform/log.ts';
import { drainOutbox } from '../../platform/outbox.ts';
import { signPayload } from '../../platform/webhook-signature.ts';
import type { WebhookRefusal, WebhookTargets } from '../../platform/webhook-targets.ts';
import { sellerEvents, sellers } from '../db/schema.ts';
import { message } from '../problems/catalogue.ts';
import { WEBHOOK_TOPIC } from './seller-events.ts';

export const SIGNATURE_HEADER = 'tokumei-signature';
const MAX_ATTEMPTS = 12;

/**
 * Delivers queued webhooks (at least once), signed, giving up after MAX_ATTEMPTS. Safe to run
 * in every market process.
 */
export function deliverWebhooks(
  db: Db,
  options: { now: Date; log: Logger; targets: WebhookTargets; batch?: number },
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
      const failed = await options.targets.post(
        target.url,
        body,
        {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signPayload(target.secret, body, options.now),
        },
        5000,
      );
      // A refused address is recorded like any failed delivery (in English, for the operator):
      // retried, then parked.
      return typeof failed === 'object' && failed ? wordMessage(webhookRefusal(failed), 'en') : failed;
    },
  });
}

/** Why a URL may not receive webhooks, as the seller is told it (and the operator's records say). */
export function webhookRefusal(refusal: WebhookRefusal): Message {
  switch (refusal.reason) {
    case 'scheme':
      return message('invalid_webhook_url.scheme', { schemes: refusal.schemes });
    case 'unresolved':
      return message('invalid_webhook_url.unresolved', { host: refusal.host });
    case 'address': {
      const what = message('webhook_address', { kind: refusal.kind });
      return refusal.host
        ? message('invalid_webhook_url.resolved', { host: refusal.host, address: refusal.address, what })
        : message('invalid_webhook_url.address', { address: refusal.address, what });
    }
  }
}
