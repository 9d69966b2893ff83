import type { ShipmentState } from './types.ts';

/** B9: where a parcel is, as the seller says it. */
const LABEL: Record<ShipmentState, string> = {
  booked: 'Shipment booked',
  dropped_off: 'Handed in',
  in_transit: 'On its way',
  ready_for_pickup: 'At the pickup point',
  picked_up: 'Collected',
  returned: 'Returned',
};

/** What each state asks of the seller, or what it means for the money. */
export const PARCEL_MEANING: Record<ShipmentState, string> = {
  booked: 'Print the label, stick it on the parcel and hand it in at any Tokumei pickup point.',
  dropped_off: 'Handed in at a pickup point; the carrier takes it from there.',
  in_transit: 'The carrier is taking it to the purchaser’s pickup point.',
  ready_for_pickup: 'Waiting at the pickup point for the purchaser.',
  picked_up: 'The purchaser collected it: the payment is released to you, minus the fee.',
  returned: 'Not collected in time: it comes back to you, and the purchaser is refunded.',
};

export const parcelLabel = (state: ShipmentState) => LABEL[state] ?? state;
