import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { PARCEL_SIZES, SHIPMENT_STATES } from '../../protocol/delivery.ts';

export { idempotencyKeys } from '../../platform/idempotency.ts';
export { operatorKeys } from '../../platform/operator-keys.ts';
export { outbox } from '../../platform/outbox.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

export const PICKUP_POINT_KINDS = ['convenience_store', 'locker'] as const;

/**
 * Where purchasers collect parcels (seed 000's convenience stores): the receiving address a
 * purchaser names when paying, in place of any address of its own.
 */
export const pickupPoints = pgTable(
  'pickup_points',
  {
    id: uuid('id').primaryKey(),
    /** Printed on the store's sign and on the label; what purchasers and sellers see. */
    code: text('code').notNull().unique(),
    /** As on the store's sign, in Japanese (or Latin); printed on the label. */
    name: text('name').notNull(),
    /** The name's reading in kana, when the operator gives it: found by search, never shown. */
    nameKana: text('name_kana'),
    /** The name in Latin letters, shown to purchasers and clerks reading English. */
    nameRomaji: text('name_romaji'),
    kind: text('kind', { enum: PICKUP_POINT_KINDS }).notNull(),
    address: text('address').notNull(),
    addressRomaji: text('address_romaji'),
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    openingHours: text('opening_hours').notNull(),
    /** Parcels it can hold at once. */
    capacity: integer('capacity').notNull(),
    /** Days a parcel waits before it goes back to the seller. */
    retentionDays: integer('retention_days').notNull(),
    active: boolean('active').notNull().default(true),
    /**
     * Code, names and addresses in their search form (pickup-points/search-form.ts), one per
     * line, and that text's characters and pairs of characters for the GIN index. Written by
     * the service with every change; null only on rows from before they existed, until the
     * service fills them in at start.
     */
    searchText: text('search_text'),
    searchGrams: text('search_grams').array(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    check('pickup_points_capacity', sql`${t.capacity} > 0`),
    check('pickup_points_retention', sql`${t.retentionDays} BETWEEN 1 AND 60`),
    check(
      'pickup_points_position',
      sql`${t.latitude} BETWEEN -90 AND 90 AND ${t.longitude} BETWEEN -180 AND 180`,
    ),
    index('pickup_points_active').on(t.active),
    index('pickup_points_search').using('gin', t.searchGrams),
  ],
);

/**
 * B9: one parcel per paid order, on its way to the pickup point the purchaser chose. Keyed by
 * the order ID printed on the box; nothing here says who will collect it.
 */
export const shipments = pgTable(
  'shipments',
  {
    orderId: text('order_id').primaryKey(),
    /** Where the purchaser collects: the receiving address named when paying (B8). */
    pickupPointId: uuid('pickup_point_id')
      .notNull()
      .references(() => pickupPoints.id),
    parcelSize: text('parcel_size', { enum: PARCEL_SIZES }).notNull(),
    state: text('state', { enum: SHIPMENT_STATES }).notNull(),
    /** The carrier's own reference for sending the parcel back, printed on the label. */
    returnReference: text('return_reference').notNull().unique(),
    /** The store the seller handed the parcel in at; only its clerk hands it to the carrier. */
    droppedOffPointId: uuid('dropped_off_point_id').references(() => pickupPoints.id),
    /** Collect by then or it goes back; set when the parcel arrives at the pickup point. */
    deadline: at('deadline'),
    bookedAt: at('booked_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('shipments_point_state').on(t.pickupPointId, t.state),
    index('shipments_dropped_off').on(t.droppedOffPointId, t.state),
    index('shipments_waiting_deadline').on(t.deadline).where(sql`${t.state} = 'ready_for_pickup'`),
  ],
);

/** Append-only: every step a parcel took, where and why; each row is one event sent to the market. */
export const shipmentEvents = pgTable(
  'shipment_events',
  {
    /** The event's ID at the market too, so a repeat there changes nothing. */
    id: uuid('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => shipments.orderId),
    state: text('state', { enum: SHIPMENT_STATES }).notNull(),
    at: at('at').notNull(),
    /** The store where it happened; none for a booking. */
    pickupPointId: uuid('pickup_point_id').references(() => pickupPoints.id),
    /** Why, when not a clerk's scan: e.g. a return because the retention period ran out. */
    reason: text('reason'),
  },
  (t) => [index('shipment_events_order').on(t.orderId, t.at)],
);

/**
 * B9: the pickup code's verifier only (scrypt, salted), never the code. A row may exist before
 * the code is registered, to count wrong codes tried for the order; the first code registered
 * wins. Used once; locked for a while after too many wrong codes.
 */
export const pickupCodes = pgTable(
  'pickup_codes',
  {
    orderId: text('order_id').primaryKey(),
    verifier: text('verifier'),
    registeredAt: at('registered_at'),
    usedAt: at('used_at'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: at('locked_until'),
  },
  (t) => [
    check('pickup_codes_registered', sql`(${t.verifier} IS NULL) = (${t.registeredAt} IS NULL)`),
    check('pickup_codes_used', sql`${t.usedAt} IS NULL OR ${t.verifier} IS NOT NULL`),
  ],
);

/**
 * B9: wrong pickup codes tried at each pickup point, so one counter cannot go through many
 * orders' attempts; rows older than the counting window are deleted.
 */
export const pickupPointFailures = pgTable(
  'pickup_point_failures',
  {
    id: uuid('id').primaryKey(),
    pickupPointId: uuid('pickup_point_id')
      .notNull()
      .references(() => pickupPoints.id),
    at: at('at').notNull(),
  },
  (t) => [index('pickup_point_failures_point_at').on(t.pickupPointId, t.at)],
);

/** The keys of a pickup point's clerk terminal: each bound to one point, stored as a slow hash. */
export const clerkKeys = pgTable(
  'clerk_keys',
  {
    id: uuid('id').primaryKey(),
    pickupPointId: uuid('pickup_point_id')
      .notNull()
      .references(() => pickupPoints.id),
    keyHash: text('key_hash').notNull(),
    createdAt: at('created_at').notNull(),
    revokedAt: at('revoked_at'),
  },
  (t) => [index('clerk_keys_point').on(t.pickupPointId)],
);
