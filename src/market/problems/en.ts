import { prefixed } from '../../platform/http/messages.ts';
import { DECLINE_MESSAGES, INSUFFICIENT_PAYABLE_MESSAGE } from '../../protocol/settlement.ts';

/**
 * The market's problems in English: the IDs and arguments of `ja.ts` follow these. A title's ID
 * is its code (`code.variant` where one code has several); a detail's ends in `.detail`.
 */
export const en = {
  'unauthorized.seller': 'A seller API key is required',
  'unauthorized.seller.detail': 'Send the key shown at registration as "Authorization: Bearer <key>".',
  seller_suspended: 'This seller account is suspended',
  seller_not_found: 'No such seller',
  invalid_webhook_url: 'The webhook URL is not allowed',
  kind_exists: 'A kind with this ID exists',
  kind_not_found: 'No such kind',
  invalid_kind: 'The kind definition is not valid',
  /** Any refusal of a row of commodity information (its code says which). */
  commodity_not_registered: 'The commodity information was not registered',
  offer_not_found: 'No such offer',
  'unsupported_media_type.import': 'Send the file as CSV, JSON or NDJSON',
  'unsupported_media_type.import.detail': 'content-type must be one of {types}',
  unreadable_file: 'The import file could not be read; nothing was loaded',
  unknown_kind: 'There is no kind {kind}',
  invalid_conditions: 'The purchase request does not fit its kind',
  'invalid_conditions.condition': 'condition {number} ({attribute}): {reason}',
  'invalid_conditions.sort': 'sort by {attribute}: {reason}',
  /** Not a problem: the message of a search that matched nothing (a 200 answer). */
  nothing_matched:
    'No commodity matches every condition of this purchase request. Relax a condition below and send a new purchase request.',
  search_not_found: 'This search does not exist or has expired',
  'search_not_found.detail': 'Send a new purchase request.',
  reenter_selection: 'The selection is not among the retrieved commodities',
  'reenter_selection.detail':
    'Re-enter the purchasing commodity specifying information: choose one of the retrieved items.',
  offer_unavailable: 'This offer is no longer available',
  price_changed: 'The price changed since it was shown',
  'price_changed.detail':
    'Shown {shownUnitPrice}, now {unitPrice} {currency}; search again to buy at the new price.',
  insufficient_stock: 'Not enough stock for this quantity',
  'insufficient_stock.detail': '{available} available.',
  amount_too_large: 'The order amount is too large',
  'idempotency_key_reused.order': 'This Idempotency-Key was used with other parameters',
  'idempotency_key_reused.payment': 'This Idempotency-Key was used with another payment',
  'idempotency_key_reused.report': 'This Idempotency-Key was used for another payment',
  order_not_found: 'No such order',
  'order_not_found.detail': 'Check the order ID and the order secret.',
  order_not_payable: 'This order can no longer be paid',
  'order_not_payable.detail.cancelled':
    'The order is cancelled: it lapsed unpaid and its item has sold out since. Any payment made for it is refunded; buy again.',
  'order_not_payable.detail': 'The order is {state, select, lapsed {expired} other {{state}}}; buy again.',
  unknown_pickup_point: 'No such pickup point',
  'unknown_pickup_point.detail': 'Choose a pickup point from delivery’s list.',
  pickup_point_closed: 'This pickup point takes no new parcels',
  'pickup_point_closed.detail': 'Choose another pickup point.',
  /** A payment settlement declined (its code says why). */
  declined: 'Payment declined',
  ...prefixed('declined.', DECLINE_MESSAGES),
  'declined.insufficient_payable': INSUFFICIENT_PAYABLE_MESSAGE,
  order_lapsed: 'The order lapsed while it was being paid',
  'order_lapsed.detail':
    'Its payment window closed before the payment came through, and its item has sold out since. The payment is refunded in full and nothing will be sent; buy again.',
  settlement_unavailable: 'Settlement cannot be reached',
  'settlement_unavailable.payment': 'Payments cannot be taken just now',
  'settlement_unavailable.payment.detail':
    'Nothing was charged that will not be honoured: try again with the same Idempotency-Key.',
  'settlement_unavailable.report': 'Settlement cannot be reached; nothing was charged',
  order_not_paid: 'This order is not paid',
  'order_not_paid.detail.pickup_code': 'A pickup code is made once the payment is approved.',
  'order_not_paid.detail.parcel': 'A parcel is booked once the purchaser has paid.',
  shipment_not_found: 'No shipment is booked for this order',
  'shipment_not_found.detail': 'Book it first: PUT {path}.',
  delivery_unavailable: 'Delivery cannot be reached just now',
  'delivery_unavailable.detail': 'Nothing was changed there that will not be honoured: try again shortly.',
  report_not_found: 'No such report of yours',
  history_pending: 'The last days of the range are still being stored',
  'history_pending.detail': 'A day’s history is stored shortly after it ends; ask again in a few minutes.',
  invalid_attribute: 'The attribute does not fit this analysis',
  range_reversed: 'The range ends before it starts',
  range_not_closed: 'The range reaches a period that has not ended',
  'range_not_closed.detail': 'Analyses cover ended periods only; the last ended day is {lastClosedDay}.',
  range_too_long: 'The range covers more than {maxPeriods, plural, one {# period} other {# periods}}',
  over_budget: 'The privacy budget for this data cannot pay for a new release',
  'over_budget.detail':
    '{holder, select, market {The market’s} other {Your}} budget for {month} has ε {remaining} left. Nothing was charged.',
  quote_expired: 'The quote has expired: ask for a new one',
  report_not_quoted: 'This report is already being bought, or was refused',
  payment_declined: 'Settlement declined the payment',
  analysis_failed: 'The analysis failed; its hold was let go and nothing was charged',
  exports_disabled: 'The operator has turned exports off',
  invalid_epsilon: 'ε per release must be above 0',
} as const;
