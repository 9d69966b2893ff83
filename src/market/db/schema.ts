import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { SHIPMENT_STATES } from '../../protocol/delivery.ts';
import type { LocalizedText } from '../../protocol/localized-text.ts';
import type { StoredCondition } from '../history/stored-condition.ts';
import type { AttributeDefinition } from '../kinds/attribute-schema.ts';
import { BOOLEAN_SLOTS, ENUM_SLOTS, NUMBER_SLOTS, TEXT_SLOTS } from '../kinds/slots.ts';

export { idempotencyKeys } from '../../platform/idempotency.ts';
export { operatorKeys } from '../../platform/operator-keys.ts';
export { outbox } from '../../platform/outbox.ts';
export {
  analyticsAudit,
  analyticsBackfill,
  analyticsCells,
  analyticsPolicy,
  analyticsPrices,
  analyticsReleases,
  privacyBudget,
  reportPurchases,
} from '../analytics/tables.ts';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });
const at = (name: string) => timestamp(name, { withTimezone: true });
/** Prices are integer minor units; the check keeps them inside JavaScript's exact integers. */
const minor = (name: string) => bigint(name, { mode: 'number' });

/**
 * Kinds of commodity prescribed by the operator (A1), each with a typed attribute schema. Its
 * name and description, and its attributes' labels, units and value labels, are by language
 * (LocalizedText); a kind without a description has `{}`.
 */
export const kinds = pgTable('kinds', {
  id: text('id').primaryKey(),
  names: jsonb('names').$type<LocalizedText>().notNull(),
  descriptions: jsonb('descriptions').$type<LocalizedText>().notNull(),
  attributes: jsonb('attributes').$type<AttributeDefinition[]>().notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});

export const sellers = pgTable('sellers', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  status: text('status', { enum: ['active', 'suspended'] }).notNull(),
  webhookUrl: text('webhook_url'),
  webhookSecret: text('webhook_secret'),
  createdAt: at('created_at').notNull(),
});

export const sellerApiKeys = pgTable('seller_api_keys', {
  id: uuid('id').primaryKey(),
  sellerId: uuid('seller_id')
    .notNull()
    .references(() => sellers.id),
  keyHash: text('key_hash').notNull(),
  createdAt: at('created_at').notNull(),
  revokedAt: at('revoked_at'),
});

/** One commodity, shared by every seller who offers it: identified by kind + normalised model. */
export const commodities = pgTable(
  'commodities',
  {
    id: uuid('id').primaryKey(),
    kindId: text('kind_id')
      .notNull()
      .references(() => kinds.id),
    modelKey: text('model_key').notNull(),
    model: text('model').notNull(),
    name: text('name').notNull(),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('commodities_kind_model').on(t.kindId, t.modelKey)],
);

const slotColumns = {
  ...Object.fromEntries(NUMBER_SLOTS.map((s) => [s, doublePrecision(s)])),
  ...Object.fromEntries(ENUM_SLOTS.map((s) => [s, text(s)])),
  ...Object.fromEntries(BOOLEAN_SLOTS.map((s) => [s, boolean(s)])),
  ...Object.fromEntries(TEXT_SLOTS.map((s) => [s, text(s)])),
} as Record<
  | (typeof NUMBER_SLOTS)[number]
  | (typeof ENUM_SLOTS)[number]
  | (typeof BOOLEAN_SLOTS)[number]
  | (typeof TEXT_SLOTS)[number],
  ReturnType<typeof doublePrecision> | ReturnType<typeof text> | ReturnType<typeof boolean>
>;

/**
 * An offer: (commodity, seller, price, stock). It also carries a typed copy of its commodity's
 * attributes in slot columns (n1…, e1…, b1…, t1…; the kind's schema says which attribute is in
 * which slot), so retrieval (B2) is plain indexed column comparisons on one table.
 */
export const offers = pgTable(
  'offers',
  {
    id: uuid('id').primaryKey(),
    commodityId: uuid('commodity_id')
      .notNull()
      .references(() => commodities.id),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => sellers.id),
    kindId: text('kind_id').notNull(),
    priceMinor: minor('price_minor').notNull(),
    currency: text('currency').notNull(),
    stock: integer('stock').notNull(),
    status: text('status', { enum: ['active', 'withdrawn'] }).notNull(),
    sellerActive: boolean('seller_active').notNull().default(true),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    ...slotColumns,
  },
  (t) => [
    uniqueIndex('offers_commodity_seller').on(t.commodityId, t.sellerId),
    index('offers_seller').on(t.sellerId, t.createdAt),
    // Retrieval uses `offers_retrieval` (migration 0001, hand-written: drizzle has no INCLUDE):
    // (kind, currency, price, id) over sellable offers only, covering every slot, so each
    // condition is checked inside the index. Per-slot indexes are deliberately absent: a slot
    // holds different attributes in different kinds, its statistics mislead the planner, and
    // it chose bitmap scans over them that read most of the table (see README, Benchmarks).
    check('offers_stock_nonnegative', sql`${t.stock} >= 0`),
    check('offers_price_range', sql`${t.priceMinor} > 0 AND ${t.priceMinor} <= 9007199254740991`),
  ],
);

export const orders = pgTable(
  'orders',
  {
    id: text('id').primaryKey(),
    sellerId: uuid('seller_id').notNull(),
    offerId: uuid('offer_id').notNull(),
    commodityId: uuid('commodity_id').notNull(),
    kindId: text('kind_id').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceMinor: minor('unit_price_minor').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    state: text('state', { enum: ['awaiting_payment', 'paid', 'expired', 'cancelled'] }).notNull(),
    secretVerifier: bytea('secret_verifier').notNull(),
    /** B8: when settlement approved the payment, and the pickup point the parcel goes to. */
    paidAt: at('paid_at'),
    pickupPointId: text('pickup_point_id'),
    /**
     * B9: the parcel as delivery last reported it (null until booked), only ever moving forward,
     * and the day it must be collected by once it waits at the pickup point.
     */
    parcelState: text('parcel_state', { enum: SHIPMENT_STATES }),
    parcelDeadline: at('parcel_deadline'),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('orders_seller').on(t.sellerId, t.createdAt),
    index('orders_awaiting_expiry').on(t.expiresAt).where(sql`${t.state} = 'awaiting_payment'`),
  ],
);

/**
 * B9: delivery's parcel events as received, keyed by delivery's event ID, so a repeat (its
 * outbox delivers at least once) is recognised and changes nothing. The purchaser's tracking
 * view is read from here.
 */
export const parcelEvents = pgTable(
  'parcel_events',
  {
    id: uuid('id').primaryKey(),
    orderId: text('order_id').notNull(),
    state: text('state', { enum: SHIPMENT_STATES }).notNull(),
    at: at('at').notNull(),
    deadline: at('deadline'),
    receivedAt: at('received_at').notNull(),
  },
  (t) => [index('parcel_events_order').on(t.orderId, t.at)],
);

/**
 * Sales history (B5). Deliberately no order ID, no purchaser or payment data, and only the day
 * of the sale: a row says what sold, not to whom or in which order. Rows are never written by a
 * purchase: a duty moves each closed day in from `history_pending` in one batch, in random order,
 * with fresh random IDs (src/market/history/stores.ts), so no row shares a transaction, a commit
 * or an insertion position with an order.
 */
export const salesHistory = pgTable(
  'sales_history',
  {
    id: uuid('id').primaryKey(),
    kindId: text('kind_id').notNull(),
    commodityId: uuid('commodity_id').notNull(),
    sellerId: uuid('seller_id').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceMinor: minor('unit_price_minor').notNull(),
    currency: text('currency').notNull(),
    soldOn: date('sold_on', { mode: 'string' }).notNull(),
  },
  // With the ID last, an export reads a kind's rows in (day, id) order straight from the index.
  (t) => [index('sales_history_kind_day').on(t.kindId, t.soldOn, t.id)],
);

/**
 * Purchaser preferences (B1, B5): the purchase requests themselves (kind + conditions, a text
 * attribute's condition without its value), with what came of them: `matched`, `unmatched`
 * (unmet demand, with the attributes that failed in `failed`) or `purchased`. No search ID, no
 * order ID, no person; only the day. Filled in daily batches like the sales history.
 */
export const purchaserPreferences = pgTable(
  'purchaser_preferences',
  {
    id: uuid('id').primaryKey(),
    kindId: text('kind_id').notNull(),
    currency: text('currency').notNull(),
    conditions: jsonb('conditions').$type<StoredCondition[]>().notNull(),
    failed: jsonb('failed').$type<string[]>().notNull(),
    outcome: text('outcome', { enum: ['matched', 'unmatched', 'purchased'] }).notNull(),
    requestedOn: date('requested_on', { mode: 'string' }).notNull(),
  },
  (t) => [index('purchaser_preferences_kind_day').on(t.kindId, t.requestedOn, t.id)],
);

/**
 * History waiting for its day to close: written in the purchase's or search's own transaction,
 * moved into the stores and deleted by the history duty. It holds no order or search ID, no
 * sequence and no time finer than the day, so what it shares with an order dies with it.
 */
export const historyPending = pgTable(
  'history_pending',
  {
    day: date('day', { mode: 'string' }).notNull(),
    store: text('store', { enum: ['sales', 'preferences'] }).notNull(),
    row: jsonb('row').notNull(),
  },
  (t) => [index('history_pending_day').on(t.day)],
);

/** What each seller is told (B6 arrow e), in order: the inbox, its live stream and webhooks. */
export const sellerEvents = pgTable(
  'seller_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    sellerId: uuid('seller_id').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('seller_events_seller').on(t.sellerId, t.seq)],
);
