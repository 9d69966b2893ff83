import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { enqueue } from '../../platform/outbox.ts';
import { sellerEvents, sellers } from '../db/schema.ts';

export const SELLER_EVENTS_CHANNEL = 'tokumei_seller_events';
export const WEBHOOK_TOPIC = 'seller.webhook';

/**
 * Tells a seller something (B6 arrow e): appended to its inbox in the caller's transaction,
 * queued for its webhook if it has one, and announced with NOTIFY (sent at commit) so live
 * streams in every market process pick it up.
 */
export async function appendSellerEvent(
  db: Executor,
  sellerId: string,
  type: string,
  payload: Record<string, unknown>,
  now: Date,
): Promise<void> {
  // One statement: the event, the seller's webhook (if any) and the NOTIFY, all in RETURNING.
  const [event] = await db
    .insert(sellerEvents)
    .values({ sellerId, type, payload, createdAt: now })
    .returning({
      seq: sellerEvents.seq,
      webhookUrl: sql<
        string | null
      >`(SELECT ${sellers.webhookUrl} FROM ${sellers} WHERE ${sellers.id} = ${sellerId})`,
      notified: sql`pg_notify(${SELLER_EVENTS_CHANNEL}, ${sellerId})`,
    });
  if (event?.webhookUrl) {
    await enqueue(db, { topic: WEBHOOK_TOPIC, payload: { sellerId, seq: event.seq }, now });
  }
}

/** A seller's events go in sequence order; the stream's event ID is the cursor of this key. */
export const sellerEventKey = z.tuple([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]);

export const sellerEventsAfter = (db: Executor, sellerId: string, afterSeq: number, limit = 500) =>
  db
    .select()
    .from(sellerEvents)
    .where(and(eq(sellerEvents.sellerId, sellerId), gt(sellerEvents.seq, afterSeq)))
    .orderBy(asc(sellerEvents.seq))
    .limit(limit);

export async function latestSellerEventSeq(db: Executor, sellerId: string): Promise<number> {
  const [row] = await db
    .select({ seq: sql<number>`coalesce(max(${sellerEvents.seq}), 0)::bigint` })
    .from(sellerEvents)
    .where(eq(sellerEvents.sellerId, sellerId));
  return Number(row?.seq ?? 0);
}
