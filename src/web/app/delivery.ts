/**
 * Delivery (the pickup service) as every terminal calls it: its pickup points as its routes
 * declare them (src/delivery/pickup-points/routes.ts; the terminals may not import delivery's
 * code), and the one way to call it. Pages that delivery serves call it by path; the market's
 * pages by delivery's URL (GET /terminal-config), so the market never sees what they ask.
 */
import { api, type CallOptions } from './api.ts';

export type PickupPointKind = 'convenience_store' | 'locker';
export const PICKUP_POINT_KINDS: PickupPointKind[] = ['convenience_store', 'locker'];

/** What the operator gives; kana and romaji may be null. */
export interface PickupPointFields {
  /** As on the store's sign: in Japanese for a store in Japan. */
  name: string;
  /** The name as read, in kana: searched, never shown. */
  nameKana: string | null;
  /** Latin letters, when the operator gave them: what the terminals show in English. */
  nameRomaji: string | null;
  kind: PickupPointKind;
  address: string;
  addressRomaji: string | null;
  latitude: number;
  longitude: number;
  openingHours: string;
  capacity: number;
  retentionDays: number;
}

export interface PickupPoint extends PickupPointFields {
  code: string;
  active: boolean;
}

/** A pickup point as a search finds it. */
export interface FoundPickupPoint extends PickupPoint {
  /** From the position searched near, when one was given. */
  distanceMetres: number | null;
}

export interface Position {
  latitude: number;
  longitude: number;
}

/** A call to delivery: as `api`, and when delivery cannot be reached, the problem names it. */
export const callDelivery = <T>(method: string, path: string, options: Omit<CallOptions, 'service'> = {}) =>
  api<T>(method, path, { ...options, service: 'delivery' });

/**
 * B8: delivery's search at `url` (its public list, or its operator's with closed points too):
 * the points matching the text in any spelling, nearest to the position first when there is one.
 */
export const searchPickupPoints = (
  url: string,
  query: { text: string; near?: Position | null; limit: number },
  options: { token?: string; signal?: AbortSignal } = {},
) => {
  const params = new URLSearchParams({ limit: String(query.limit) });
  const text = query.text.trim();
  if (text) params.set('q', text);
  if (query.near) params.set('near', `${query.near.latitude},${query.near.longitude}`);
  return callDelivery<{ pickupPoints: FoundPickupPoint[] }>('GET', `${url}?${params}`, options).then(
    (r) => r.pickupPoints,
  );
};

/** B8: one pickup point by its code, from delivery at `deliveryUrl` ('' on delivery's own pages). */
export const getPickupPoint = (deliveryUrl: string, code: string, signal?: AbortSignal) =>
  callDelivery<PickupPoint>('GET', `${deliveryUrl}/pickup-points/${encodeURIComponent(code)}`, { signal });
