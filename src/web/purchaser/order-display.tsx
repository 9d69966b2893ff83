import { useQuery } from '@tanstack/react-query';
import { getOrder, type OrderState } from './market-api';

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
  paid: 'Paid. Pickup at a convenience store follows.',
  expired: 'Not paid in time: the order lapsed and its stock went back on sale.',
  cancelled: 'The order was cancelled.',
};

export function StateBadge(props: { state: OrderState }) {
  return <span className={`badge order-state state-${props.state}`}>{STATE_LABEL[props.state]}</span>;
}

/** "12 May 2026, 14:32 (in 30 minutes)": the deadline, and how far off it is. */
export function formatDeadline(iso: string, now = Date.now()): string {
  const at = new Date(iso);
  const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
  const minutes = Math.round((at.getTime() - now) / 60_000);
  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const away =
    Math.abs(minutes) < 90
      ? relative.format(minutes, 'minute')
      : relative.format(Math.round(minutes / 60), 'hour');
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
