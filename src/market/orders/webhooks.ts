import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import { drainOutbox } from '../../platform/outbox.ts';
import { signPayload } from '../../platform/webhook-signature.ts';
import type { WebhookTargets } from '../../platform/webhook-targets.ts';
import { sellerEvents, sellers } from '../db/schema.ts';
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
      // A refused address is recorded like any failed delivery: retried, then parked.
      return options.targets.post(
        target.url,
        body,
        {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signPayload(target.secret, body, options.now),
        },
        5000,
      );
    },
  });
}
