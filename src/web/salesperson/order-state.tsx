import type { OrderState } from './types';

const STATE_LABEL: Record<OrderState, string> = {
  awaiting_payment: 'Awaiting payment',
  paid: 'Paid',
  expired: 'Expired unpaid',
  cancelled: 'Cancelled',
};

export const ORDER_STATES = Object.keys(STATE_LABEL) as OrderState[];

export const stateLabel = (state: OrderState) => STATE_LABEL[state] ?? state;

export function OrderStateBadge(props: { state: OrderState }) {
  return <span className={`badge state-${props.state}`}>{stateLabel(props.state)}</span>;
}

/** When an order was placed, in the seller's own locale and time zone. */
export const placedAt = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
