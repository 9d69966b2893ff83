import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export { idempotencyKeys } from '../../platform/idempotency.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });
/** Money is integer minor units; bigint in JavaScript too, so no amount ever rounds. */
const money = (name: string) => bigint(name, { mode: 'bigint' });

export const ACCOUNT_KINDS = [
  'prepaid_card',
  'credit_line',
  'escrow',
  'seller_payable',
  'seller_payout',
  'market_fees',
  'analytics_revenue',
  'prepaid_issuance',
  'credit_repayments',
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/**
 * Double-entry accounts (DESIGN §4). Balances are kept beside the transfers that make them, in
 * the same transaction; the checks are the last line of defence behind the ledger's own rules:
 * a prepaid card never below zero, a credit line never over its limit, pending included.
 */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind', { enum: ACCOUNT_KINDS }).notNull(),
    currency: text('currency').notNull(),
    /** Spendable balance (credits − debits) may never go below zero, pending debits included. */
    noOverdraft: boolean('no_overdraft').notNull().default(false),
    /** Debt (debits − credits, pending debits included) may never exceed this. */
    creditLimit: money('credit_limit'),
    debitsPending: money('debits_pending').notNull().default(sql`0`),
    debitsPosted: money('debits_posted').notNull().default(sql`0`),
    creditsPending: money('credits_pending').notNull().default(sql`0`),
    creditsPosted: money('credits_posted').notNull().default(sql`0`),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    check(
      'accounts_totals_non_negative',
      sql`${t.debitsPending} >= 0 AND ${t.debitsPosted} >= 0 AND ${t.creditsPending} >= 0 AND ${t.creditsPosted} >= 0`,
    ),
    check(
      'accounts_no_overdraft',
      sql`NOT ${t.noOverdraft} OR ${t.creditsPosted} - ${t.debitsPosted} - ${t.debitsPending} >= 0`,
    ),
    check(
      'accounts_within_credit_limit',
      sql`${t.creditLimit} IS NULL OR ${t.debitsPosted} + ${t.debitsPending} - ${t.creditsPosted} <= ${t.creditLimit}`,
    ),
  ],
);

export const TRANSFER_KINDS = ['posted', 'pending', 'post_pending', 'void_pending'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/**
 * Immutable transfers (a trigger refuses UPDATE and DELETE). IDs are chosen by the caller, so a
 * retry is the same transfer. A pending transfer is resolved by a later `post_pending` or
 * `void_pending` transfer naming it; the unique index lets that happen exactly once.
 */
export const transfers = pgTable(
  'transfers',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind', { enum: TRANSFER_KINDS }).notNull(),
    debitAccountId: uuid('debit_account_id')
      .notNull()
      .references(() => accounts.id),
    creditAccountId: uuid('credit_account_id')
      .notNull()
      .references(() => accounts.id),
    amount: money('amount').notNull(),
    currency: text('currency').notNull(),
    pendingId: uuid('pending_id'),
    /** What the movement is for, e.g. an order ID; never anything about a person. */
    reference: text('reference'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    check('transfers_amount_positive', sql`${t.amount} > 0`),
    check('transfers_two_accounts', sql`${t.debitAccountId} <> ${t.creditAccountId}`),
    check(
      'transfers_pending_id_for_resolutions',
      sql`(${t.kind} IN ('post_pending', 'void_pending')) = (${t.pendingId} IS NOT NULL)`,
    ),
    uniqueIndex('transfers_resolve_once').on(t.pendingId),
    index('transfers_debit_account').on(t.debitAccountId),
    index('transfers_credit_account').on(t.creditAccountId),
    index('transfers_reference').on(t.reference),
  ],
);

/**
 * Payment instruments: prepaid cards (anonymous) and credit cards (seed 004). The number is kept
 * only as a keyed HMAC to find the card by, the PIN only as a slow hash of a keyed HMAC; neither
 * can be read back, even by someone holding the database.
 */
export const instruments = pgTable(
  'instruments',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind', { enum: ['prepaid', 'credit'] }).notNull(),
    numberLookup: text('number_lookup').notNull(),
    pinHash: text('pin_hash').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    expiresAt: at('expires_at').notNull(),
    failedPins: integer('failed_pins').notNull().default(0),
    lockedUntil: at('locked_until'),
    /** Prepaid cards: the batch they were issued in. */
    batchId: uuid('batch_id'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('instruments_number').on(t.numberLookup), index('instruments_batch').on(t.batchId)],
);

/** The credit-information database of seed 004: who holds a credit card, and its standing. */
export const creditHolders = pgTable('credit_holders', {
  instrumentId: uuid('instrument_id')
    .primaryKey()
    .references(() => instruments.id),
  holderName: text('holder_name').notNull(),
  status: text('status', { enum: ['good', 'suspended', 'closed'] }).notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});

/** Payment history: each statement a holder had to pay, and when it was paid. */
export const creditStatements = pgTable(
  'credit_statements',
  {
    id: uuid('id').primaryKey(),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => instruments.id),
    dueAt: at('due_at').notNull(),
    amountDue: money('amount_due').notNull(),
    paidAt: at('paid_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('credit_statements_instrument').on(t.instrumentId, t.dueAt)],
);

/** B7: the orders the market announced; a payment must match one exactly. */
export const announcements = pgTable(
  'announcements',
  {
    orderId: text('order_id').primaryKey(),
    amount: money('amount').notNull(),
    currency: text('currency').notNull(),
    sellerId: uuid('seller_id').notNull(),
    termsHash: text('terms_hash').notNull(),
    announcedAt: at('announced_at').notNull(),
  },
  // A seller's money still in escrow is summed over its orders (GET /sellers/{id}/payable).
  (t) => [index('announcements_seller').on(t.sellerId)],
);

/**
 * B8: one payment per order at most (the primary key is the order), its money held in escrow by
 * a pending transfer until the parcel is picked up (posted) or returned (voided).
 */
export const payments = pgTable('payments', {
  orderId: text('order_id')
    .primaryKey()
    .references(() => announcements.orderId),
  id: uuid('id').notNull().unique(),
  instrumentId: uuid('instrument_id')
    .notNull()
    .references(() => instruments.id),
  escrowTransferId: uuid('escrow_transfer_id')
    .notNull()
    .references(() => transfers.id),
  pickupPointId: text('pickup_point_id').notNull(),
  paidAt: at('paid_at').notNull(),
});

/** Messages to the market (order paid …), sent after commit and retried until acknowledged. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    payload: jsonb('payload').notNull(),
    createdAt: at('created_at').notNull(),
    deliveredAt: at('delivered_at'),
  },
  (t) => [index('outbox_undelivered').on(t.id).where(sql`${t.deliveredAt} IS NULL`)],
);

/** Payout runs: each seller's payable moved to its payout account, with the orders it covers. */
export const payouts = pgTable('payouts', {
  id: uuid('id').primaryKey(),
  sellerId: uuid('seller_id').notNull(),
  currency: text('currency').notNull(),
  amount: money('amount').notNull(),
  transferId: uuid('transfer_id')
    .notNull()
    .references(() => transfers.id),
  createdAt: at('created_at').notNull(),
});

/** Each release transfer is paid out once: its ID is the key. */
export const payoutItems = pgTable('payout_items', {
  releaseTransferId: uuid('release_transfer_id')
    .primaryKey()
    .references(() => transfers.id),
  payoutId: uuid('payout_id')
    .notNull()
    .references(() => payouts.id),
  orderId: text('order_id').notNull(),
  amount: money('amount').notNull(),
});

/**
 * Sellers' payments for analytics reports: the price held by a pending transfer from the
 * seller's payable or a card into analytics revenue, captured (posted) once the report is
 * released or voided if it never is. Its state is its transfer's; this row is what the hold
 * was asked with. `termsHash` is a keyed HMAC of the terms (seller, amount, currency, source,
 * card number), so a repeat under the hold ID is compared without keeping the number.
 */
export const analyticsHolds = pgTable(
  'analytics_holds',
  {
    holdId: uuid('hold_id').primaryKey(),
    sellerId: uuid('seller_id').notNull(),
    amount: money('amount').notNull(),
    currency: text('currency').notNull(),
    source: text('source', { enum: ['payable', 'card'] }).notNull(),
    instrumentId: uuid('instrument_id').references(() => instruments.id),
    termsHash: text('terms_hash').notNull(),
    transferId: uuid('transfer_id')
      .notNull()
      .unique()
      .references(() => transfers.id),
    heldAt: at('held_at').notNull(),
  },
  (t) => [
    check('analytics_holds_card_instrument', sql`(${t.source} = 'card') = (${t.instrumentId} IS NOT NULL)`),
    index('analytics_holds_seller').on(t.sellerId),
  ],
);

/** Each captured report payment from a payable is deducted in one payout: its capture is the key. */
export const payoutCharges = pgTable('payout_charges', {
  captureTransferId: uuid('capture_transfer_id')
    .primaryKey()
    .references(() => transfers.id),
  payoutId: uuid('payout_id')
    .notNull()
    .references(() => payouts.id),
  holdId: uuid('hold_id')
    .notNull()
    .references(() => analyticsHolds.holdId),
  amount: money('amount').notNull(),
});
