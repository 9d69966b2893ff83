/**
 * The delivery service's public pickup-point API (src/delivery/pickup-points/routes.ts), which
 * the purchaser's browser calls directly. The terminals may not import delivery's types, so the
 * shape is written here as the route declares it.
 */
import { api } from '../app/api.ts';

export type PickupPointKind = 'convenience_store' | 'locker';

export interface PickupPoint {
  code: string;
  /** As on the store's sign: in Japanese for a store in Japan. */
  name: string;
  nameKana: string | null;
  /** Latin letters, when the operator gave them: what the terminal shows in English. */
  nameRomaji: string | null;
  kind: PickupPointKind;
  address: string;
  addressRomaji: string | null;
  latitude: number;
  longitude: number;
  openingHours: string;
  capacity: number;
  retentionDays: number;
  active: boolean;
  /** From the position searched near, when one was given. */
  distanceMetres: number | null;
}

export interface Position {
  latitude: number;
  longitude: number;
}

/**
 * B8: pickup points matching the text, nearest to the position first when there is one. Called
 * without credentials or a referrer, so delivery learns neither who asks nor from which order's
 * page; only the text and the position.
 */
export const findPickupPoints = (
  deliveryUrl: string,
  query: { text: string; near: Position | null; limit: number },
  signal?: AbortSignal,
) => {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if (query.text) params.set('q', query.text);
  if (query.near) params.set('near', `${query.near.latitude},${query.near.longitude}`);
  return api<{ pickupPoints: PickupPoint[] }>('GET', `${deliveryUrl}/pickup-points?${params}`, {
    signal,
  }).then((r) => r.pickupPoints);
};

/** B8: one pickup point by its code, to name it on the receipt. */
export const getPickupPoint = (deliveryUrl: string, code: string, signal?: AbortSignal) =>
  api<PickupPoint>('GET', `${deliveryUrl}/pickup-points/${encodeURIComponent(code)}`, {
    signal,
    service: 'delivery',
  });

/**
 * B9: registers the pickup code this browser made, at delivery itself, with the token the market
 * gave for the order. Delivery keeps a slow verifier of it; the market never sees it. Sent
 * without credentials or a referrer, like every call to delivery.
 */
export const registerPickupCode = (
  url: string,
  registration: { orderId: string; token: string; code: string },
) =>
  api<{ orderId: string; registeredAt: string }>('POST', url, {
    body: registration,
    service: 'delivery',
  });
