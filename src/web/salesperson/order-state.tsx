import type { Translate } from '../app/translate.ts';
import { activeLocale, type MessageId, useT } from '../i18n/i18n.tsx';
import { parcelLabel } from './parcel-state.tsx';
import type { OrderState, SellerOrder } from './types.ts';

const STATE_LABEL: Record<OrderState, MessageId> = {
  awaiting_payment: 'salesperson.orderState.awaitingPayment',
  paid: 'salesperson.orderState.paid',
  expired: 'salesperson.orderState.expired',
  cancelled: 'salesperson.orderState.cancelled',
};

export const ORDER_STATES = Object.keys(STATE_LABEL) as OrderState[];

export const stateLabel = (t: Translate, state: OrderState) =>
  STATE_LABEL[state] ? t(STATE_LABEL[state]) : state;

/** "Paid — deliver to PP-GINZA-7": what a paid order asks of the seller (B8's message, for B9). */
export const deliverTo = (t: Translate, pickupPointId: string) =>
  t('salesperson.orderState.deliverTo', { pickupPoint: pickupPointId });

type StatusOf = Pick<SellerOrder, 'state' | 'pickupPointId' | 'parcelState'>;

/**
 * The one status of an order, as the seller's list and order page show it: the order's state
 * until it is paid; then, until the shipment is booked, where to deliver; then where the parcel is.
 */
export function orderStatusLabel(t: Translate, order: StatusOf): string {
  if (order.state !== 'paid') return stateLabel(t, order.state);
  if (order.parcelState) return parcelLabel(t, order.parcelState);
  return order.pickupPointId ? deliverTo(t, order.pickupPointId) : stateLabel(t, 'paid');
}

/**
 * What the seller is to do before the parcel is booked; from then on the shipment panel says
 * what the parcel's state asks.
 */
export function nextStep(t: Translate, order: StatusOf): string | null {
  if (order.state === 'awaiting_payment') return t('salesperson.orderState.nextAwaitingPayment');
  if (order.state === 'paid' && order.pickupPointId && !order.parcelState)
    return t('salesperson.orderState.nextBookShipment');
  return null;
}

/** An order's status in one badge, coloured by the step it is at. */
export function OrderStateBadge(props: { order: StatusOf }) {
  const { order } = props;
  const t = useT();
  const step = order.state === 'paid' && order.parcelState ? `parcel-state parcel-${order.parcelState}` : '';
  return (
    <span className={`badge state-${order.state} ${step}`} data-testid="order-status">
      {orderStatusLabel(t, order)}
    </span>
  );
}

/** When an order was placed or paid, in the seller's own language and time zone. */
export const localTime = (iso: string) =>
  new Intl.DateTimeFormat(activeLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
