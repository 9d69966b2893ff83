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
  STATE_MEANING,
  useOrder,
} from './order-display.tsx';
import { PickupCodePanel } from './pickup-code.tsx';
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
              The secret is the only way to look this order up: the order ID alone shows nothing. It is shown
              only here, on this receipt.{' '}
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
              <PickupCodePanel order={order.data} kept={kept} />
            </>
          )}
          {order.data && <OrderSummary order={order.data} />}
        </>
      )}
    </Page>
  );
}

function OrderSummary(props: { order: Order }) {
  const { order } = props;
  const awaiting = order.state === 'awaiting_payment';
  return (
    <>
      <section className="panel" aria-labelledby="summary-title">
        <h2 id="summary-title">What you bought</h2>
        <OrderFactList order={order} />
        {awaiting && (
          <div className="row">
            <PayLink orderId={order.orderId} />
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="next-title">
        <h2 id="next-title">What happens next</h2>
        <ol className="steps">
          <li>
            {order.paidAt ? (
              <strong>Paid {formatMoney(order.amount, order.currency)}.</strong>
            ) : (
              <>
                <strong>Pay {formatMoney(order.amount, order.currency)} before the deadline</strong>,{' '}
                {formatDeadline(order.payBy)}, with a prepaid or credit card.{' '}
                {awaiting
                  ? 'An order not paid by then lapses, and the item goes back on sale.'
                  : STATE_MEANING[order.state]}
              </>
            )}
            {(awaiting || order.paidAt) &&
              ' The seller learns that it is paid, never who paid or with which card.'}
          </li>
          <li>
            <strong>Pick it up at a convenience store or parcel locker</strong>, the pickup point you choose
            when you pay. You collect the parcel there with the order ID and a pickup code that the browser
            you pay with makes and keeps; nobody else holds it.
          </li>
          <li>
            Follow the order any time in <Link href="/orders">My orders</Link>, with nothing but its ID and
            secret.
          </li>
        </ol>
        <p>
          <Link href="/">Buy something else</Link>
        </p>
      </section>
    </>
  );
}
