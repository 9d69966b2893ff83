import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { api } from '../app/api.ts';
import { formatMoney } from '../app/money.ts';
import { Button, Empty, Field, Loading, Page, ProblemNotice } from '../app/ui.tsx';
import { type MessageId, useT } from '../i18n/i18n.tsx';
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
  const t = useT();
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
      title={t('salesperson.orders.title')}
      intro={t('salesperson.orders.intro')}
      actions={<AlertSettings inbox={inbox} />}
    >
      <LiveStatus status={inbox.status} />
      <PayablePanel />
      <div className="orders-toolbar">
        <Field label={t('salesperson.orders.show')} className="inline-field">
          {(control) => (
            <select {...control} value={state} onChange={(e) => setState(e.target.value as OrderState | '')}>
              <option value="">{t('salesperson.orders.all')}</option>
              {ORDER_STATES.map((s) => (
                <option key={s} value={s}>
                  {stateLabel(t, s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {inbox.unseen.size > 0 && (
          <Button onClick={() => inbox.markSeen()}>
            {t('salesperson.orders.markAllSeen', { count: inbox.unseen.size })}
          </Button>
        )}
      </div>
      <ProblemNotice error={orders.error} title={t('salesperson.orders.loadFailed')} />
      {orders.isPending ? (
        <Loading label={t('salesperson.orders.loading')} rows={4} />
      ) : list.length === 0 && !orders.error ? (
        <Empty title={state ? t('salesperson.orders.noneInState', { state }) : t('salesperson.orders.none')}>
          <p>
            {t.rich('salesperson.orders.emptyHint', {
              link: (chunks) => <Link href="/offers">{chunks}</Link>,
            })}
          </p>
        </Empty>
      ) : (
        <ul className="order-list" aria-label={t('salesperson.orders.listLabel')}>
          {list.map((order) => (
            <OrderItem key={order.orderId} order={order} isNew={inbox.unseen.has(order.orderId)} />
          ))}
        </ul>
      )}
      {orders.hasNextPage && (
        <Button busy={orders.isFetchingNextPage} onClick={() => orders.fetchNextPage()}>
          {t('salesperson.orders.older')}
        </Button>
      )}
    </Page>
  );
}

function OrderItem(props: { order: SellerOrder; isNew: boolean }) {
  const { order } = props;
  const t = useT();
  return (
    <li className={`order-item${props.isNew ? ' is-new' : ''}`}>
      <div className="order-head">
        <span className="order-amount">{formatMoney(order.amount, order.currency)}</span>
        {props.isNew && <span className="badge new">{t('salesperson.orders.new')}</span>}
        <OrderStateBadge order={order} />
      </div>
      <p className="order-what">
        <Link href={`/orders/${order.orderId}`}>
          {t('salesperson.orders.line', { quantity: order.quantity, name: order.name })}
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

const STATUS_TEXT: Record<StreamStatus, MessageId> = {
  connecting: 'salesperson.orders.live.connecting',
  live: 'salesperson.orders.live.live',
  reconnecting: 'salesperson.orders.live.reconnecting',
  refused: 'salesperson.orders.live.refused',
};

function LiveStatus(props: { status: StreamStatus }) {
  const t = useT();
  return (
    <p className={`live-status ${props.status}`} role="status">
      <span className="live-dot" aria-hidden="true" />
      {t(STATUS_TEXT[props.status])}
    </p>
  );
}

/** Sound needs a click before a browser plays it, and notifications need the seller's permission. */
function AlertSettings(props: { inbox: Inbox }) {
  const { inbox } = props;
  const t = useT();
  return (
    <div className="row alert-settings">
      <Button aria-pressed={inbox.sound} onClick={() => inbox.setSound(!inbox.sound)}>
        {t('salesperson.orders.sound')}
        <span className="toggle-state" aria-hidden="true">
          {inbox.sound ? t('salesperson.orders.soundOn') : t('salesperson.orders.soundOff')}
        </span>
      </Button>
      {inbox.notifications === 'default' && (
        <Button onClick={inbox.allowNotifications}>{t('salesperson.orders.allowNotifications')}</Button>
      )}
      {inbox.notifications === 'granted' && (
        <span className="muted">{t('salesperson.orders.notificationsOn')}</span>
      )}
      {inbox.notifications === 'denied' && (
        <span className="muted">{t('salesperson.orders.notificationsBlocked')}</span>
      )}
    </div>
  );
}
