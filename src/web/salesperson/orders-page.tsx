import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { api } from '../app/api.ts';
import { formatMoney } from '../app/money.ts';
import { Button, Empty, Field, Loading, Page, ProblemNotice } from '../app/ui.tsx';
import { ordersQuery } from './order-cache.ts';
import { type Inbox, useInbox } from './order-inbox.tsx';
import { localTime, ORDER_STATES, OrderStateBadge, stateLabel } from './order-state.tsx';
import { PayablePanel } from './payable-panel.tsx';
import type { StreamStatus } from './seller-event-stream.ts';
import { useSeller } from './seller-session.tsx';
import type { OrderPage, OrderState, SellerOrder } from './types.ts';

const PAGE_SIZE = 50;

/** The order inbox: newest first, updated live, new arrivals marked until seen. */
export function OrdersPage() {
  const { key } = useSeller();
  const inbox = useInbox();
  const [state, setState] = useState<OrderState | ''>('');
  const orders = useInfiniteQuery({
    queryKey: ordersQuery(state),
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (state) query.set('state', state);
      if (pageParam) query.set('cursor', pageParam);
      return api<OrderPage>('GET', `/seller/orders?${query}`, { token: key, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const list = orders.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Page
      title="Orders"
      intro="Orders appear here the moment they are placed, and say so when they are paid, with the pickup point to deliver to. You see what was sold and for how much, never who bought it."
      actions={<AlertSettings inbox={inbox} />}
    >
      <LiveStatus status={inbox.status} />
      <PayablePanel />
      <div className="orders-toolbar">
        <Field label="Show" className="inline-field">
          {(control) => (
            <select {...control} value={state} onChange={(e) => setState(e.target.value as OrderState | '')}>
              <option value="">All orders</option>
              {ORDER_STATES.map((s) => (
                <option key={s} value={s}>
                  {stateLabel(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {inbox.unseen.size > 0 && (
          <Button onClick={() => inbox.markSeen()}>Mark all as seen ({inbox.unseen.size})</Button>
        )}
      </div>
      <ProblemNotice error={orders.error} title="Your orders could not be loaded" />
      {orders.isPending ? (
        <Loading label="Loading your orders" rows={4} />
      ) : list.length === 0 && !orders.error ? (
        <Empty title={state ? `No orders ${stateLabel(state).toLowerCase()}` : 'No orders yet'}>
          <p>
            Keep this page open: a new order appears here at once, with a sound if you turn it on. Purchasers
            find what you <Link href="/offers">offer</Link>.
          </p>
        </Empty>
      ) : (
        <ul className="order-list" aria-label="Orders, newest first">
          {list.map((order) => (
            <OrderItem key={order.orderId} order={order} isNew={inbox.unseen.has(order.orderId)} />
          ))}
        </ul>
      )}
      {orders.hasNextPage && (
        <Button busy={orders.isFetchingNextPage} onClick={() => orders.fetchNextPage()}>
          Show older orders
        </Button>
      )}
    </Page>
  );
}

function OrderItem(props: { order: SellerOrder; isNew: boolean }) {
  const { order } = props;
  return (
    <li className={`order-item${props.isNew ? ' is-new' : ''}`}>
      <div className="order-head">
        <span className="order-amount">{formatMoney(order.amount, order.currency)}</span>
        {props.isNew && <span className="badge new">New</span>}
        <OrderStateBadge order={order} />
      </div>
      <p className="order-what">
        <Link href={`/orders/${order.orderId}`}>
          {order.quantity} × {order.name}
        </Link>{' '}
        <span className="mono muted">{order.model}</span>
      </p>
      <p className="muted order-meta">
        <span className="mono">{order.orderId}</span> ·{' '}
        <time dateTime={order.createdAt}>{localTime(order.createdAt)}</time>
      </p>
    </li>
  );
}

const STATUS_TEXT: Record<StreamStatus, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live: new orders appear as they are placed',
  reconnecting: 'Connection lost, reconnecting… Orders placed meanwhile appear when it is back.',
  refused: 'Live updates stopped: the market refused your key.',
};

function LiveStatus(props: { status: StreamStatus }) {
  return (
    <p className={`live-status ${props.status}`} role="status">
      <span className="live-dot" aria-hidden="true" />
      {STATUS_TEXT[props.status]}
    </p>
  );
}

/** Sound needs a click before a browser plays it, and notifications need the seller's permission. */
function AlertSettings(props: { inbox: Inbox }) {
  const { inbox } = props;
  return (
    <div className="row alert-settings">
      <Button aria-pressed={inbox.sound} onClick={() => inbox.setSound(!inbox.sound)}>
        Sound
        <span className="toggle-state" aria-hidden="true">
          {inbox.sound ? 'on' : 'off'}
        </span>
      </Button>
      {inbox.notifications === 'default' && (
        <Button onClick={inbox.allowNotifications}>Allow notifications</Button>
      )}
      {inbox.notifications === 'granted' && (
        <span className="muted">Notifications on while this tab is in the background</span>
      )}
      {inbox.notifications === 'denied' && (
        <span className="muted">Notifications are blocked in this browser</span>
      )}
    </div>
  );
}
