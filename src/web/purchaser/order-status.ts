import type { OrderState, Tracking } from './market-api.ts';
import { formatDeadline } from './moments.ts';

/** Where an order stands for the purchaser, from payment to collection or refund. */
export type OrderStatusKey =
  | 'awaiting_payment'
  | 'paid'
  | 'booked'
  | 'on_its_way'
  | 'ready'
  | 'overdue'
  | 'collected'
  | 'returned'
  | 'expired'
  | 'cancelled';

export interface OrderStatus {
  key: OrderStatusKey;
  /** A word or two, for a badge. */
  label: string;
  /** A sentence on what it means, and what to do when anything is to be done. */
  meaning: string;
}

type Parcel = Tracking['parcel'];

/**
 * The one reading of an order's state for every purchaser page: the market's order state and,
 * once paid, the parcel's state at delivery (B9). `parcel` is undefined while not yet read, and
 * null while the seller has not booked it.
 */
export function orderStatus(
  order: { state: OrderState },
  parcel: Parcel | undefined,
  now = Date.now(),
): OrderStatus {
  switch (order.state) {
    case 'awaiting_payment':
      return {
        key: 'awaiting_payment',
        label: 'Awaiting payment',
        meaning: 'Pay before the deadline, or the order lapses.',
      };
    case 'expired':
      return {
        key: 'expired',
        label: 'Expired',
        meaning: 'Not paid in time: the order lapsed and its stock went back on sale.',
      };
    case 'cancelled':
      return {
        key: 'cancelled',
        label: 'Cancelled',
        meaning:
          'Cancelled: it lapsed while it was being paid and its item had sold out since. The payment is refunded in full.',
      };
    case 'paid':
      return parcelStatus(parcel, now);
  }
}

function parcelStatus(parcel: Parcel | undefined, now: number): OrderStatus {
  if (parcel === undefined)
    return { key: 'paid', label: 'Paid', meaning: 'Paid. The parcel goes to the pickup point you chose.' };
  if (parcel === null)
    return {
      key: 'paid',
      label: 'Paid',
      meaning: 'Paid. The seller has been told where to send it, and books the parcel next.',
    };
  switch (parcel.state) {
    case 'booked':
      return {
        key: 'booked',
        label: 'Shipment booked',
        meaning: 'The seller booked the parcel to your pickup point and hands it in next.',
      };
    case 'dropped_off':
    case 'in_transit':
      return {
        key: 'on_its_way',
        label: 'On its way',
        meaning: 'The carrier is taking the parcel to your pickup point.',
      };
    case 'ready_for_pickup':
      if (parcel.deadline && Date.parse(parcel.deadline) <= now)
        return {
          key: 'overdue',
          label: 'Time to collect is over',
          meaning: 'The parcel goes back to the seller, and your payment is refunded.',
        };
      return {
        key: 'ready',
        label: 'Ready to collect',
        meaning: parcel.deadline
          ? `At your pickup point: collect it by ${formatDeadline(parcel.deadline, now)} with the order ID and the pickup code.`
          : 'At your pickup point: collect it with the order ID and the pickup code.',
      };
    case 'picked_up':
      return { key: 'collected', label: 'Collected', meaning: 'Handed over at the pickup point.' };
    case 'returned':
      return {
        key: 'returned',
        label: 'Returned, refunded',
        meaning: 'Not collected in time: the parcel went back to the seller and your payment is refunded.',
      };
  }
}

/** The parcel was collected or came back: its pickup code opens nothing any more. */
export const pickupOver = (status: OrderStatus): boolean =>
  status.key === 'collected' || status.key === 'returned';

/** The parcel has reached its end: nothing more happens to it. */
export const parcelSettled = (parcel: Parcel | undefined): boolean =>
  parcel?.state === 'picked_up' || parcel?.state === 'returned';
