import { Link, useParams } from 'wouter';
import { formatMoney } from '../app/money.ts';
import { CopyButton, Loading, Page, ProblemNotice } from '../app/ui.tsx';
import { useKeptOrder, useKeptOrders } from './kept-orders.ts';
import type { Order } from './market-api.ts';
import {
  formatDeadline,
  NotKeptNotice,
  OrderFactList,
  OrderIdText,
  PayLink,
  useOrder,
  useTracking,
} from './order-display.tsx';
import { type OrderStatus, orderStatus, pickupOver } from './order-status.ts';
import { PickupCodePanel } from './pickup-code.tsx';
import { PickupPointText } from './pickup-point-picker.tsx';
import { TrackingPanel } from './tracking.tsx';

/**
 * B6: the receipt. The order ID (large, in groups, to copy or read aloud), the order secret with
 * what it is for, the amount, the deadline to pay by, the way on to paying (B8) and what happens
 * next; once paid, when and to which pickup point.
 */
export function ReceiptPage() {
  const { orderId = '' } = useParams<{ orderId: string }>();
  const kept = useKeptOrder(orderId);
  const stored = useKeptOrders().some((o) => o.orderId === orderId);
  const order = useOrder(orderId, kept?.secret);
  const tracking = useTracking(orderId, kept?.secret, order.data?.state === 'paid');
  const status = order.data && orderStatus(order.data, tracking.data?.parcel);
  return (
    <Page
      title="Receipt"
      intro="Keep the order ID and the secret: they are all that links you to this order."
    >
      {!kept ? (
        <NotKeptNotice />
      ) : (
        <>
          <section className="panel" aria-labelledby="order-id-title">
            <h2 id="order-id-title">Order ID</h2>
            <p className="order-id-line">
              <OrderIdText orderId={orderId} large testId="order-id" />
            </p>
            <p className="hint">
              Read it in its three groups. It has no I, L, O or U, so 0 and 1 are always digits.
            </p>
            <div className="row">
              <CopyButton text={orderId} label="Copy order ID" />
            </div>
            <h2 className="secret-title">Order secret</h2>
            <p className="mono secret" data-testid="order-secret">
              {kept.secret}
            </p>
            <p>
              The secret is the only way to look this order up: the order ID alone shows nothing, and Tokumei
              cannot tell it to you again.{' '}
              {stored
                ? 'This browser keeps a copy under My orders until you forget the order; copy it somewhere safe to follow the order from elsewhere.'
                : 'This browser could not store it, so copy it now.'}
            </p>
            <div className="row">
              <CopyButton text={kept.secret} label="Copy order secret" />
            </div>
          </section>
          {order.isPending && <Loading label="Loading the order" rows={3} />}
          {order.isError && <ProblemNotice error={order.error} title="The order could not be read" />}
          {order.data?.state === 'paid' && (
            <>
              <TrackingPanel orderId={orderId} secret={kept.secret} />
              {status && !pickupOver(status) && <PickupCodePanel order={order.data} kept={kept} />}
            </>
          )}
          {order.data && status && <OrderSummary order={order.data} status={status} />}
        </>
      )}
    </Page>
  );
}

function OrderSummary(props: { order: Order; status: OrderStatus }) {
  const { order, status } = props;
  const awaiting = order.state === 'awaiting_payment';
  return (
    <>
      <section className="panel" aria-labelledby="summary-title">
        <h2 id="summary-title">What you bought</h2>
        <OrderFactList order={order} status={status} />
        {awaiting && (
          <div className="row">
            <PayLink orderId={order.orderId} />
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="next-title">
        <h2 id="next-title">{NEXT_TITLE[status.key] ?? 'What happens next'}</h2>
        <NextSteps order={order} status={status} />
        <p>
          <Link href="/">Buy something else</Link>
        </p>
      </section>
    </>
  );
}

const NEXT_TITLE: Partial<Record<OrderStatus['key'], string>> = {
  collected: 'Done',
  returned: 'Refunded',
  expired: 'Lapsed',
  cancelled: 'Cancelled',
};

/** What is still to come for this order, in its present state; nothing that is over already. */
function NextSteps(props: { order: Order; status: OrderStatus }) {
  const { order, status } = props;
  const follow = (
    <li>
      Follow the order any time in <Link href="/orders">My orders</Link>, with nothing but its ID and secret.
    </li>
  );
  if (order.state === 'awaiting_payment')
    return (
      <ol className="steps">
        <li>
          <strong>Pay {formatMoney(order.amount, order.currency)} before the deadline</strong>,{' '}
          {formatDeadline(order.payBy)}, with a prepaid or credit card. An order not paid by then lapses, and
          the item goes back on sale. The seller learns that it is paid, never who paid or with which card.
        </li>
        <li>
          <strong>Choose where to collect it when you pay</strong>: a convenience store or parcel locker. You
          collect the parcel there with the order ID and a pickup code that the browser you pay with makes and
          keeps; nobody else holds it.
        </li>
        {follow}
      </ol>
    );
  if (order.state !== 'paid') return <p>{status.meaning}</p>;
  if (pickupOver(status))
    return (
      <p>
        Paid {formatMoney(order.amount, order.currency)}. {status.meaning}
      </p>
    );
  return (
    <ol className="steps">
      <li>
        <strong>Paid {formatMoney(order.amount, order.currency)}.</strong> The seller learns that it is paid,
        never who paid or with which card.
      </li>
      <li>
        <strong>Collect it at the pickup point you chose</strong>
        {order.pickupPointId && (
          <>
            , <PickupPointText id={order.pickupPointId} />
          </>
        )}
        , with the order ID and the pickup code above
        {status.key === 'ready' ? ': it waits there now.' : ', once it is ready to collect.'}
      </li>
      {follow}
    </ol>
  );
}
