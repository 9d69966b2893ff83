import type { OrderState, Tracking } from './market-api.ts';
import { formatDeadline } from './moments.ts';
import type { Translate } from './translate.ts';

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
  /** A word or two, for a badge (in `t`'s language). */
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
  t: Translate,
  now = Date.now(),
): OrderStatus {
  switch (order.state) {
    case 'awaiting_payment':
      return {
        key: 'awaiting_payment',
        label: t('purchaser.status.awaitingPayment.label'),
        meaning: t('purchaser.status.awaitingPayment.meaning'),
      };
    case 'expired':
      return {
        key: 'expired',
        label: t('purchaser.status.expired.label'),
        meaning: t('purchaser.status.expired.meaning'),
      };
    case 'cancelled':
      return {
        key: 'cancelled',
        label: t('purchaser.status.cancelled.label'),
        meaning: t('purchaser.status.cancelled.meaning'),
      };
    case 'paid':
      return parcelStatus(parcel, t, now);
  }
}

function parcelStatus(parcel: Parcel | undefined, t: Translate, now: number): OrderStatus {
  if (parcel === undefined)
    return {
      key: 'paid',
      label: t('purchaser.status.paid.label'),
      meaning: t('purchaser.status.paid.meaning'),
    };
  if (parcel === null)
    return {
      key: 'paid',
      label: t('purchaser.status.paid.label'),
      meaning: t('purchaser.status.paid.notBooked'),
    };
  switch (parcel.state) {
    case 'booked':
      return {
        key: 'booked',
        label: t('purchaser.status.booked.label'),
        meaning: t('purchaser.status.booked.meaning'),
      };
    case 'dropped_off':
    case 'in_transit':
      return {
        key: 'on_its_way',
        label: t('purchaser.status.onItsWay.label'),
        meaning: t('purchaser.status.onItsWay.meaning'),
      };
    case 'ready_for_pickup':
      if (parcel.deadline && Date.parse(parcel.deadline) <= now)
        return {
          key: 'overdue',
          label: t('purchaser.status.overdue.label'),
          meaning: t('purchaser.status.overdue.meaning'),
        };
      return {
        key: 'ready',
        label: t('purchaser.status.ready.label'),
        meaning: parcel.deadline
          ? t('purchaser.status.ready.meaningBy', { deadline: formatDeadline(parcel.deadline, t, now) })
          : t('purchaser.status.ready.meaning'),
      };
    case 'picked_up':
      return {
        key: 'collected',
        label: t('purchaser.status.collected.label'),
        meaning: t('purchaser.status.collected.meaning'),
      };
    case 'returned':
      return {
        key: 'returned',
        label: t('purchaser.status.returned.label'),
        meaning: t('purchaser.status.returned.meaning'),
      };
  }
}

/** The parcel was collected or came back: its pickup code opens nothing any more. */
export const pickupOver = (status: OrderStatus): boolean =>
  status.key === 'collected' || status.key === 'returned';

/** The parcel has reached its end: nothing more happens to it. */
export const parcelSettled = (parcel: Parcel | undefined): boolean =>
  parcel?.state === 'picked_up' || parcel?.state === 'returned';
