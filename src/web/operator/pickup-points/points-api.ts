/**
 * Delivery's pickup-point API for its operator (src/delivery/pickup-points/routes.ts), called
 * from delivery's own origin with delivery's operator key: the market's pages may not call
 * delivery's operator routes, and the market's operator key means nothing to delivery.
 */
import { ApiError } from '../../app/api.ts';
import {
  callDelivery,
  type PickupPoint,
  type PickupPointFields,
  searchPickupPoints,
} from '../../app/delivery.ts';

/** The most the list shows; a search narrows the rest. */
const LISTED = 100;

/** Every pickup point matching the text (as purchasers search), closed ones too. */
export const listPickupPoints = (key: string, text: string, signal?: AbortSignal) =>
  searchPickupPoints('/operator/pickup-points', { text, limit: LISTED }, { token: key, signal });

export const createPickupPoint = (key: string, body: PickupPointFields & { code: string }) =>
  callDelivery<PickupPoint>('POST', '/operator/pickup-points', { token: key, body });

export const updatePickupPoint = (
  key: string,
  code: string,
  body: Partial<PickupPointFields> & { active?: boolean },
) =>
  callDelivery<PickupPoint>('PATCH', `/operator/pickup-points/${encodeURIComponent(code)}`, {
    token: key,
    body,
  });

/** Checks a key by asking for one point: delivery answers 401 to a key it does not know. */
export const checkOperatorKey = (key: string) =>
  searchPickupPoints('/operator/pickup-points', { text: '', limit: 1 }, { token: key }).then(() => true);

export const keyRefused = (error: unknown) => error instanceof ApiError && error.status === 401;

/** Query keys of everything the key reads, so that signing out forgets all of it. */
export const POINTS_QUERY = 'pickup-points-operator';
