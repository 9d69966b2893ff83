import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { formatMoney } from '../app/money.ts';
import { Notice } from '../app/ui.tsx';
import { getOrder, type Order, type OrderState } from './market-api.ts';
import { PickupPointText } from './pickup-point-picker.tsx';

/**
 * An order ID in its three groups (`7KQ4M2-XD9TPR-W3HNK5`), spaced for reading aloud; the text
 * (and what is copied) keeps the hyphens.
 */
export function OrderIdText(props: { orderId: string; large?: boolean; testId?: string }) {
  const groups = props.orderId.split('-');
  return (
    <span className={`order-id ${props.large ? 'big-code' : 'mono'}`} data-testid={props.testId}>
      {groups.map((group, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the groups of an ID never move
        <span key={i}>
          {i > 0 && <span className="order-id-dash">-</span>}
          <span className="order-id-group">{group}</span>
        </span>
      ))}
    </span>
  );
}

const STATE_LABEL: Record<OrderState, string> = {
  awaiting_payment: 'Awaiting payment',
  paid: 'Paid',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

export const STATE_MEANING: Record<OrderState, string> = {
  awaiting_payment: 'Pay before the deadline, or the order lapses.',
  paid: 'Paid. The parcel goes to the pickup point you chose.',
  expired: 'Not paid in time: the order lapsed and its stock went back on sale.',
  cancelled:
    'Cancelled: it lapsed while it was being paid and its item had sold out since. The payment is refunded in full.',
};

export function StateBadge(props: { state: OrderState }) {
  return <span className={`badge order-state state-${props.state}`}>{STATE_LABEL[props.state]}</span>;
}

/** "12 May 2026, 14:32", in the purchaser's own locale and time zone. */
export const formatMoment = (iso: string): string =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** "12 May 2026, 14:32 (in 30 minutes)": the deadline, and how far off it is. */
export function formatDeadline(iso: string, now = Date.now()): string {
  const at = new Date(iso);
  const absolute = formatMoment(iso);
  const minutes = Math.round((at.getTime() - now) / 60_000);
  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const away =
    Math.abs(minutes) < 90
      ? relative.format(minutes, 'minute')
      : Math.abs(minutes) < 48 * 60
        ? relative.format(Math.round(minutes / 60), 'hour')
        : relative.format(Math.round(minutes / (24 * 60)), 'day');
  return `${absolute} (${away})`;
}

/** An order's current state, read with its secret: the only thing sent to the market. */
export function useOrder(orderId: string, secret: string | undefined) {
  return useQuery({
    queryKey: ['order', orderId],
    queryFn: ({ signal }) => getOrder(orderId, secret as string, signal),
    enabled: Boolean(secret),
  });
}

/** An order addressed by a link whose secret this browser does not hold. */
export function NotKeptNotice() {
  return (
    <Notice tone="warning" title="This browser does not keep this order">
      <p>
        Its secret is not here, so its details cannot be shown. If you have the secret, add the order in{' '}
        <Link href="/orders">My orders</Link>.
      </p>
    </Notice>
  );
}

/** What was bought, for how much, and where it stands: the deadline, or when it was paid and where it goes. */
export function OrderFactList(props: { order: Order }) {
  const { order } = props;
  return (
    <dl className="receipt-facts">
      <div>
        <dt>Item</dt>
        <dd>
          {order.commodity.name} <span className="muted">(model {order.commodity.model})</span>
        </dd>
      </div>
      <div>
        <dt>Quantity</dt>
        <dd>
          {order.quantity} × {formatMoney(order.unitPrice, order.currency)}
        </dd>
      </div>
      <div>
        <dt>{order.paidAt ? 'Amount paid' : 'Amount to pay'}</dt>
        <dd className="amount">{formatMoney(order.amount, order.currency)}</dd>
      </div>
      <div>
        <dt>State</dt>
        <dd>
          <StateBadge state={order.state} /> <span className="muted">{STATE_MEANING[order.state]}</span>
        </dd>
      </div>
      {order.paidAt ? (
        <div>
          <dt>Paid at</dt>
          <dd>
            <time dateTime={order.paidAt}>{formatMoment(order.paidAt)}</time>
          </dd>
        </div>
      ) : (
        <div>
          <dt>Pay by</dt>
          <dd>{formatDeadline(order.payBy)}</dd>
        </div>
      )}
      {order.pickupPointId && (
        <div>
          <dt>Pickup point</dt>
          <dd>
            <PickupPointText id={order.pickupPointId} />
          </dd>
        </div>
      )}
    </dl>
  );
}

/** The way from an unpaid order to its payment page (B8). */
export function PayLink(props: { orderId: string; children?: ReactNode }) {
  return (
    <Link className="button primary" href={`/orders/${props.orderId}/pay`}>
      {props.children ?? 'Pay now'}
    </Link>
  );
}
