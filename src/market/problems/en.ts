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
  'invalid_webhook_url.scheme':
    'The URL must be {schemes, select, https {an https} other {an http or https}} URL.',
  'invalid_webhook_url.address': '{address} is {what}; webhooks go to public addresses only.',
  'invalid_webhook_url.resolved':
    '{host} resolves to {address}, {what}; webhooks go to public addresses only.',
  'invalid_webhook_url.unresolved': '{host} does not resolve to an address.',
  /** What kind of address a non-public one is (webhook-targets.ts). */
  webhook_address:
    '{kind, select, unspecified {an unspecified address} loopback {a loopback address} private {a private network address} link_local {a link-local address} shared {a shared address (carrier-grade NAT)} ipv4_as_ipv6 {an IPv4 address written as IPv6} nat64 {an IPv4 address behind NAT64} multicast {a multicast address} broadcast {a broadcast address} other {an address reserved for special use}}',
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
  /**
   * Why a value does not fit its attribute: each completes "attribute <name> …" or "value <value> …".
   * Numbers are given as text, as they are written in the request.
   */
  'value.not_a_number': 'must be a number',
  'value.not_whole': 'must be a whole number',
  'value.below_min': 'must be at least {min}',
  'value.below_min_unit': 'must be at least {min} {unit}',
  'value.above_max': 'must be at most {max}',
  'value.above_max_unit': 'must be at most {max} {unit}',
  'value.not_one_of': 'must be one of {values}',
  'value.not_boolean': 'must be true or false',
  'value.empty_text': 'must be a non-empty text',
  'value.too_long': 'must be at most {maxLength} characters',
  'attribute.unknown': 'is not an attribute of this kind',
  'attribute.required': 'is required',
  /** One attribute's reason, in a row of commodity information. */
  'attribute.problem': 'attribute {attribute} {reason}',
  /** Why a condition of a purchase request does not fit its kind. */
  'condition.unknown_attribute': 'is not an attribute of {kind} (known: price, {known})',
  'condition.operator_misfit':
    'operator {op} does not apply to {type, select, enum {an enum} other {a {type}}} attribute (use {allowed})',
  'condition.needs_list': 'operator {op} needs a list of values',
  'condition.needs_single': 'operator {op} needs a single value',
  'condition.between_two': 'between needs exactly two values, [low, high]',
  'condition.between_order': 'between needs [low, high] with low ≤ high',
  'condition.value': 'value {value} {reason}',
  'sort.not_numeric': 'only numeric attributes can be sorted by',
  'sort.unknown_attribute': 'is not an attribute of {kind}',
  /** What is wrong with a kind's definition or a change to it. */
  'kind.defined_twice': 'attribute {attribute} is defined twice',
  'kind.min_above_max': 'attribute {attribute}: min is greater than max',
  'kind.too_many': 'attribute {attribute}: a kind holds at most {max} {type} attributes',
  'kind.stray_label': 'attribute {attribute}: {value} is labelled but is not one of its values',
  'kind.added_required': 'attribute {attribute}: an added attribute cannot be required',
  'kind.name_needs_text': 'the kind’s name needs a Japanese or English text',
  'kind.not_enum': 'attribute {attribute} is not an enum attribute of {kind}',
  'kind.unknown_attribute': 'attribute {attribute} is not an attribute of {kind}',
  'kind.label_needs_text': 'attribute {attribute}: its label needs a Japanese or English text',
  'kind.unit_not_number': 'attribute {attribute}: only a number attribute has a unit',
  'kind.value_labels_not_enum': 'attribute {attribute}: only an enum attribute has value labels',
  /** Why a row of commodity information was refused (besides its attributes). */
  'row.unknown_kind': 'kind {kind} does not exist',
  'row.duplicate': 'same commodity as row {row} of this batch',
  'row.conflict': 'model {model} is registered with other characteristics: {differences}',
  /** One characteristic the registered commodity has otherwise; `row.and` joins several. */
  'row.differs': '{attribute} is {value}',
  'row.and': '{first}, {rest}',
  /** Completes "attribute <name> …", as `value.*` do. */
  'row.commodity_has': 'the commodity has {value}',
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
  'invalid_attribute.detail.none': '{analysis} takes no attribute',
  'invalid_attribute.detail.enum': 'choose an enumerated attribute of {kind}',
  'invalid_attribute.detail.number': 'choose a numeric attribute of {kind}, or price',
  'invalid_attribute.detail.optional': 'choose an enumerated or numeric attribute of {kind}, or price',
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
