/**
 * What the purchaser's browser asks delivery directly, at delivery's URL: the public pickup-point
 * search, and the pickup code it made. Called, like every call, without credentials or a
 * referrer, so delivery learns neither who asks nor from which order's page.
 */
import { callDelivery, type Position, searchPickupPoints } from '../app/delivery.ts';

/** B8: pickup points matching the text, nearest to the position first when there is one. */
export const findPickupPoints = (
  deliveryUrl: string,
  query: { text: string; near: Position | null; limit: number },
  signal?: AbortSignal,
) => searchPickupPoints(`${deliveryUrl}/pickup-points`, query, { signal });

/**
 * B9: registers the pickup code this browser made, at delivery itself, with the token the market
 * gave for the order. Delivery keeps a slow verifier of it; the market never sees it.
 */
export const registerPickupCode = (
  url: string,
  registration: { orderId: string; token: string; code: string },
) => callDelivery<{ orderId: string; registeredAt: string }>('POST', url, { body: registration });
