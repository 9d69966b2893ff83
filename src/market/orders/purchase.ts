import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import { generateOrderId } from '../../protocol/order-id.ts';
import { commodities, offers, orders } from '../db/schema.ts';
import { preferenceOf, stagedInsert } from '../history/stores.ts';
import type { KindCache } from '../kinds/kind-cache.ts';
import { queueAnnouncement } from '../payments/announcements.ts';
import { readShowing, type Showing } from '../retrieval/search-token.ts';
import { orderSecret, orderSecretVerifier } from './order-secret.ts';
import type { Order } from './order-state.ts';
import { appendSellerEvent } from './seller-events.ts';

/** Purchasing commodity specifying information (B3): which retrieved item, and how many. */
export interface Selection {
  /** The token of the search page that showed the item (retrieval/search-token.ts). */
  searchId: string;
  commodityId: string;
  sellerId: string;
  quantity: number;
}

export type PurchaseFailure =
  | { code: 'search_not_found' }
  | { code: 'not_retrieved'; retrieved: RetrievedChoice[] }
  | { code: 'offer_unavailable' }
  | { code: 'price_changed'; shownUnitPrice: number; unitPrice: number; currency: string }
  | { code: 'insufficient_stock'; available: number }
  | { code: 'amount_too_large' };

export interface RetrievedChoice {
  commodityId: string;
  sellerId: string;
  unitPrice: number;
  currency: string;
}

export type { Order };
export interface PlacedOrder {
  order: Order;
  commodity: { id: string; kindId: string; model: string; name: string };
  orderSecret: string;
}

/**
 * B3–B6, in the caller's transaction: check the selection against what the search's page showed
 * (B4, else B10), reserve stock without overselling, stage the sale and the purchase request
 * for the history stores (B5; they reach the stores only in their day's batch, see
 * history/stores.ts), create the order with a fresh order ID (B6) and tell the seller. A failure
 * has written nothing.
 */
export async function placeOrder(
  tx: Tx,
  selection: Selection,
  settings: {
    now: Date;
    paymentWindowMs: number;
    secretKey: string;
    defaultCurrency: string;
    kinds: KindCache;
  },
): Promise<Result<PlacedOrder, PurchaseFailure>> {
  const { now } = settings;
  const showing = readShowing(settings.secretKey, selection.searchId, now);
  if (!showing) return err({ code: 'search_not_found' });

  // B4 and the reservation in one statement: the offer of this commodity and seller loses the
  // quantity from its stock only if this page of the search showed it, at its price then, and
  // only from stock there is, so concurrent buyers (in any process) never oversell.
  const currency = showing.request.currency ?? settings.defaultCurrency;
  const quantity = selection.quantity;
  const shownAtPrice = showing.items.map((i) => sql`(${i.offerId}::uuid, ${i.unitPriceMinor}::bigint)`);
  const [reserved] = shownAtPrice.length
    ? await tx
        .update(offers)
        .set({ stock: sql`${offers.stock} - ${quantity}`, updatedAt: now })
        .from(commodities)
        .where(
          and(
            eq(offers.commodityId, selection.commodityId),
            eq(offers.sellerId, selection.sellerId),
            eq(commodities.id, offers.commodityId),
            sql`(${offers.id}, ${offers.priceMinor}) IN (${sql.join(shownAtPrice, sql`, `)})`,
            sql`${offers.priceMinor}::numeric * ${quantity} <= ${Number.MAX_SAFE_INTEGER}`,
            eq(offers.status, 'active'),
            eq(offers.sellerActive, true),
            eq(offers.currency, currency),
            gte(offers.stock, quantity),
          ),
        )
        .returning({ offerId: offers.id, unitPriceMinor: offers.priceMinor, commodity: commodities })
    : [];
  if (!reserved) return err(await whyNotReserved(tx, showing, selection, currency));
  const { commodity } = reserved;
  const shown = {
    offerId: reserved.offerId,
    sellerId: selection.sellerId,
    unitPriceMinor: reserved.unitPriceMinor,
    currency,
  };
  const amount = shown.unitPriceMinor * quantity;

  // B5: the sale and the purchase request, staged for the day's batch into the history stores.
  const kind = await settings.kinds.get(tx, commodity.kindId);
  if (!kind) throw new Error(`commodity ${commodity.id} has no kind`);
  const request = showing.request;
  await stagedInsert(tx, now, [
    {
      store: 'sales',
      row: {
        kindId: commodity.kindId,
        commodityId: commodity.id,
        sellerId: shown.sellerId,
        quantity: selection.quantity,
        unitPriceMinor: shown.unitPriceMinor,
        currency: shown.currency,
      },
    },
    {
      store: 'preferences',
      row: preferenceOf(kind, { currency: shown.currency, conditions: request.conditions }, 'purchased'),
    },
  ]);

  // B6: a fresh, unguessable order ID for the purchasing commodity specifying information.
  const orderId = generateOrderId();
  const secret = orderSecret(settings.secretKey, orderId);
  const [order] = await tx
    .insert(orders)
    .values({
      id: orderId,
      sellerId: shown.sellerId,
      offerId: shown.offerId,
      commodityId: commodity.id,
      kindId: commodity.kindId,
      quantity: selection.quantity,
      unitPriceMinor: shown.unitPriceMinor,
      amountMinor: amount,
      currency: shown.currency,
      state: 'awaiting_payment',
      secretVerifier: orderSecretVerifier(secret),
      createdAt: now,
      expiresAt: new Date(now.getTime() + settings.paymentWindowMs),
      updatedAt: now,
    })
    .returning();
  if (!order) throw new Error('order insert returned nothing');

  // B6 arrow e: the pair (order ID, purchasing commodity specifying information) to the seller.
  await appendSellerEvent(tx, order.sellerId, 'order.created', sellerOrderPayload(order, commodity), now);
  // B7: settlement is told of the order (after commit, through the outbox).
  await queueAnnouncement(tx, order, now);
  return ok({
    order,
    commodity: { id: commodity.id, kindId: commodity.kindId, model: commodity.model, name: commodity.name },
    orderSecret: secret,
  });
}

/** The offers a page showed, as choices: each still named by its commodity and seller. */
async function retrievedChoices(tx: Tx, showing: Showing, currency: string): Promise<RetrievedChoice[]> {
  const prices = new Map(showing.items.map((i) => [i.offerId, i.unitPriceMinor]));
  if (!prices.size) return [];
  const named = await tx
    .select({ id: offers.id, commodityId: offers.commodityId, sellerId: offers.sellerId })
    .from(offers)
    .where(inArray(offers.id, [...prices.keys()]));
  const byId = new Map(named.map((o) => [o.id, o]));
  return showing.items.flatMap((i) => {
    const offer = byId.get(i.offerId);
    return offer
      ? [{ commodityId: offer.commodityId, sellerId: offer.sellerId, unitPrice: i.unitPriceMinor, currency }]
      : [];
  });
}

/** Why nothing was reserved: read only on this path, so that a purchase reads nothing twice. */
async function whyNotReserved(
  tx: Tx,
  showing: Showing,
  selection: Selection,
  currency: string,
): Promise<PurchaseFailure> {
  const [offer] = await tx
    .select()
    .from(offers)
    .where(and(eq(offers.commodityId, selection.commodityId), eq(offers.sellerId, selection.sellerId)));
  const item = offer && showing.items.find((i) => i.offerId === offer.id);
  // B10: ask for the purchasing commodity specifying information again, with the valid choices.
  if (!offer || !item)
    return { code: 'not_retrieved', retrieved: await retrievedChoices(tx, showing, currency) };
  if (item.unitPriceMinor * selection.quantity > Number.MAX_SAFE_INTEGER) return { code: 'amount_too_large' };
  if (offer.status !== 'active' || !offer.sellerActive) return { code: 'offer_unavailable' };
  if (offer.priceMinor !== item.unitPriceMinor || offer.currency !== currency) {
    return {
      code: 'price_changed',
      shownUnitPrice: item.unitPriceMinor,
      unitPrice: offer.priceMinor,
      currency: offer.currency,
    };
  }
  return { code: 'insufficient_stock', available: offer.stock };
}

/** What a seller sees of an order: never anything about the purchaser. */
export const sellerOrderPayload = (
  order: Order,
  commodity: { id: string; model: string; name: string },
): Record<string, unknown> => ({
  orderId: order.id,
  commodityId: commodity.id,
  model: commodity.model,
  name: commodity.name,
  quantity: order.quantity,
  unitPrice: order.unitPriceMinor,
  amount: order.amountMinor,
  currency: order.currency,
  state: order.state,
  createdAt: order.createdAt.toISOString(),
  paidAt: order.paidAt?.toISOString() ?? null,
  // B9: where the seller sends the parcel, known once paid.
  pickupPointId: order.pickupPointId,
  // B9: how far the parcel has come, as delivery reported it; null until booked.
  parcelState: order.parcelState,
});
