/**
 * The shapes of the market's purchase API (src/market/kinds, retrieval and orders routes): the
 * market's own types where it names them (type-only imports, erased from the bundle), the rest
 * as its routes declare them.
 */
import type { z } from 'zod';
import type { AttributeValue } from '../../market/kinds/attribute-schema.ts';
import type { Selection } from '../../market/orders/purchase.ts';
import type { Condition, PurchaseRequest } from '../../market/retrieval/purchase-request.ts';
import type { retrievedItemSchema } from '../../market/retrieval/routes.ts';
import type { ShipmentState } from '../../protocol/delivery.ts';
import type { PaymentRequest } from '../../protocol/settlement.ts';
import { api } from '../app/api.ts';
import type { AttributeDefinition, Kind, OrderState } from '../app/market-types.ts';

export type { RetrievedChoice, Selection } from '../../market/orders/purchase.ts';
export type { Condition, PurchaseRequest } from '../../market/retrieval/purchase-request.ts';
export type { ShipmentState } from '../../protocol/delivery.ts';
export type { DeclineCode } from '../../protocol/settlement.ts';
export type { Kind, OrderState } from '../app/market-types.ts';

export type Attribute = AttributeDefinition;
export type Scalar = AttributeValue;
export type RetrievedItem = z.infer<typeof retrievedItemSchema>;

interface ResultPage {
  searchId: string;
  expiresAt: string;
  items: RetrievedItem[];
  nextCursor: string | null;
}

export interface Relaxation {
  index: number;
  condition: Condition;
  wouldMatch: number;
  /** The count reached the market's cap: "N or more". */
  atLeast: boolean;
}

export type SearchAnswer =
  | ({ matched: true } & ResultPage)
  | {
      matched: false;
      message: string;
      conditions: Condition[];
      relaxations: Relaxation[];
      offersOfKind: number;
    };

export interface Order {
  orderId: string;
  state: OrderState;
  commodity: { id: string; kind: string; model: string; name: string };
  sellerId: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  currency: string;
  createdAt: string;
  payBy: string;
  paidAt: string | null;
  /** Where the parcel goes (B9), once paid. */
  pickupPointId: string | null;
}

/** B8: a payment as the purchaser sends it; the order ID is in the path. */
export type Payment = Omit<PaymentRequest, 'orderId'>;

export interface PaymentApproved {
  outcome: 'approved';
  orderId: string;
  amount: number;
  currency: string;
  paidAt: string;
  pickupPointId: string;
  /** B9: where and with what this browser registers the pickup code it makes. */
  pickupCodeRegistration: PickupCodeRegistration;
}

/**
 * B9: delivery's address for pickup codes and a token for this order (an HMAC only the market
 * and delivery can make): with it, the browser registers the code it made straight at delivery.
 */
export interface PickupCodeRegistration {
  url: string;
  token: string;
}

/** B9: the parcel's way as the market heard it from delivery, for the purchaser to follow. */
export interface Tracking {
  orderId: string;
  orderState: OrderState;
  pickupPointId: string | null;
  parcel: null | {
    state: ShipmentState;
    /** Collect by then, once it waits at the pickup point. */
    deadline: string | null;
    events: { state: ShipmentState; at: string }[];
  };
}

export const listKinds = (signal?: AbortSignal) =>
  api<{ kinds: Kind[] }>('GET', '/kinds', { signal }).then((r) => r.kinds);

export const getKind = (kindId: string, signal?: AbortSignal) =>
  api<Kind>('GET', `/kinds/${encodeURIComponent(kindId)}`, { signal });

export const search = (request: PurchaseRequest) => api<SearchAnswer>('POST', '/searches', { body: request });

export const nextResults = (searchId: string, cursor: string, signal?: AbortSignal) =>
  api<ResultPage>(
    'GET',
    `/searches/${encodeURIComponent(searchId)}/items?cursor=${encodeURIComponent(cursor)}`,
    { signal },
  );

export const placeOrder = (selection: Selection, idempotencyKey: string) =>
  api<Order & { orderSecret: string }>('POST', '/orders', {
    body: selection,
    headers: { 'idempotency-key': idempotencyKey },
  });

/** Reads an order with its secret: the only thing sent is the order ID and that secret. */
export const getOrder = (orderId: string, secret: string, signal?: AbortSignal) =>
  api<Order>('GET', `/orders/${encodeURIComponent(orderId)}`, { token: secret, signal });

/**
 * B8: pays an order with its secret. A decline is an ApiError whose code is a DeclineCode. The
 * card number and PIN are in this call only: not in a query cache, storage or the address.
 */
export const payOrder = (orderId: string, secret: string, payment: Payment, idempotencyKey: string) =>
  api<PaymentApproved>('POST', `/orders/${encodeURIComponent(orderId)}/payment`, {
    token: secret,
    body: payment,
    headers: { 'idempotency-key': idempotencyKey },
  });

/** B9: the pickup-code registration again, for a code made before the page was closed. */
export const getPickupCodeRegistration = (orderId: string, secret: string, signal?: AbortSignal) =>
  api<PickupCodeRegistration>('GET', `/orders/${encodeURIComponent(orderId)}/pickup-code-registration`, {
    token: secret,
    signal,
  });

/** B9: where the parcel is, read with the order's secret (enumeration-safe, as the order). */
export const getTracking = (orderId: string, secret: string, signal?: AbortSignal) =>
  api<Tracking>('GET', `/orders/${encodeURIComponent(orderId)}/tracking`, { token: secret, signal });
