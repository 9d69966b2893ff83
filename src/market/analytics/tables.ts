import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { GRANULARITIES } from './periods.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The analytics aggregates: each closed day's bounded contributions (contributions.ts), summed
 * per cell when the day moves into the stores, three times over: into the day's cell, its ISO
 * week's and its month's (`grain`; `day` is the period's first day). A report over a quarter
 * then reads three month cells per key, not ninety day cells. Reports read these, never the
 * stores. `sellerId` is '' for the market's figures and a seller's ID for its own exact figures.
 */
export const analyticsCells = pgTable(
  'analytics_cells',
  {
    kindId: text('kind_id').notNull(),
    metric: text('metric').notNull(),
    scope: text('scope').notNull(),
    currency: text('currency').notNull(),
    grain: text('grain', { enum: GRANULARITIES }).notNull(),
    day: date('day').notNull(),
    sellerId: text('seller_id').notNull(),
    key: text('key').notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
  },
  // In the order a release reads: one measure of one kind, the market's or a seller's, a run of
  // periods. Migration 0008 adds INCLUDE (value), which Drizzle cannot declare, for index-only reads.
  (t) => [
    primaryKey({
      columns: [t.kindId, t.metric, t.scope, t.currency, t.sellerId, t.grain, t.day, t.key],
    }),
  ],
);

/**
 * Days already in the stores when the aggregates began (written by their migration): the
 * duties fold each into the aggregates once, and no release covers a day still listed.
 */
export const analyticsBackfill = pgTable('analytics_backfill', { day: date('day').primaryKey() });

/** The operator's price and ε for each analysis of the catalogue; absent, the catalogue's defaults. */
export const analyticsPrices = pgTable('analytics_prices', {
  analysis: text('analysis').primaryKey(),
  priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
  /** ε in millionths: exact, and exactly a rational for the noise. */
  epsilonMicro: integer('epsilon_micro').notNull(),
  updatedAt: at('updated_at').notNull(),
});

/** The operator's privacy budgets (ε per month of data, in millionths) and the export switch: one row. */
export const analyticsPolicy = pgTable('analytics_policy', {
  id: integer('id').primaryKey(),
  globalBudgetMicro: bigint('global_budget_micro', { mode: 'number' }).notNull(),
  sellerBudgetMicro: bigint('seller_budget_micro', { mode: 'number' }).notNull(),
  exportsEnabled: boolean('exports_enabled').notNull(),
  updatedAt: at('updated_at').notNull(),
});

/**
 * ε spent per month of data: by the market as a whole (`holder` = 'market') and by each seller.
 * Rows only grow: a month's budget never renews.
 */
export const privacyBudget = pgTable(
  'privacy_budget',
  {
    month: text('month').notNull(),
    holder: text('holder').notNull(),
    spentMicro: bigint('spent_micro', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.month, t.holder] }),
    check('privacy_budget_spent', sql`${t.spentMicro} >= 0`),
  ],
);

/** A release, computed once per (analysis, parameters) and kept: asked again, it is given again. */
export const analyticsReleases = pgTable(
  'analytics_releases',
  {
    id: uuid('id').primaryKey(),
    releaseKey: text('release_key').notNull(),
    analysis: text('analysis').notNull(),
    parameters: jsonb('parameters').notNull(),
    epsilonMicro: integer('epsilon_micro').notNull(),
    months: jsonb('months').$type<string[]>().notNull(),
    body: jsonb('body').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('analytics_releases_key').on(t.releaseKey)],
);

/**
 * A seller's purchase of a report: quoted, then held at settlement, computed, captured and
 * released (report-state.ts has the table of its states).
 */
export const reportPurchases = pgTable(
  'report_purchases',
  {
    id: uuid('id').primaryKey(),
    sellerId: uuid('seller_id').notNull(),
    analysis: text('analysis').notNull(),
    parameters: jsonb('parameters').notNull(),
    releaseKey: text('release_key').notNull(),
    releaseId: uuid('release_id'),
    priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    epsilonMicro: integer('epsilon_micro').notNull(),
    state: text('state').notNull(),
    failure: text('failure'),
    createdAt: at('created_at').notNull(),
    quoteExpiresAt: at('quote_expires_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [index('report_purchases_seller').on(t.sellerId, t.createdAt, t.id)],
);

/** Every release given to a seller, for the operator: who, what, the ε it spent (0 when kept), when. Paged by `seq`. */
export const analyticsAudit = pgTable('analytics_audit', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  sellerId: uuid('seller_id').notNull(),
  purchaseId: uuid('purchase_id').notNull(),
  releaseId: uuid('release_id').notNull(),
  analysis: text('analysis').notNull(),
  parameters: jsonb('parameters').notNull(),
  epsilonMicro: integer('epsilon_micro').notNull(),
  at: at('at').notNull(),
});
