import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useParams } from 'wouter';
import { ApiError, api } from '../app/api.ts';
import { formatMoney } from '../app/money.ts';
import { CopyButton, Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { orderQuery } from './order-cache.ts';
import { useInbox } from './order-inbox.tsx';
import { localTime, nextStep, OrderStateBadge } from './order-state.tsx';
import { useSeller } from './seller-session.tsx';
import { ShipmentPanel } from './shipment-panel.tsx';
import type { SellerOrder } from './types.ts';

/** One order, all a seller is told of it. Opening it marks it seen. */
export function OrderPage() {
  const { orderId = '' } = useParams<{ orderId: string }>();
  const { key } = useSeller();
  const t = useT();
  const { markSeen } = useInbox();
  const order = useQuery({
    queryKey: orderQuery(orderId),
    queryFn: ({ signal }) =>
      api<SellerOrder>('GET', `/seller/orders/${encodeURIComponent(orderId)}`, { token: key, signal }),
  });
  useEffect(() => markSeen(orderId), [markSeen, orderId]);
  const missing = order.error instanceof ApiError && order.error.status === 404;

  return (
    <Page
      title={t('salesperson.order.title')}
      intro={<Link href="/orders">{t('salesperson.order.back')}</Link>}
    >
      {order.isPending && <Loading label={t('salesperson.order.loading')} rows={3} />}
      {missing ? (
        <Notice tone="error" title={t('salesperson.order.missing')}>
          <p>{t('salesperson.order.missingText')}</p>
        </Notice>
      ) : (
        <ProblemNotice error={order.error} title={t('salesperson.order.loadFailed')} />
      )}
      {order.data && <OrderDetails order={order.data} />}
      {order.data?.state === 'paid' && order.data.pickupPointId && <ShipmentPanel order={order.data} />}
    </Page>
  );
}

function OrderDetails(props: { order: SellerOrder }) {
  const { order: o } = props;
  const t = useT();
  const step = nextStep(t, o);
  return (
    <section className="panel" aria-label={t('salesperson.order.details')}>
      <p className="muted order-id-label">{t('salesperson.order.orderId')}</p>
      <p className="big-code">{o.orderId}</p>
      <CopyButton text={o.orderId} label={t('salesperson.order.copyOrderId')} />
      <dl className="order-details">
        <div>
          <dt>{t('salesperson.order.state')}</dt>
          <dd>
            <OrderStateBadge order={o} />
          </dd>
        </div>
        <div>
          <dt>{t('salesperson.order.commodity')}</dt>
          <dd>
            {o.name} <span className="mono muted">{o.model}</span>
          </dd>
        </div>
        <div>
          <dt>{t('salesperson.order.quantity')}</dt>
          <dd>{o.quantity}</dd>
        </div>
        <div>
          <dt>{t('salesperson.order.unitPrice')}</dt>
          <dd>{formatMoney(o.unitPrice, o.currency)}</dd>
        </div>
        <div>
          <dt>{t('salesperson.order.amount')}</dt>
          <dd>{formatMoney(o.amount, o.currency)}</dd>
        </div>
        <div>
          <dt>{t('salesperson.order.placed')}</dt>
          <dd>
            <time dateTime={o.createdAt}>{localTime(o.createdAt)}</time>
          </dd>
        </div>
        {o.paidAt && (
          <div>
            <dt>{t('salesperson.order.paid')}</dt>
            <dd>
              <time dateTime={o.paidAt}>{localTime(o.paidAt)}</time>
            </dd>
          </div>
        )}
        {o.pickupPointId && (
          <div>
            <dt>{t('salesperson.order.deliverTo')}</dt>
            <dd className="mono">{o.pickupPointId}</dd>
          </div>
        )}
      </dl>
      <div className="order-notes">
        {step && <p data-testid="next-step">{step}</p>}
        <p>{t('salesperson.order.anonymous')}</p>
      </div>
    </section>
  );
}
