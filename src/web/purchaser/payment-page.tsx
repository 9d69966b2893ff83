import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { Link, useParams } from 'wouter';
import { ApiError } from '../app/api.ts';
import { newAttemptKey, outcomeUnknown } from '../app/attempt-key.ts';
import {
  type CardErrors,
  CardFields,
  type CardKind,
  cardKinds,
  checkCard,
  useCardEntry,
} from '../app/card-fields.tsx';
import { focusElement } from '../app/focus.ts';
import { formatMoney } from '../app/money.ts';
import { Button, Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
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
  const t = useT();
  const kept = useKeptOrder(orderId);
  const order = useOrder(orderId, kept?.secret);
  // What the last payment came to, shown above the paid receipt.
  const [outcome, setOutcome] = useState<ReactNode>(null);
  const paid = order.data?.state === 'paid';
  const tracking = useTracking(orderId, kept?.secret, paid);
  const status = order.data && orderStatus(order.data, tracking.data?.parcel, t);
  return (
    <Page
      title={paid ? t('purchaser.payment.titlePaid') : t('purchaser.payment.title')}
      intro={
        status && pickupOver(status)
          ? status.meaning
          : paid
            ? t('purchaser.payment.introPaid')
            : t('purchaser.payment.intro')
      }
    >
      {!kept ? (
        <NotKeptNotice />
      ) : (
        <>
          {order.isPending && <Loading label={t('purchaser.order.loading')} rows={3} />}
          {order.isError && <ProblemNotice error={order.error} title={t('purchaser.order.loadFailed')} />}
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
                <Notice tone="warning" title={t('purchaser.notPayable.title')}>
                  <p>
                    {t.rich('purchaser.notPayable.body', {
                      reason:
                        order.data.state === 'awaiting_payment'
                          ? t('purchaser.notPayable.lapsing')
                          : orderStatus(order.data, undefined, t).meaning,
                      charged: order.data.state === 'cancelled' ? 'refunded' : 'nothing',
                      link: searchLink,
                    })}
                  </p>
                </Notice>
              </>
            ))}
        </>
      )}
    </Page>
  );
}

const searchLink = (chunks: ReactNode[]) => <Link href="/">{chunks}</Link>;

/** Unpaid and within its deadline (the market lapses it on its own schedule, maybe a little later). */
const payable = (order: Order) => order.state === 'awaiting_payment' && Date.parse(order.payBy) > Date.now();

type Errors = CardErrors & { pickupPoint?: string };

function PaymentForm(props: { order: Order; secret: string; onOutcome: (notice: ReactNode) => void }) {
  const { order } = props;
  const queries = useQueryClient();
  const t = useT();
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
        <Notice tone="success" title={t('purchaser.payment.approved.title')}>
          <p>{t('purchaser.payment.approved.body', { amount })}</p>
        </Notice>,
      );
    } catch (error) {
      const unknown = error instanceof ApiError && outcomeUnknown(error.status);
      unanswered.current = unknown ? attempt : null;
      if (error instanceof ApiError && error.code === 'already_paid') {
        // Paid before, from another tab or device: show the order as the market has it.
        void queries.invalidateQueries({ queryKey: ['order', order.orderId] });
        props.onOutcome(
          <Notice tone="info" title={t('purchaser.payment.alreadyPaid.title')}>
            <p>{t('purchaser.payment.alreadyPaid.body')}</p>
          </Notice>,
        );
        return;
      }
      if (error instanceof ApiError && error.code === 'order_lapsed') {
        // Approved just as the order lapsed, with its item sold out since: no parcel, money back.
        queries.setQueryData<Order>(['order', order.orderId], { ...order, state: 'cancelled' });
        props.onOutcome(
          <Notice tone="warning" title={t('purchaser.payment.lapsed.title')}>
            <p>{t('purchaser.payment.lapsed.body', { amount })}</p>
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
    const { digits, errors: cardErrors } = checkCard(entry, t);
    const place = readPickupPoint(pickupPoint, t);
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
  const cards = cardKinds(t);

  return (
    <div className="payment">
      <section className="panel" aria-labelledby="to-pay-title">
        <h2 id="to-pay-title">{t('purchaser.payment.toPay')}</h2>
        <p className="amount to-pay">{amount}</p>
        <p>
          {t.rich('purchaser.payment.what', {
            quantity: order.quantity,
            name: order.commodity.name,
            orderId: <OrderIdText orderId={order.orderId} />,
          })}
        </p>
        <p className="muted">{t('purchaser.payment.payBy', { deadline: formatDeadline(order.payBy, t) })}</p>
      </section>
      <form className="panel payment-form" onSubmit={submit} noValidate aria-labelledby="card-title">
        <h2 id="card-title">{t('purchaser.payment.formTitle')}</h2>
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
          <legend>{t('purchaser.payment.payWith')}</legend>
          <div className="chips">
            {(Object.keys(cards) as CardKind[]).map((k) => (
              <label key={k} className="chip">
                <input type="radio" name={radioName} checked={kind === k} onChange={() => setKind(k)} />
                {cards[k].name}
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
        <p className="muted">{t('purchaser.payment.cardPrivacy')}</p>
        <div className="row">
          <Button type="submit" variant="primary" busy={sending}>
            {t('purchaser.payment.submit', { amount })}
          </Button>
          <Link href={`/receipt/${order.orderId}`}>{t('purchaser.payment.backToReceipt')}</Link>
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
  const t = useT();
  return (
    <div className="payment">
      {props.outcome}
      <section className="panel" aria-labelledby="paid-id-title">
        <h2 id="paid-id-title">{t('purchaser.orderId')}</h2>
        <p className="order-id-line">
          <OrderIdText orderId={order.orderId} large testId="paid-order-id" />
        </p>
        <p className="hint">{t('purchaser.paid.idHint')}</p>
      </section>
      {!pickupOver(status) && <PickupCodePanel order={order} kept={props.kept} />}
      <section className="panel" aria-labelledby="paid-facts-title">
        <h2 id="paid-facts-title">{t('purchaser.paid.factsTitle')}</h2>
        <OrderFactList order={order} status={status} />
      </section>
      {!pickupOver(status) && (
        <section className="panel" aria-labelledby="paid-next-title">
          <h2 id="paid-next-title">{t('purchaser.whatNext')}</h2>
          <ol className="steps">
            <li>{t('purchaser.paid.next.told')}</li>
            <li>{t('purchaser.paid.next.sent')}</li>
            <li>{t('purchaser.paid.next.collect')}</li>
          </ol>
        </section>
      )}
      <p className="row">
        <Link href={`/receipt/${order.orderId}`}>{t('purchaser.paid.receiptLink')}</Link>
        <Link href="/orders">{t('purchaser.nav.orders')}</Link>
      </p>
    </div>
  );
}
