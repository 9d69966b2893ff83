import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { keysetAfter, keysetOrder } from '../../platform/paging.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import { commodities, offers } from '../db/schema.ts';

export type OfferRow = { offer: typeof offers.$inferSelect; commodity: typeof commodities.$inferSelect };

const ownOffer = (sellerId: string, offerId: string) =>
  and(eq(offers.id, offerId), eq(offers.sellerId, sellerId));

/** A seller's offers page in offer-ID order. */
const SELLER_OFFER_KEYSET = [offers.id];
export const sellerOfferKey = z.tuple([z.uuid()]);

export const listSellerOffers = (
  db: Executor,
  sellerId: string,
  cursor: z.output<typeof sellerOfferKey> | undefined,
  limit: number,
) =>
  db
    .select({ offer: offers, commodity: commodities })
    .from(offers)
    .innerJoin(commodities, eq(commodities.id, offers.commodityId))
    .where(
      and(
        eq(offers.sellerId, sellerId),
        cursor ? keysetAfter(SELLER_OFFER_KEYSET, cursor, 'asc') : undefined,
      ),
    )
    .orderBy(...keysetOrder(SELLER_OFFER_KEYSET, 'asc'))
    .limit(limit);

export async function getSellerOffer(
  db: Executor,
  sellerId: string,
  offerId: string,
): Promise<OfferRow | undefined> {
  const [row] = await db
    .select({ offer: offers, commodity: commodities })
    .from(offers)
    .innerJoin(commodities, eq(commodities.id, offers.commodityId))
    .where(ownOffer(sellerId, offerId));
  return row;
}

/** A seller changes the price or stock of its own offer; another seller's offer is "not found". */
export async function updateOffer(
  db: Executor,
  sellerId: string,
  offerId: string,
  change: { price?: number; currency?: string; stock?: number },
  now: Date,
): Promise<Result<OfferRow, 'offer_not_found'>> {
  const [updated] = await db
    .update(offers)
    .set({
      ...(change.price !== undefined && { priceMinor: change.price }),
      ...(change.currency !== undefined && { currency: change.currency }),
      ...(change.stock !== undefined && { stock: change.stock }),
      updatedAt: now,
    })
    .where(ownOffer(sellerId, offerId))
    .returning({ id: offers.id });
  const row = updated && (await getSellerOffer(db, sellerId, offerId));
  return row ? ok(row) : err('offer_not_found');
}

/** Withdrawal hides the offer from retrieval; registering the commodity again brings it back. */
export async function withdrawOffer(
  db: Executor,
  sellerId: string,
  offerId: string,
  now: Date,
): Promise<Result<OfferRow, 'offer_not_found'>> {
  const [updated] = await db
    .update(offers)
    .set({ status: 'withdrawn', updatedAt: now })
    .where(ownOffer(sellerId, offerId))
    .returning({ id: offers.id });
  const row = updated && (await getSellerOffer(db, sellerId, offerId));
  return row ? ok(row) : err('offer_not_found');
}
