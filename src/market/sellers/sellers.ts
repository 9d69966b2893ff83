import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { newId, newSecret } from '../../platform/ids.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import { offers, sellers } from '../db/schema.ts';
import { issueSellerKey, type Seller } from './seller-auth.ts';

/** A seller registers and gets its API key, shown this once. */
export async function registerSeller(
  db: Executor,
  name: string,
  now: Date,
): Promise<{ seller: Seller; apiKey: string }> {
  const [seller] = await db
    .insert(sellers)
    .values({ id: newId(), name, status: 'active', createdAt: now })
    .returning();
  const apiKey = await issueSellerKey(db, (seller as Seller).id, now);
  return { seller: seller as Seller, apiKey };
}

export const listSellers = (db: Executor) =>
  db.select().from(sellers).orderBy(asc(sellers.name), asc(sellers.id));

/** Suspension hides the seller's offers from retrieval and stops its key; reinstatement undoes both. */
export async function setSellerStatus(
  db: Executor,
  sellerId: string,
  status: Seller['status'],
): Promise<Result<Seller, 'seller_not_found'>> {
  const [seller] = await db.update(sellers).set({ status }).where(eq(sellers.id, sellerId)).returning();
  if (!seller) return err('seller_not_found');
  await db
    .update(offers)
    .set({ sellerActive: status === 'active' })
    .where(eq(offers.sellerId, sellerId));
  return ok(seller);
}

/** Sets the webhook URL and returns a new signing secret, which the seller keeps to verify us. */
export async function setWebhook(db: Executor, sellerId: string, url: string | null): Promise<string | null> {
  const secret = url ? newSecret('whsec_') : null;
  await db.update(sellers).set({ webhookUrl: url, webhookSecret: secret }).where(eq(sellers.id, sellerId));
  return secret;
}
