import { z } from 'zod';
import { timestampSchema } from '../platform/clock.ts';
import { hmacSha256, safeEqual } from '../platform/secrets.ts';

/**
 * The wire contract between the market and delivery (seed 000, B9), across the public network.
 * Every call either way is signed with the key the two share (platform/http/signed-requests).
 * Delivery learns an order ID, a pickup point and a parcel size; never a purchaser, nor what is
 * inside, nor how it was paid.
 */

/** B9: a parcel's way, in order; it ends picked up, or returned to the seller. */
export const SHIPMENT_STATES = [
  'booked',
  'dropped_off',
  'in_transit',
  'ready_for_pickup',
  'picked_up',
  'returned',
] as const;
export type ShipmentState = (typeof SHIPMENT_STATES)[number];

export const PARCEL_SIZES = ['small', 'medium', 'large'] as const;

/** Market → delivery, `PUT /shipments/{orderId}`: the seller books a paid order's parcel. */
export const shipmentBookingSchema = z.object({
  /** The pickup point the purchaser chose when paying (B8), by its code. */
  pickupPointCode: z.string().min(1).max(64),
  parcelSize: z.enum(PARCEL_SIZES).default('small'),
});
export type ShipmentBooking = z.infer<typeof shipmentBookingSchema>;

/** Delivery's answer about one shipment, to the market (and through it to seller and purchaser). */
export const shipmentSchema = z
  .object({
    orderId: z.string(),
    state: z.enum(SHIPMENT_STATES),
    parcelSize: z.enum(PARCEL_SIZES),
    pickupPoint: z.object({
      code: z.string(),
      /** As on the store's sign: in Japanese for a store in Japan. */
      name: z.string(),
      address: z.string(),
      /** The name and address in Latin letters, for readers of English; null when not given. */
      nameRomaji: z.string().nullable().default(null),
      addressRomaji: z.string().nullable().default(null),
    }),
    /** The carrier's reference for a return, printed on the label. */
    returnReference: z.string(),
    bookedAt: z.string(),
    /** Set once the parcel waits at the pickup point: collect by then or it goes back. */
    deadline: z.string().nullable(),
    events: z.array(z.object({ state: z.enum(SHIPMENT_STATES), at: z.string() })),
  })
  .meta({ id: 'Shipment' });
export type Shipment = z.infer<typeof shipmentSchema>;

/**
 * Delivery → market, `POST /delivery/events`, from delivery's outbox (at least once): a parcel
 * moved. The ID makes a repeat a no-op at the market. Picked up releases the escrow; returned
 * refunds it.
 */
export const parcelEventSchema = z.object({
  id: z.string().uuid(),
  orderId: z.string().min(1).max(40),
  state: z.enum(SHIPMENT_STATES),
  at: timestampSchema,
  deadline: timestampSchema.nullable(),
});
export type ParcelEvent = z.infer<typeof parcelEventSchema>;

/**
 * The pickup code's registration (B9). On approving a payment the market gives the purchaser a
 * token for its order; the purchaser's browser sends delivery the code it made, with the token,
 * and nothing else: the code never passes through the market. The token is an HMAC of the
 * order ID under the market–delivery key, so delivery checks it without asking anyone, and
 * only the first registration counts, so even the market could not set a code unnoticed.
 */
export const pickupCodeRegistrationToken = (key: string, orderId: string): string =>
  hmacSha256(key, `pickup-code-registration\n${orderId}`).toString('base64url');

export const pickupCodeRegistrationTokenValid = (key: string, orderId: string, token: string): boolean =>
  safeEqual(Buffer.from(token), Buffer.from(pickupCodeRegistrationToken(key, orderId)));

/** Purchaser's browser → delivery, `POST /pickup-codes`. */
export const pickupCodeRegistrationSchema = z.object({
  orderId: z.string().min(1).max(40),
  token: z.string().min(1).max(100),
  code: z.string().min(1).max(40),
});
