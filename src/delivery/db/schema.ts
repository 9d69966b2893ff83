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

export { idempotencyKeys } from '../../platform/idempotency';
export { operatorKeys } from '../../platform/operator-keys';

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
    name: text('name').notNull(),
    kind: text('kind', { enum: PICKUP_POINT_KINDS }).notNull(),
    address: text('address').notNull(),
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    openingHours: text('opening_hours').notNull(),
    /** Parcels it can hold at once. */
    capacity: integer('capacity').notNull(),
    /** Days a parcel waits before it goes back to the seller. */
    retentionDays: integer('retention_days').notNull(),
    active: boolean('active').notNull().default(true),
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
  ],
);
