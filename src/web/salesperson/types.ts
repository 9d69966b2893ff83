/**
 * The shapes the market answers to the salesperson terminal, as its routes declare them
 * (src/market/sellers, catalog, kinds and orders routes.ts).
 */
import type { z } from 'zod';
import type { offerSchema } from '../../market/catalog/routes.ts';
import type { PARCEL_SIZES, ShipmentState } from '../../protocol/delivery.ts';
import type { OrderState } from '../app/market-types.ts';

export type { ImportLine } from '../../market/catalog/import-routes.ts';
export type { Shipment, ShipmentState } from '../../protocol/delivery.ts';
export type { AttributeDefinition, Kind, OrderState, Seller } from '../app/market-types.ts';

/** An offer as the seller API answers it; `price` is in integer minor units of `currency`. */
export type Offer = z.infer<typeof offerSchema>;

/** One page of a list, as every list of the services answers it. */
type Page<T> = { items: T[]; nextCursor: string | null };

export type OfferPage = Page<Offer>;

/** What a seller sees of an order: never anything about the purchaser. */
export interface SellerOrder {
  orderId: string;
  commodityId: string;
  model: string;
  name: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  currency: string;
  state: OrderState;
  createdAt: string;
  paidAt: string | null;
  /** B8 → B9: the pickup point the parcel goes to, once paid. */
  pickupPointId: string | null;
  /** B9: where the parcel is, once the shipment is booked. */
  parcelState?: ShipmentState | null;
}

export type ParcelSize = (typeof PARCEL_SIZES)[number];

/** B9: `order.parcel`, the seller's live event when the parcel moves. */
export interface ParcelEvent {
  orderId: string;
  state: ShipmentState;
  at: string;
  deadline: string | null;
}

/** B9: the seller's money at settlement, per currency, in integer minor units. */
export interface Payable {
  balances: { currency: string; payable: number; held: number }[];
}

export type OrderPage = Page<SellerOrder>;
