import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { formatMoney } from '../app/money.ts';
import { Notice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { getOrder, getTracking, type Order } from './market-api.ts';
import { formatDeadline, formatMoment } from './moments.ts';
import { type OrderStatus, parcelSettled } from './order-status.ts';
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

/** An order's state as a badge: one label from orderStatus, coloured by it. */
export function StatusBadge(props: { status: OrderStatus }) {
  return (
    <span className={`badge order-state state-${props.status.key}`} data-testid="order-status">
      {props.status.label}
    </span>
  );
}

export { formatDeadline, formatMoment };

/** An order's current state, read with its secret: the only thing sent to the market. */
export function useOrder(orderId: string, secret: string | undefined) {
  return useQuery({
    queryKey: ['order', orderId],
    queryFn: ({ signal }) => getOrder(orderId, secret as string, signal),
    enabled: Boolean(secret),
  });
}

/**
 * B9: where a paid order's parcel is, read with the order's secret (the order ID alone shows
 * nothing); asked again every minute until the parcel reaches its end.
 */
export function useTracking(orderId: string, secret: string | undefined, paid: boolean) {
  return useQuery({
    queryKey: ['tracking', orderId],
    queryFn: ({ signal }) => getTracking(orderId, secret as string, signal),
    enabled: paid && Boolean(secret),
    refetchInterval: (query) => (parcelSettled(query.state.data?.parcel) ? false : 60_000),
    refetchOnWindowFocus: true,
  });
}

/** An order addressed by a link whose secret this browser does not hold. */
export function NotKeptNotice() {
  const t = useT();
  return (
    <Notice tone="warning" title={t('purchaser.notKept.title')}>
      <p>
        {t.rich('purchaser.notKept.body', {
          link: (chunks: ReactNode[]) => <Link href="/orders">{chunks}</Link>,
        })}
      </p>
    </Notice>
  );
}

/** What was bought, for how much, and where it stands: the deadline, or when it was paid and where it goes. */
export function OrderFactList(props: { order: Order; status: OrderStatus }) {
  const { order, status } = props;
  const t = useT();
  return (
    <dl className="receipt-facts">
      <div>
        <dt>{t('purchaser.facts.item')}</dt>
        <dd>
          {t.rich('purchaser.facts.itemValue', {
            name: order.commodity.name,
            model: order.commodity.model,
            muted: (chunks: ReactNode[]) => <span className="muted">{chunks}</span>,
          })}
        </dd>
      </div>
      <div>
        <dt>{t('purchaser.facts.quantity')}</dt>
        <dd>
          {order.quantity} × {formatMoney(order.unitPrice, order.currency)}
        </dd>
      </div>
      <div>
        <dt>
          {order.paidAt
            ? t('purchaser.facts.amountPaid')
            : order.state === 'awaiting_payment'
              ? t('purchaser.facts.amountToPay')
              : t('purchaser.facts.amount')}
        </dt>
        <dd className="amount">{formatMoney(order.amount, order.currency)}</dd>
      </div>
      <div>
        <dt>{t('purchaser.facts.state')}</dt>
        <dd>
          <StatusBadge status={status} /> <span className="muted">{status.meaning}</span>
        </dd>
      </div>
      {order.paidAt ? (
        <div>
          <dt>{t('purchaser.facts.paidAt')}</dt>
          <dd>
            <time dateTime={order.paidAt}>{formatMoment(order.paidAt)}</time>
          </dd>
        </div>
      ) : (
        order.state === 'awaiting_payment' && (
          <div>
            <dt>{t('purchaser.facts.payBy')}</dt>
            <dd>{formatDeadline(order.payBy, t)}</dd>
          </div>
        )
      )}
      {order.pickupPointId && (
        <div>
          <dt>{t('purchaser.facts.pickupPoint')}</dt>
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
  const t = useT();
  return (
    <Link className="button primary" href={`/orders/${props.orderId}/pay`}>
      {props.children ?? t('purchaser.payLink')}
    </Link>
  );
}
