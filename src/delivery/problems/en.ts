/**
 * Delivery's problems in English: the IDs and arguments of `ja.ts` follow these. A title's ID
 * is its code (`code.variant` where one code has several); a detail's ends in `.detail`.
 */
export const en = {
  shipment_not_found: 'No shipment for this order',
  invalid_order_id: 'That is not a valid order ID',
  'invalid_order_id.detail': 'Check it for a typo: it is 18 letters and digits, as printed on the label.',
  unknown_pickup_point: 'No such pickup point',
  'unknown_pickup_point.detail': 'The order names a pickup point delivery does not know.',
  pickup_point_closed: 'This pickup point takes no new parcels',
  'pickup_point_closed.detail': 'It has been closed by the operator.',
  shipment_conflict: 'This order’s parcel is booked otherwise',
  'shipment_conflict.detail': 'It is booked to {pickupPointCode} as {parcelSize}.',
  pickup_point_not_found: 'No such pickup point',
  pickup_point_exists: 'A pickup point with this code exists',
  'pickup_point_exists.detail': 'Change it with PATCH /operator/pickup-points/{code}.',
  clerk_key_not_found: 'No such clerk key',
  'unauthorized.clerk': 'A clerk key is required',
  'unauthorized.clerk.detail': 'Sign in with the key the operator issued for this pickup point.',
  invalid_pickup_code: 'That is not a valid pickup code',
  'invalid_pickup_code.detail':
    'Check it for a typo: it is 12 letters and digits, as on the purchaser’s receipt. No attempt was counted.',
  'invalid_pickup_code.detail.format':
    '12 Crockford base32 digits with a valid check digit, as made by generatePickupCode.',
  invalid_registration_token: 'The registration token is not valid for this order',
  'invalid_registration_token.detail':
    'Use the token the market gave with the payment approval of this order.',
  pickup_code_already_registered: 'Another pickup code is registered for this order',
  'pickup_code_already_registered.detail': 'The first code registered for an order is the one that counts.',
  parcel_not_found: 'No such parcel at this pickup point',
  'parcel_not_found.detail': 'Check the order ID; a parcel for another pickup point cannot be handled here.',
  /** Where a parcel stands, as a clerk can read it out: "This parcel is …", "It is …". */
  parcel_state:
    '{state, select, booked {booked, not yet handed in by the seller} dropped_off {handed in by the seller, not yet taken by the carrier} in_transit {on its way with the carrier} ready_for_pickup {waiting to be collected} picked_up {already collected} returned {sent back to the seller} other {{state}}}',
  wrong_state: 'This parcel is {state}',
  'wrong_state.detail': 'That step does not apply to it now.',
  not_overdue: 'This parcel is not overdue yet',
  'not_overdue.detail': 'It waits for the purchaser until {deadline}.',
  not_ready: 'This parcel has not arrived here yet',
  'not_ready.detail': 'It is {state}.',
  already_picked_up: 'This parcel has already been collected',
  'already_picked_up.detail': 'Its pickup code has been used and cannot be used again.',
  returned: 'This parcel has been sent back to the seller',
  'returned.detail': 'It was not collected in time.',
  deadline_passed: 'The collection deadline has passed',
  'deadline_passed.detail': 'It had to be collected by {deadline}; it goes back to the seller.',
  wrong_code: 'Wrong pickup code',
  'wrong_code.detail':
    '{attemptsLeft, plural, one {# more wrong code locks} other {# more wrong codes lock}} this order for a while.',
  pickup_locked: 'Too many wrong codes for this order',
  'pickup_locked.detail':
    '{wrongCode, select, yes {That code was wrong too. } other {}}No code is taken for this order until {lockedUntil}.',
  too_many_attempts_here: 'Too many wrong codes at this pickup point',
  'too_many_attempts_here.detail':
    'No pickup code is taken here for {retryAfterSeconds, plural, one {# second} other {# seconds}}.',
} as const;
