import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useParams } from 'wouter';
import { ApiError, api } from '../app/api.ts';
import { formatMoney } from '../app/money.ts';
import { CopyButton, Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
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
  const { markSeen } = useInbox();
  const order = useQuery({
    queryKey: orderQuery(orderId),
    queryFn: ({ signal }) =>
      api<SellerOrder>('GET', `/seller/orders/${encodeURIComponent(orderId)}`, { token: key, signal }),
  });
  useEffect(() => markSeen(orderId), [markSeen, orderId]);
  const missing = order.error instanceof ApiError && order.error.status === 404;

  return (
    <Page title="Order" intro={<Link href="/orders">Back to all orders</Link>}>
      {order.isPending && <Loading label="Loading the order" rows={3} />}
      {missing ? (
        <Notice tone="error" title="No such order">
          <p>There is no order of yours with this ID.</p>
        </Notice>
      ) : (
        <ProblemNotice error={order.error} title="The order could not be loaded" />
      )}
      {order.data && <OrderDetails order={order.data} />}
      {order.data?.state === 'paid' && order.data.pickupPointId && <ShipmentPanel order={order.data} />}
    </Page>
  );
}

function OrderDetails(props: { order: SellerOrder }) {
  const { order: o } = props;
  const step = nextStep(o);
  return (
    <section className="panel" aria-label="Order details">
      <p className="muted order-id-label">Order ID</p>
      <p className="big-code">{o.orderId}</p>
      <CopyButton text={o.orderId} label="Copy order ID" />
      <dl className="order-details">
        <div>
          <dt>State</dt>
          <dd>
            <OrderStateBadge order={o} />
          </dd>
        </div>
        <div>
          <dt>Commodity</dt>
          <dd>
            {o.name} <span className="mono muted">{o.model}</span>
          </dd>
        </div>
        <div>
          <dt>Quantity</dt>
          <dd>{o.quantity}</dd>
        </div>
        <div>
          <dt>Unit price</dt>
          <dd>{formatMoney(o.unitPrice, o.currency)}</dd>
        </div>
        <div>
          <dt>Amount</dt>
          <dd>{formatMoney(o.amount, o.currency)}</dd>
        </div>
        <div>
          <dt>Placed</dt>
          <dd>
            <time dateTime={o.createdAt}>{localTime(o.createdAt)}</time>
          </dd>
        </div>
        {o.paidAt && (
          <div>
            <dt>Paid</dt>
            <dd>
              <time dateTime={o.paidAt}>{localTime(o.paidAt)}</time>
            </dd>
          </div>
        )}
        {o.pickupPointId && (
          <div>
            <dt>Deliver to pickup point</dt>
            <dd className="mono">{o.pickupPointId}</dd>
          </div>
        )}
      </dl>
      <div className="order-notes">
        {step && <p data-testid="next-step">{step}</p>}
        <p>Tokumei never tells you who bought it; the order ID is all you need to ship it.</p>
      </div>
    </section>
  );
}
