import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import type { OrderAnnouncement } from '../../protocol/settlement.ts';
import { announcements } from '../db/schema.ts';

/**
 * B7: remembers a new order. Announcements arrive at least once from the market's outbox, so
 * the same announcement again is accepted; the same order ID with other terms is refused.
 */
export async function recordAnnouncement(
  db: Executor,
  a: OrderAnnouncement,
  now: Date,
): Promise<Result<{ replayed: boolean }, { code: 'announcement_conflict' }>> {
  if (await insertAnnouncement(db, a, now)) return ok({ replayed: false });
  const [existing] = await db.select().from(announcements).where(eq(announcements.orderId, a.orderId));
  const same =
    existing &&
    existing.amount === BigInt(a.amount) &&
    existing.currency === a.currency &&
    existing.sellerId === a.sellerId &&
    existing.termsHash === a.termsHash;
  return same ? ok({ replayed: true }) : err({ code: 'announcement_conflict' });
}

/** B7 as one statement: true when the announcement is new, false when the order was announced already. */
export async function insertAnnouncement(db: Executor, a: OrderAnnouncement, now: Date): Promise<boolean> {
  const inserted = await db
    .insert(announcements)
    .values({ ...a, amount: BigInt(a.amount), announcedAt: now })
    .onConflictDoNothing()
    .returning({ orderId: announcements.orderId });
  return inserted.length > 0;
}
