import type { Translate } from '../app/translate.ts';
import type { MessageId } from '../i18n/i18n.tsx';
import type { ShipmentState } from './types.ts';

/** B9: where a parcel is, as the seller says it. */
const LABEL: Record<ShipmentState, MessageId> = {
  booked: 'salesperson.parcel.label.booked',
  dropped_off: 'salesperson.parcel.label.droppedOff',
  in_transit: 'salesperson.parcel.label.inTransit',
  ready_for_pickup: 'salesperson.parcel.label.readyForPickup',
  picked_up: 'salesperson.parcel.label.pickedUp',
  returned: 'salesperson.parcel.label.returned',
};

/** What each state asks of the seller, or what it means for the money. */
const MEANING: Record<ShipmentState, MessageId> = {
  booked: 'salesperson.parcel.meaning.booked',
  dropped_off: 'salesperson.parcel.meaning.droppedOff',
  in_transit: 'salesperson.parcel.meaning.inTransit',
  ready_for_pickup: 'salesperson.parcel.meaning.readyForPickup',
  picked_up: 'salesperson.parcel.meaning.pickedUp',
  returned: 'salesperson.parcel.meaning.returned',
};

/** A state the terminal does not know yet is shown as the service names it. */
export const parcelLabel = (t: Translate, state: ShipmentState) => (LABEL[state] ? t(LABEL[state]) : state);

export const parcelMeaning = (t: Translate, state: ShipmentState) =>
  MEANING[state] ? t(MEANING[state]) : undefined;
