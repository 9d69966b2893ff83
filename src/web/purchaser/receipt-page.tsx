import type { ReactNode } from 'react';
import { Link, useParams } from 'wouter';
import { formatMoney } from '../app/money.ts';
import { CopyButton, Loading, Page, ProblemNotice } from '../app/ui.tsx';
import { type MessageId, useT } from '../i18n/i18n.tsx';
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
  const t = useT();
  const kept = useKeptOrder(orderId);
  const stored = useKeptOrders().some((o) => o.orderId === orderId);
  const order = useOrder(orderId, kept?.secret);
  const tracking = useTracking(orderId, kept?.secret, order.data?.state === 'paid');
  const status = order.data && orderStatus(order.data, tracking.data?.parcel, t);
  return (
    <Page title={t('purchaser.receipt.title')} intro={t('purchaser.receipt.intro')}>
      {!kept ? (
        <NotKeptNotice />
      ) : (
        <>
          <section className="panel" aria-labelledby="order-id-title">
            <h2 id="order-id-title">{t('purchaser.orderId')}</h2>
            <p className="order-id-line">
              <OrderIdText orderId={orderId} large testId="order-id" />
            </p>
            <p className="hint">{t('purchaser.receipt.orderIdHint')}</p>
            <div className="row">
              <CopyButton text={orderId} label={t('purchaser.receipt.copyOrderId')} />
            </div>
            <h2 className="secret-title">{t('purchaser.orderSecret')}</h2>
            <p className="mono secret" data-testid="order-secret">
              {kept.secret}
            </p>
            <p>{stored ? t('purchaser.receipt.secretStored') : t('purchaser.receipt.secretNotStored')}</p>
            <div className="row">
              <CopyButton text={kept.secret} label={t('purchaser.receipt.copySecret')} />
            </div>
          </section>
          {order.isPending && <Loading label={t('purchaser.order.loading')} rows={3} />}
          {order.isError && <ProblemNotice error={order.error} title={t('purchaser.order.loadFailed')} />}
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
  const t = useT();
  const awaiting = order.state === 'awaiting_payment';
  const nextTitle = NEXT_TITLE[status.key];
  return (
    <>
      <section className="panel" aria-labelledby="summary-title">
        <h2 id="summary-title">{t('purchaser.receipt.bought')}</h2>
        <OrderFactList order={order} status={status} />
        {awaiting && (
          <div className="row">
            <PayLink orderId={order.orderId} />
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="next-title">
        <h2 id="next-title">{t(nextTitle ?? 'purchaser.whatNext')}</h2>
        <NextSteps order={order} status={status} />
        <p>
          <Link href="/">{t('purchaser.receipt.buyMore')}</Link>
        </p>
      </section>
    </>
  );
}

const NEXT_TITLE: Partial<Record<OrderStatus['key'], MessageId>> = {
  collected: 'purchaser.receipt.next.collected',
  returned: 'purchaser.receipt.next.returned',
  expired: 'purchaser.receipt.next.expired',
  cancelled: 'purchaser.receipt.next.cancelled',
};

/** What is still to come for this order, in its present state; nothing that is over already. */
function NextSteps(props: { order: Order; status: OrderStatus }) {
  const { order, status } = props;
  const t = useT();
  const amount = formatMoney(order.amount, order.currency);
  const follow = (
    <li>
      {t.rich('purchaser.receipt.next.follow', {
        link: (chunks: ReactNode[]) => <Link href="/orders">{chunks}</Link>,
      })}
    </li>
  );
  if (order.state === 'awaiting_payment')
    return (
      <ol className="steps">
        <li>
          {t.rich('purchaser.receipt.next.pay', { amount, deadline: formatDeadline(order.payBy, t), strong })}
        </li>
        <li>{t.rich('purchaser.receipt.next.choosePoint', { strong })}</li>
        {follow}
      </ol>
    );
  if (order.state !== 'paid') return <p>{status.meaning}</p>;
  if (pickupOver(status))
    return <p>{t('purchaser.receipt.next.paidOver', { amount, meaning: status.meaning })}</p>;
  return (
    <ol className="steps">
      <li>{t.rich('purchaser.receipt.next.paid', { amount, strong })}</li>
      <li>
        {t.rich('purchaser.receipt.next.collect', {
          strong,
          chosen: order.pickupPointId ? 'yes' : 'no',
          point: order.pickupPointId ? <PickupPointText id={order.pickupPointId} /> : '',
          ready: status.key === 'ready' ? 'yes' : 'no',
        })}
      </li>
      {follow}
    </ol>
  );
}

const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;
