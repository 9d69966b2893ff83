import { z } from 'zod';
import { derivedId } from '../platform/ids.ts';
import { pageSchema } from '../platform/paging.ts';

/**
 * The wire contract between the market and settlement over the closed link (seed 000, B7–B8).
 * It carries order facts and, for a payment, the instrument; nothing on it identifies a person
 * to the market, and the market keeps none of the instrument.
 */

const money = z.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('Integer minor units');
const currency = z.string().regex(/^[A-Z]{3}$/);

/** B7: a new order, announced so that settlement can check the payment against it. */
export const orderAnnouncementSchema = z.object({
  orderId: z.string().min(1).max(40),
  amount: money,
  currency,
  /** Where the seller's money goes: the seller's ID at the market, nothing more. */
  sellerId: z.string().uuid(),
  /** SHA-256 (hex) over the order's terms, so both sides can show they meant the same order. */
  termsHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type OrderAnnouncement = z.infer<typeof orderAnnouncementSchema>;

export const instrumentSchema = z.object({
  number: z.string().min(12).max(32),
  pin: z.string().regex(/^\d{4,8}$/),
});

/** B8: the purchaser's payment, relayed by the market. */
export const paymentRequestSchema = z.object({
  orderId: z.string().min(1).max(40),
  amount: money,
  currency,
  instrument: instrumentSchema,
  /** The receiving address: the pickup point the parcel goes to. */
  pickupPointId: z.string().min(1).max(64),
  /**
   * The order's announcement (B7), recorded with the payment when the market's outbox has not
   * delivered it yet: one call for both, rather than an announcement and then a payment.
   */
  announcement: orderAnnouncementSchema.optional(),
});
export type PaymentRequest = z.infer<typeof paymentRequestSchema>;

/** Why a card is declined, whoever pays with it: each distinct, none revealing anything of the holder. */
export const CARD_DECLINE_CODES = [
  'invalid_number',
  'unknown_instrument',
  'wrong_pin',
  'instrument_locked',
  'card_expired',
  'credit_expired',
  'credit_suspended',
  'credit_closed',
  'credit_history',
  'insufficient_balance',
  'over_limit',
  'currency_mismatch',
] as const;
export type CardDeclineCode = (typeof CARD_DECLINE_CODES)[number];

/**
 * Every reason a payment is declined: the order's, then the card's. README "Settlement"
 * documents them.
 */
export const DECLINE_CODES = [
  'unknown_order',
  'amount_mismatch',
  'already_paid',
  ...CARD_DECLINE_CODES,
] as const;
export type DeclineCode = (typeof DECLINE_CODES)[number];

export const paymentAnswerSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('approved'),
    paymentId: z.string().uuid(),
    orderId: z.string(),
    amount: money,
    currency,
    paidAt: z.string(),
  }),
  z.object({
    outcome: z.literal('declined'),
    code: z.enum(DECLINE_CODES),
    message: z.string(),
    /** already_paid: when the order was paid, as evidence. */
    paidAt: z.string().optional(),
    /** wrong_pin: tries left before the instrument locks. */
    attemptsLeft: z.number().int().optional(),
  }),
]);
export type PaymentAnswer = z.infer<typeof paymentAnswerSchema>;

/** Settlement → market: "order X is paid, deliver to pickup point P" (B8, then B9). */
export const orderPaidEventSchema = z.object({
  type: z.literal('order_paid'),
  orderId: z.string(),
  pickupPointId: z.string(),
  paidAt: z.string(),
});
export type OrderPaidEvent = z.infer<typeof orderPaidEventSchema>;

/** What each decline tells the purchaser: the reason, and nothing about the holder. */
export const DECLINE_MESSAGES = {
  unknown_order: 'This order is not known to settlement (yet): try again in a moment.',
  amount_mismatch: 'The amount or currency differs from the order.',
  already_paid: 'This order has already been paid.',
  invalid_number: 'This is not a valid card number: check it for a typo.',
  unknown_instrument: 'No card with this number.',
  wrong_pin: 'The PIN is wrong.',
  instrument_locked: 'The card is locked after too many wrong PINs; try again later.',
  card_expired: 'The prepaid card has expired.',
  credit_expired: 'The credit card has expired.',
  credit_suspended: 'The credit card is suspended.',
  credit_closed: 'The credit card is closed.',
  credit_history: 'The credit card’s payment history does not allow this purchase.',
  insufficient_balance: 'The prepaid card’s balance is too low.',
  over_limit: 'The purchase would exceed the credit limit.',
  currency_mismatch: 'The card is in another currency.',
} as const satisfies Record<DeclineCode, string>;

/**
 * A payment's ID follows from the order and the purchaser's Idempotency-Key, so the market can
 * look up a payment whose answer it lost without having stored anything of it.
 */
export const paymentIdFor = (orderId: string, idempotencyKey: string) =>
  derivedId(`payment:${orderId}:${idempotencyKey}`);

/** Settlement's outbox, read by the market over the closed link (settlement never calls out). */
export const settlementEventsSchema = z.object({
  events: z.array(z.object({ id: z.number().int(), event: orderPaidEventSchema })),
});

/** Where one order's money is, for reconciliation against the market's order state. */
export const MONEY_STATES = ['unpaid', 'held', 'released', 'refunded'] as const;
export type MoneyState = (typeof MONEY_STATES)[number];
export const moneyStatesSchema = pageSchema(z.object({ orderId: z.string(), money: z.enum(MONEY_STATES) }));
/** Money states page in order-ID order. */
export const moneyStatesKey = z.tuple([z.string().min(1).max(40)]);
export const ledgerCheckSchema = z.object({ breaches: z.array(z.string()) });

/** Escrow commands from the market: release on pickup, refund on return or cancellation. */
export const escrowAnswerSchema = z.object({
  orderId: z.string(),
  money: z.enum(MONEY_STATES),
  replayed: z.boolean(),
});

/**
 * A seller's money at settlement, per currency, in integer minor units: `payable` was released
 * to it (picked up, less the fee), less what analytics reports took or hold from it, and not
 * yet paid out; `held` is still in escrow for its orders whose parcels are on their way.
 */
export const sellerPayableSchema = z.object({
  balances: z.array(
    z.object({
      currency,
      payable: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      held: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    }),
  ),
});
export type SellerPayable = z.infer<typeof sellerPayableSchema>;

/*
 * A seller's payment for an analytics report (seed 000, C1–C4): held at settlement when the
 * seller accepts the quote, captured once the report is released, voided if it never is.
 */

/** Where a report's price comes from: the seller's payable, or a card the seller enters. */
export const analyticsHoldSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('payable') }),
  instrumentSchema.extend({ type: z.literal('card') }),
]);

export const analyticsHoldRequestSchema = z.object({
  /** Chosen by the market, one per report purchase: a repeat under it is the same hold. */
  holdId: z.string().uuid(),
  sellerId: z.string().uuid(),
  amount: money,
  currency,
  source: analyticsHoldSourceSchema,
});
export type AnalyticsHoldRequest = z.infer<typeof analyticsHoldRequestSchema>;

export const ANALYTICS_HOLD_STATES = ['held', 'captured', 'voided'] as const;
export type AnalyticsHoldState = (typeof ANALYTICS_HOLD_STATES)[number];

/** A hold as settlement keeps it: nothing of the card but that one was used. */
export const analyticsHoldSchema = z.object({
  holdId: z.string().uuid(),
  sellerId: z.string().uuid(),
  amount: money,
  currency,
  source: z.enum(['payable', 'card']),
  state: z.enum(ANALYTICS_HOLD_STATES),
  heldAt: z.string(),
  capturedAt: z.string().nullable(),
  voidedAt: z.string().nullable(),
});
export type AnalyticsHold = z.infer<typeof analyticsHoldSchema>;

/** Why a report's price is not held: the payable is short, or one of the card's own reasons. */
export const ANALYTICS_DECLINE_CODES = ['insufficient_payable', ...CARD_DECLINE_CODES] as const;
export type AnalyticsDeclineCode = (typeof ANALYTICS_DECLINE_CODES)[number];

export const INSUFFICIENT_PAYABLE_MESSAGE = 'The payable balance does not cover the price.';

export const analyticsDeclineMessage = (code: AnalyticsDeclineCode): string =>
  code === 'insufficient_payable' ? INSUFFICIENT_PAYABLE_MESSAGE : DECLINE_MESSAGES[code];

/**
 * Held (now, or before under the same hold ID and terms: `replayed`), or declined. A decline
 * holds nothing; it is kept as the answer of its Idempotency-Key only.
 */
export const analyticsHoldAnswerSchema = z.discriminatedUnion('outcome', [
  analyticsHoldSchema.extend({ outcome: z.literal('held'), replayed: z.boolean() }),
  z.object({
    outcome: z.literal('declined'),
    code: z.enum(ANALYTICS_DECLINE_CODES),
    message: z.string(),
    /** wrong_pin: tries left before the card locks. */
    attemptsLeft: z.number().int().optional(),
  }),
]);
export type AnalyticsHoldAnswer = z.infer<typeof analyticsHoldAnswerSchema>;

/** Captured or voided (a repeat says `replayed`). */
export const analyticsHoldResolutionSchema = analyticsHoldSchema.extend({ replayed: z.boolean() });

/** Each hold's state, for reconciliation against the market's report purchases; holdId order. */
export const analyticsHoldStatesSchema = pageSchema(
  analyticsHoldSchema.pick({ holdId: true, sellerId: true, amount: true, currency: true, state: true }),
);
export const analyticsHoldStatesKey = z.tuple([z.string().uuid()]);
