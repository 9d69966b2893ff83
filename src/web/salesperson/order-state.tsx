import { parcelLabel } from './parcel-state.tsx';
import type { OrderState, SellerOrder } from './types.ts';

const STATE_LABEL: Record<OrderState, string> = {
  awaiting_payment: 'Awaiting payment',
  paid: 'Paid',
  expired: 'Expired unpaid',
  cancelled: 'Cancelled',
};

export const ORDER_STATES = Object.keys(STATE_LABEL) as OrderState[];

export const stateLabel = (state: OrderState) => STATE_LABEL[state] ?? state;

/** "Paid — deliver to PP-GINZA-7": what a paid order asks of the seller (B8's message, for B9). */
export const deliverTo = (pickupPointId: string) => `Paid — deliver to ${pickupPointId}`;

type StatusOf = Pick<SellerOrder, 'state' | 'pickupPointId' | 'parcelState'>;

/**
 * The one status of an order, as the seller's list and order page show it: the order's state
 * until it is paid; then, until the shipment is booked, where to deliver; then where the parcel is.
 */
export function orderStatusLabel(order: StatusOf): string {
  if (order.state !== 'paid') return stateLabel(order.state);
  if (order.parcelState) return parcelLabel(order.parcelState);
  return order.pickupPointId ? deliverTo(order.pickupPointId) : stateLabel('paid');
}

/**
 * What the seller is to do before the parcel is booked; from then on the shipment panel says
 * what the parcel's state asks.
 */
export function nextStep(order: StatusOf): string | null {
  if (order.state === 'awaiting_payment')
    return 'Wait for payment before shipping: an order not paid in time expires and its stock returns to your offer.';
  if (order.state === 'paid' && order.pickupPointId && !order.parcelState)
    return 'Paid: book the shipment below, print its label and hand the parcel in at any Tokumei pickup point. The money is held for you until the purchaser collects it.';
  return null;
}

/** An order's status in one badge, coloured by the step it is at. */
export function OrderStateBadge(props: { order: StatusOf }) {
  const { order } = props;
  const step = order.state === 'paid' && order.parcelState ? `parcel-state parcel-${order.parcelState}` : '';
  return (
    <span className={`badge state-${order.state} ${step}`} data-testid="order-status">
      {orderStatusLabel(order)}
    </span>
  );
}

/** When an order was placed or paid, in the seller's own locale and time zone. */
export const localTime = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
