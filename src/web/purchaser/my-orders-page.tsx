import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { Link } from 'wouter';
import { ApiError } from '../app/api.ts';
import { focusElement } from '../app/focus.ts';
import { formatMoney } from '../app/money.ts';
import { Button, Empty, Field, Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { forgetOrder, type KeptOrder, keepOrder, useKeptOrders } from './kept-orders.ts';
import { getOrder, type Order } from './market-api.ts';
import {
  formatDeadline,
  formatMoment,
  OrderIdText,
  PayLink,
  StatusBadge,
  useOrder,
  useTracking,
} from './order-display.tsx';
import { type OrderStatus, orderStatus } from './order-status.ts';
import { PickupPointText } from './pickup-point-picker.tsx';

/** The orders this browser keeps, each with its state read from the market with its secret. */
export function MyOrdersPage() {
  const orders = useKeptOrders();
  const heading = useRef<HTMLHeadingElement>(null);
  const t = useT();
  return (
    <Page title={t('purchaser.orders.title')} intro={t('purchaser.orders.intro')}>
      <Notice tone="info" title={t('purchaser.orders.localOnly.title')}>
        <p>{t('purchaser.orders.localOnly.body')}</p>
      </Notice>
      <h2 ref={heading} className="orders-title">
        {t('purchaser.orders.count', { count: orders.length })}
      </h2>
      {orders.length === 0 ? (
        <Empty title={t('purchaser.orders.empty.title')}>
          <p>
            {t.rich('purchaser.orders.empty.body', {
              link: (chunks: ReactNode[]) => <Link href="/">{chunks}</Link>,
            })}
          </p>
        </Empty>
      ) : (
        <ul className="kept-orders">
          {orders.map((o) => (
            <KeptOrderCard key={o.orderId} kept={o} onForgotten={() => focusElement(heading.current)} />
          ))}
        </ul>
      )}
      <AddOrder />
    </Page>
  );
}

function KeptOrderCard(props: { kept: KeptOrder; onForgotten: () => void }) {
  const { kept } = props;
  const t = useT();
  const order = useOrder(kept.orderId, kept.secret);
  const tracking = useTracking(kept.orderId, kept.secret, order.data?.state === 'paid');
  const status = order.data && orderStatus(order.data, tracking.data?.parcel, t);
  const [confirming, setConfirming] = useState(false);
  const gone = order.error instanceof ApiError && order.error.code === 'order_not_found';
  return (
    <li className="card kept-order">
      <div className="kept-order-head">
        <h3>{order.data?.commodity.name ?? kept.name}</h3>
        {status && <StatusBadge status={status} />}
      </div>
      <p>
        {t.rich('purchaser.orders.card.orderId', {
          orderId: <OrderIdText orderId={kept.orderId} />,
          muted: (chunks: ReactNode[]) => <span className="muted">{chunks}</span>,
        })}
      </p>
      {order.isPending && (
        <Loading label={t('purchaser.orders.card.reading', { orderId: kept.orderId })} rows={1} />
      )}
      {order.data && status && <OrderFacts order={order.data} status={status} />}
      {gone ? (
        <p>{t('purchaser.orders.card.gone')}</p>
      ) : (
        order.isError && <ProblemNotice error={order.error} title={t('purchaser.orders.card.readFailed')} />
      )}
      <details className="secret-details">
        <summary>{t('purchaser.orders.card.showSecret')}</summary>
        <p className="mono">{kept.secret}</p>
      </details>
      {confirming ? (
        <div>
          <p>{t('purchaser.orders.card.forgetQuestion')}</p>
          <div className="row">
            <Button
              variant="danger"
              onClick={() => {
                forgetOrder(kept.orderId);
                props.onForgotten();
              }}
            >
              {t('purchaser.orders.card.forgetYes')}
            </Button>
            <Button onClick={() => setConfirming(false)}>{t('purchaser.orders.card.forgetNo')}</Button>
          </div>
        </div>
      ) : (
        <div className="row">
          {order.data?.state === 'awaiting_payment' && (
            <PayLink orderId={kept.orderId}>
              {t.rich('purchaser.orders.card.pay', { orderId: kept.orderId, hidden })}
            </PayLink>
          )}
          <Link className="button secondary" href={`/receipt/${kept.orderId}`}>
            {t.rich('purchaser.orders.card.receipt', { orderId: kept.orderId, hidden })}
          </Link>
          <Button variant="link" onClick={() => setConfirming(true)}>
            {t.rich('purchaser.orders.card.forget', { orderId: kept.orderId, hidden })}
          </Button>
        </div>
      )}
    </li>
  );
}

const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;

function OrderFacts(props: { order: Order; status: OrderStatus }) {
  const { order, status } = props;
  const t = useT();
  return (
    <>
      <p>
        {order.quantity} × {formatMoney(order.unitPrice, order.currency)} ={' '}
        <strong>{formatMoney(order.amount, order.currency)}</strong>
      </p>
      <p className="muted">
        {order.state === 'awaiting_payment'
          ? t('purchaser.orders.card.meaningPayBy', {
              meaning: status.meaning,
              deadline: formatDeadline(order.payBy, t),
            })
          : status.meaning}
      </p>
      {order.paidAt && order.pickupPointId && (
        <p>
          {/* Where a collected or returned parcel went, or where it goes: the pickup point. */}
          {t.rich('purchaser.orders.card.paid', {
            at: formatMoment(order.paidAt),
            parcel: status.key === 'collected' || status.key === 'returned' ? status.key : 'other',
            point: <PickupPointText id={order.pickupPointId} />,
          })}
        </p>
      )}
    </>
  );
}

/** An order bought in another browser: keep it here too, once the market confirms ID and secret. */
function AddOrder() {
  const queries = useQueryClient();
  const t = useT();
  const [orderId, setOrderId] = useState('');
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<{ orderId?: string; secret?: string }>({});
  const [outcome, setOutcome] = useState<{ added?: string; error?: unknown }>({});
  const [busy, setBusy] = useState(false);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const missing = {
      ...(orderId.trim() ? {} : { orderId: t('purchaser.orders.add.orderIdMissing') }),
      ...(secret.trim() ? {} : { secret: t('purchaser.orders.add.secretMissing') }),
    };
    setErrors(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    try {
      const order = await getOrder(orderId.trim(), secret.trim());
      keepOrder({ orderId: order.orderId, secret: secret.trim(), name: order.commodity.name });
      queries.setQueryData(['order', order.orderId], order);
      setOutcome({ added: order.orderId });
      setOrderId('');
      setSecret('');
    } catch (error) {
      setOutcome({ error });
    } finally {
      setBusy(false);
    }
  };

  const notFound = outcome.error instanceof ApiError && outcome.error.code === 'order_not_found';
  return (
    <details className="panel add-order">
      <summary>{t('purchaser.orders.add.summary')}</summary>
      <form onSubmit={add} noValidate>
        <p className="muted">{t('purchaser.orders.add.about')}</p>
        <Field
          label={t('purchaser.orderId')}
          hint={t('purchaser.orders.add.orderIdHint')}
          error={errors.orderId}
        >
          {(control) => (
            <input
              {...control}
              autoComplete="off"
              spellCheck={false}
              value={orderId}
              onChange={(e) => setOrderId(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('purchaser.orderSecret')} error={errors.secret}>
          {(control) => (
            <input
              {...control}
              autoComplete="off"
              spellCheck={false}
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
            />
          )}
        </Field>
        {notFound ? (
          <Notice tone="error" title={t('purchaser.orders.add.notFound.title')}>
            <p>{t('purchaser.orders.add.notFound.body')}</p>
          </Notice>
        ) : (
          outcome.error !== undefined && <ProblemNotice error={outcome.error} />
        )}
        {outcome.added && (
          <Notice tone="success" title={t('purchaser.orders.add.added', { orderId: outcome.added })} />
        )}
        <Button type="submit" busy={busy}>
          {t('purchaser.orders.add.submit')}
        </Button>
      </form>
    </details>
  );
}
