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

/** An order's state; a paid one says where the parcel goes. */
export function OrderStateBadge(props: { order: Pick<SellerOrder, 'state' | 'pickupPointId'> }) {
  const { state, pickupPointId } = props.order;
  return (
    <span className={`badge state-${state}`}>
      {state === 'paid' && pickupPointId ? deliverTo(pickupPointId) : stateLabel(state)}
    </span>
  );
}

/** When an order was placed or paid, in the seller's own locale and time zone. */
export const localTime = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
