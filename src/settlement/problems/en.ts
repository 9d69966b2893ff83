/**
 * Settlement's problems in English: the IDs and arguments of `ja.ts` follow these. A title's ID
 * is its code (`code.variant` where one code has several).
 */
export const en = {
  announcement_conflict: 'This order was announced with other terms',
  'idempotency_key_reused.payment': 'This Idempotency-Key was used with another payment',
  'idempotency_key_reused.hold': 'This Idempotency-Key was used with another hold',
  payment_not_found: 'No approved payment has this ID',
  not_paid: 'This order has no payment in escrow',
  /** A release or refund of an escrow that was released or refunded before. */
  escrow_resolved: 'The escrow was already {money}',
  hold_not_found: 'No hold has this ID',
  hold_conflict: 'This hold ID holds a payment with other terms',
  /** A capture or void of a hold that was voided or captured before. */
  hold_resolved: 'The hold was already {state}',
} as const;
