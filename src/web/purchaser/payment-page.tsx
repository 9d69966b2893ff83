import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { Link, useParams } from 'wouter';
import { ApiError } from '../app/api.ts';
import { newAttemptKey, outcomeUnknown } from '../app/attempt-key.ts';
import {
  CARD_KINDS,
  type CardErrors,
  CardFields,
  type CardKind,
  checkCard,
  useCardEntry,
} from '../app/card-fields.tsx';
import { focusElement } from '../app/focus.ts';
import { formatMoney } from '../app/money.ts';
import { Button, Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import { type KeptOrder, useKeptOrder } from './kept-orders.ts';
import { type Order, type Payment, payOrder } from './market-api.ts';
import {
  formatDeadline,
  NotKeptNotice,
  OrderFactList,
  OrderIdText,
  useOrder,
  useTracking,
} from './order-display.tsx';
import { type OrderStatus, orderStatus, pickupOver } from './order-status.ts';
import { PaymentProblem } from './payment-problem.tsx';
import { makePickupCode, PickupCodePanel } from './pickup-code.tsx';
import { type PickupChoice, PickupPointPicker, readPickupPoint } from './pickup-point-picker.tsx';

const focusPageTitle = () => requestAnimationFrame(() => focusElement(document.getElementById('page-title')));

/**
 * B8: paying an order (`/orders/:orderId/pay`) with a prepaid or credit card, and choosing the
 * pickup point the parcel goes to. The order's secret comes from this browser's kept orders;
 * once paid, the page is the paid receipt.
 */
export function PaymentPage() {
  const { orderId = '' } = useParams<{ orderId: string }>();
  const kept = useKeptOrder(orderId);
  const order = useOrder(orderId, kept?.secret);
  // What the last payment came to, shown above the paid receipt.
  const [outcome, setOutcome] = useState<ReactNode>(null);
  const paid = order.data?.state === 'paid';
  const tracking = useTracking(orderId, kept?.secret, paid);
  const status = order.data && orderStatus(order.data, tracking.data?.parcel);
  return (
    <Page
      title={paid ? 'Order paid' : 'Pay for your order'}
      intro={
        status && pickupOver(status)
          ? status.meaning
          : paid
            ? 'The seller now sends the parcel to your pickup point, marked with the order ID alone.'
            : 'The seller learns that the order is paid and where to send it, never who paid or with which card.'
      }
    >
      {!kept ? (
        <NotKeptNotice />
      ) : (
        <>
          {order.isPending && <Loading label="Loading the order" rows={3} />}
          {order.isError && <ProblemNotice error={order.error} title="The order could not be read" />}
          {order.data &&
            (paid && status ? (
              <PaidReceipt order={order.data} status={status} kept={kept} outcome={outcome} />
            ) : payable(order.data) ? (
              <PaymentForm
                order={order.data}
                secret={kept.secret}
                onOutcome={(notice) => {
                  setOutcome(notice);
                  focusPageTitle();
                }}
              />
            ) : (
              <>
                {outcome}
                <Notice tone="warning" title="This order can no longer be paid">
                  <p>
                    {order.data.state === 'awaiting_payment'
                      ? 'It was not paid by its deadline: it lapses, and the item goes back on sale.'
                      : orderStatus(order.data, undefined).meaning}{' '}
                    {order.data.state !== 'cancelled' && 'Nothing was charged. '}
                    <Link href="/">Search again</Link> to buy it anew.
                  </p>
                </Notice>
              </>
            ))}
        </>
      )}
    </Page>
  );
}

/** Unpaid and within its deadline (the market lapses it on its own schedule, maybe a little later). */
const payable = (order: Order) => order.state === 'awaiting_payment' && Date.parse(order.payBy) > Date.now();

type Errors = CardErrors & { pickupPoint?: string };

function PaymentForm(props: { order: Order; secret: string; onOutcome: (notice: ReactNode) => void }) {
  const { order } = props;
  const queries = useQueryClient();
  const radioName = useId();
  const [kind, setKind] = useState<CardKind>('prepaid');
  const [pickupPoint, setPickupPoint] = useState<PickupChoice | null>(null);
  const { entry, errors, setErrors, change, clear } = useCardEntry<Errors>();
  const [failure, setFailure] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const inFlight = useRef(false);
  // The payment whose answer never came, to send again as it was and with the same
  // Idempotency-Key, so that it is taken once at most. It is the only place the card number and
  // PIN outlive the fields (in this page's memory, never in storage, a query cache or the
  // address), and it goes as soon as an answer comes.
  const unanswered = useRef<{ payment: Payment; key: string } | null>(null);
  const inputs = {
    number: useRef<HTMLInputElement>(null),
    pin: useRef<HTMLInputElement>(null),
    pickupPoint: useRef<HTMLInputElement>(null),
  };
  const problemBox = useRef<HTMLDivElement>(null);
  const amount = formatMoney(order.amount, order.currency);

  const send = async (attempt: { payment: Payment; key: string }) => {
    inFlight.current = true;
    setSending(true);
    setFailure(null);
    try {
      const paid = await payOrder(order.orderId, props.secret, attempt.payment, attempt.key);
      unanswered.current = null;
      // B9: the pickup code is made here, in this browser, and kept before it is registered.
      makePickupCode(queries, order.orderId, paid.pickupCodeRegistration);
      queries.setQueryData<Order>(['order', order.orderId], {
        ...order,
        state: 'paid',
        paidAt: paid.paidAt,
        pickupPointId: paid.pickupPointId,
      });
      props.onOutcome(
        <Notice tone="success" title="Payment approved">
          <p>{amount} is held for the seller until the parcel is handed over to you.</p>
        </Notice>,
      );
    } catch (error) {
      const unknown = error instanceof ApiError && outcomeUnknown(error.status);
      unanswered.current = unknown ? attempt : null;
      if (error instanceof ApiError && error.code === 'already_paid') {
        // Paid before, from another tab or device: show the order as the market has it.
        void queries.invalidateQueries({ queryKey: ['order', order.orderId] });
        props.onOutcome(
          <Notice tone="info" title="This order was already paid">
            <p>Nothing more was charged.</p>
          </Notice>,
        );
        return;
      }
      if (error instanceof ApiError && error.code === 'order_lapsed') {
        // Approved just as the order lapsed, with its item sold out since: no parcel, money back.
        queries.setQueryData<Order>(['order', order.orderId], { ...order, state: 'cancelled' });
        props.onOutcome(
          <Notice tone="warning" title="The order lapsed while it was being paid">
            <p>
              Its time to pay ran out before the payment came through, and the item has sold out since. The{' '}
              {amount} taken is refunded to the card in full, and nothing will be sent.
            </p>
          </Notice>,
        );
        return;
      }
      setFailure(error);
      requestAnimationFrame(() => focusElement(problemBox.current));
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current) return;
    const { digits, errors: cardErrors } = checkCard(entry);
    const place = readPickupPoint(pickupPoint);
    const found: Errors = { ...cardErrors, ...('error' in place && { pickupPoint: place.error }) };
    setErrors(found);
    const first = (['number', 'pin', 'pickupPoint'] as const).find((field) => found[field]);
    if (first || 'error' in place) {
      focusElement(inputs[first ?? 'pickupPoint'].current);
      return;
    }
    // A fresh attempt, with its own key; the fields are emptied as it leaves.
    const attempt = {
      payment: {
        amount: order.amount,
        currency: order.currency,
        instrument: { number: digits, pin: entry.pin },
        pickupPointId: place.id,
      },
      key: newAttemptKey(),
    };
    clear();
    void send(attempt);
  };

  const retry = () => {
    if (unanswered.current && !inFlight.current) void send(unanswered.current);
  };

  return (
    <div className="payment">
      <section className="panel" aria-labelledby="to-pay-title">
        <h2 id="to-pay-title">To pay</h2>
        <p className="amount to-pay">{amount}</p>
        <p>
          {order.quantity} × {order.commodity.name}, order <OrderIdText orderId={order.orderId} />
        </p>
        <p className="muted">Pay by {formatDeadline(order.payBy)}.</p>
      </section>
      <form className="panel payment-form" onSubmit={submit} noValidate aria-labelledby="card-title">
        <h2 id="card-title">Card and pickup point</h2>
        <div ref={problemBox} tabIndex={-1} className="payment-problem">
          {failure !== null && (
            <PaymentProblem
              error={failure}
              amount={amount}
              currency={order.currency}
              retry={retry}
              retrying={sending}
            />
          )}
        </div>
        <fieldset className="card-kind">
          <legend>Pay with</legend>
          <div className="chips">
            {(Object.keys(CARD_KINDS) as CardKind[]).map((k) => (
              <label key={k} className="chip">
                <input type="radio" name={radioName} checked={kind === k} onChange={() => setKind(k)} />
                {CARD_KINDS[k].name}
              </label>
            ))}
          </div>
        </fieldset>
        <CardFields kind={kind} entry={entry} errors={errors} refs={inputs} onChange={change} />
        <PickupPointPicker
          value={pickupPoint}
          inputRef={inputs.pickupPoint}
          error={errors.pickupPoint}
          onChange={(choice) => {
            setPickupPoint(choice);
            setErrors((old) => ({ ...old, pickupPoint: undefined }));
          }}
        />
        <p className="muted">
          The card number and PIN go through the market, which keeps neither, to the payment service, which
          alone checks them. This page keeps them nowhere and empties their fields once they are sent.
        </p>
        <div className="row">
          <Button type="submit" variant="primary" busy={sending}>
            Pay {amount}
          </Button>
          <Link href={`/receipt/${order.orderId}`}>Back to the receipt</Link>
        </div>
      </form>
    </div>
  );
}

/**
 * The paid receipt: the order ID, the pickup code made for it (B9), when it was paid, and the
 * pickup point the parcel goes to.
 */
function PaidReceipt(props: { order: Order; status: OrderStatus; kept: KeptOrder; outcome: ReactNode }) {
  const { order, status } = props;
  return (
    <div className="payment">
      {props.outcome}
      <section className="panel" aria-labelledby="paid-id-title">
        <h2 id="paid-id-title">Order ID</h2>
        <p className="order-id-line">
          <OrderIdText orderId={order.orderId} large testId="paid-order-id" />
        </p>
        <p className="hint">The parcel is marked with this ID alone.</p>
      </section>
      {!pickupOver(status) && <PickupCodePanel order={order} kept={props.kept} />}
      <section className="panel" aria-labelledby="paid-facts-title">
        <h2 id="paid-facts-title">Paid receipt</h2>
        <OrderFactList order={order} status={status} />
      </section>
      {!pickupOver(status) && (
        <section className="panel" aria-labelledby="paid-next-title">
          <h2 id="paid-next-title">What happens next</h2>
          <ol className="steps">
            <li>
              The seller is told that the order is paid and where to send it: the pickup point, nothing about
              you.
            </li>
            <li>
              The seller books the parcel and hands it in; the carrier takes it to the pickup point. You can
              follow it on the receipt.
            </li>
            <li>
              You collect it there with the order ID and the pickup code above, which only this browser holds.
            </li>
          </ol>
        </section>
      )}
      <p className="row">
        <Link href={`/receipt/${order.orderId}`}>Receipt, order secret and tracking</Link>
        <Link href="/orders">My orders</Link>
      </p>
    </div>
  );
}
