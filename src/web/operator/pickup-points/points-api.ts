/**
 * Delivery's pickup-point API for its operator (src/delivery/pickup-points/routes.ts), called
 * from delivery's own origin with delivery's operator key: the market's pages may not call
 * delivery's operator routes, and the market's operator key means nothing to delivery. The
 * terminals may not import delivery's code, so the shapes are written here as its routes declare
 * them.
 */
import { ApiError, api, type Service } from '../../app/api.ts';

export type PickupPointKind = 'convenience_store' | 'locker';
export const PICKUP_POINT_KINDS: PickupPointKind[] = ['convenience_store', 'locker'];

/** What the operator gives; kana and romaji may be null. */
export interface PickupPointFields {
  name: string;
  nameKana: string | null;
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

const SERVICE: Service = 'delivery';
/** The most the list shows; a search narrows the rest. */
export const LISTED = 100;

/** Every pickup point matching the text (as purchasers search), closed ones too. */
export const listPickupPoints = (key: string, text: string, signal?: AbortSignal) => {
  const params = new URLSearchParams({ limit: String(LISTED) });
  if (text.trim()) params.set('q', text.trim());
  return api<{ pickupPoints: PickupPoint[] }>('GET', `/operator/pickup-points?${params}`, {
    token: key,
    signal,
    service: SERVICE,
  }).then((r) => r.pickupPoints);
};

export const getPickupPoint = (code: string, signal?: AbortSignal) =>
  api<PickupPoint>('GET', `/pickup-points/${encodeURIComponent(code)}`, { signal, service: SERVICE });

export const createPickupPoint = (key: string, body: PickupPointFields & { code: string }) =>
  api<PickupPoint>('POST', '/operator/pickup-points', { token: key, body, service: SERVICE });

export const updatePickupPoint = (
  key: string,
  code: string,
  body: Partial<PickupPointFields> & { active?: boolean },
) =>
  api<PickupPoint>('PATCH', `/operator/pickup-points/${encodeURIComponent(code)}`, {
    token: key,
    body,
    service: SERVICE,
  });

/** Checks a key by asking for one point: delivery answers 401 to a key it does not know. */
export const checkOperatorKey = (key: string) =>
  api<{ pickupPoints: PickupPoint[] }>('GET', '/operator/pickup-points?limit=1', {
    token: key,
    service: SERVICE,
  }).then(() => true);

export const keyRefused = (error: unknown) => error instanceof ApiError && error.status === 401;

/** Query keys of everything the key reads, so that signing out forgets all of it. */
export const POINTS_QUERY = 'pickup-points-operator';
