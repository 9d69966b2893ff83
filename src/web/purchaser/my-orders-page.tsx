import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Link } from 'wouter';
import { ApiError } from '../app/api.ts';
import { focusElement } from '../app/focus.ts';
import { formatMoney } from '../app/money.ts';
import { Button, Empty, Field, Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
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
  return (
    <Page title="My orders" intro="The orders bought in this browser, and their state.">
      <Notice tone="info" title="Kept in this browser only">
        <p>
          Tokumei has no accounts. This list lives only in this browser’s storage; no other browser or device
          sees it. To show each order’s state, this page sends the market that order’s ID and secret, and
          nothing that identifies you.
        </p>
      </Notice>
      <h2 ref={heading} className="orders-title">
        {orders.length === 1 ? '1 order' : `${orders.length} orders`}
      </h2>
      {orders.length === 0 ? (
        <Empty title="No orders kept in this browser">
          <p>
            Orders you buy here appear in this list. <Link href="/">Start a search</Link>
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
  const order = useOrder(kept.orderId, kept.secret);
  const tracking = useTracking(kept.orderId, kept.secret, order.data?.state === 'paid');
  const status = order.data && orderStatus(order.data, tracking.data?.parcel);
  const [confirming, setConfirming] = useState(false);
  const gone = order.error instanceof ApiError && order.error.code === 'order_not_found';
  return (
    <li className="card kept-order">
      <div className="kept-order-head">
        <h3>{order.data?.commodity.name ?? kept.name}</h3>
        {status && <StatusBadge status={status} />}
      </div>
      <p>
        <span className="muted">Order ID </span>
        <OrderIdText orderId={kept.orderId} />
      </p>
      {order.isPending && <Loading label={`Reading the state of order ${kept.orderId}`} rows={1} />}
      {order.data && status && <OrderFacts order={order.data} status={status} />}
      {gone ? (
        <p>The market does not recognise this order and secret any more.</p>
      ) : (
        order.isError && <ProblemNotice error={order.error} title="The state could not be read" />
      )}
      <details className="secret-details">
        <summary>Show the order secret</summary>
        <p className="mono">{kept.secret}</p>
      </details>
      {confirming ? (
        <div>
          <p>Forget this order? Without its secret it cannot be looked up again.</p>
          <div className="row">
            <Button
              variant="danger"
              onClick={() => {
                forgetOrder(kept.orderId);
                props.onForgotten();
              }}
            >
              Forget it
            </Button>
            <Button onClick={() => setConfirming(false)}>Keep it</Button>
          </div>
        </div>
      ) : (
        <div className="row">
          {order.data?.state === 'awaiting_payment' && (
            <PayLink orderId={kept.orderId}>
              Pay<span className="visually-hidden"> order {kept.orderId}</span>
            </PayLink>
          )}
          <Link className="button secondary" href={`/receipt/${kept.orderId}`}>
            Receipt<span className="visually-hidden"> of order {kept.orderId}</span>
          </Link>
          <Button variant="link" onClick={() => setConfirming(true)}>
            Forget<span className="visually-hidden"> order {kept.orderId}</span>
          </Button>
        </div>
      )}
    </li>
  );
}

/** Where a collected or returned parcel went, or where it goes: the pickup point. */
const PICKUP_POINT_WORDS: Partial<Record<OrderStatus['key'], string>> = {
  collected: 'collected at pickup point',
  returned: 'was not collected at pickup point',
};

function OrderFacts(props: { order: Order; status: OrderStatus }) {
  const { order, status } = props;
  return (
    <>
      <p>
        {order.quantity} × {formatMoney(order.unitPrice, order.currency)} ={' '}
        <strong>{formatMoney(order.amount, order.currency)}</strong>
      </p>
      <p className="muted">
        {status.meaning}
        {order.state === 'awaiting_payment' && ` Pay by ${formatDeadline(order.payBy)}.`}
      </p>
      {order.paidAt && order.pickupPointId && (
        <p>
          Paid {formatMoment(order.paidAt)}; {PICKUP_POINT_WORDS[status.key] ?? 'it goes to pickup point'}{' '}
          <PickupPointText id={order.pickupPointId} />.
        </p>
      )}
    </>
  );
}

/** An order bought in another browser: keep it here too, once the market confirms ID and secret. */
function AddOrder() {
  const queries = useQueryClient();
  const [orderId, setOrderId] = useState('');
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<{ orderId?: string; secret?: string }>({});
  const [outcome, setOutcome] = useState<{ added?: string; error?: unknown }>({});
  const [busy, setBusy] = useState(false);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const missing = {
      ...(orderId.trim() ? {} : { orderId: 'Enter the order ID' }),
      ...(secret.trim() ? {} : { secret: 'Enter the order secret' }),
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
      <summary>Add an order bought elsewhere</summary>
      <form onSubmit={add} noValidate>
        <p className="muted">The market checks the ID and secret; they are kept only in this browser.</p>
        <Field
          label="Order ID"
          hint="Like 7KQ4M2-XD9TPR-W3HNK5; case and spaces do not matter."
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
        <Field label="Order secret" error={errors.secret}>
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
          <Notice tone="error" title="No order with this ID and secret">
            <p>Check both and try again.</p>
          </Notice>
        ) : (
          outcome.error !== undefined && <ProblemNotice error={outcome.error} />
        )}
        {outcome.added && <Notice tone="success" title={`Order ${outcome.added} added to this list`} />}
        <Button type="submit" busy={busy}>
          Add order
        </Button>
      </form>
    </details>
  );
}
