import { Button, Loading, Notice, ProblemNotice } from '../app/ui.tsx';
import type { ShipmentState, Tracking } from './market-api.ts';
import { formatDeadline, formatMoment } from './moments.ts';
import { useTracking } from './order-display.tsx';
import { orderStatus } from './order-status.ts';

/** The way a parcel goes, in order, as a purchaser would say each step. */
const STEPS: { state: ShipmentState; label: string; meaning: string }[] = [
  {
    state: 'booked',
    label: 'Shipment booked',
    meaning: 'The seller booked the parcel to your pickup point.',
  },
  { state: 'dropped_off', label: 'Handed in', meaning: 'The seller handed the parcel in at a store.' },
  { state: 'in_transit', label: 'On its way', meaning: 'The carrier is taking it to your pickup point.' },
  {
    state: 'ready_for_pickup',
    label: 'Ready to collect',
    meaning: 'It waits at your pickup point: bring the order ID and the pickup code.',
  },
  { state: 'picked_up', label: 'Collected', meaning: 'Handed over at the pickup point. Enjoy it.' },
];

/**
 * B9: where the parcel is, read from the market with the order's secret (the order ID alone
 * shows nothing): each step with its date, and the date to collect by once it waits.
 */
export function TrackingPanel(props: { orderId: string; secret: string }) {
  const tracking = useTracking(props.orderId, props.secret, true);
  return (
    <section className="panel tracking" aria-labelledby="tracking-title" aria-busy={tracking.isFetching}>
      <div className="tracking-head">
        <h2 id="tracking-title">Where the parcel is</h2>
        <Button onClick={() => void tracking.refetch()} busy={tracking.isFetching && !tracking.isPending}>
          Refresh
        </Button>
      </div>
      {tracking.isPending && <Loading label="Reading where the parcel is" rows={2} />}
      {tracking.isError && (
        <ProblemNotice error={tracking.error} title="Where the parcel is could not be read" />
      )}
      {tracking.data && <Timeline tracking={tracking.data} />}
    </section>
  );
}

function Timeline(props: { tracking: Tracking }) {
  const { parcel, orderState } = props.tracking;
  if (!parcel)
    return (
      <p data-testid="parcel-state">
        <strong>Not sent yet.</strong> The seller has been told where to send it, and books the parcel next.
      </p>
    );
  const at = new Map(parcel.events.map((e) => [e.state, e.at]));
  const returned = parcel.state === 'returned';
  const steps = returned
    ? [
        ...STEPS.filter((s) => at.has(s.state)),
        {
          state: 'returned' as const,
          label: 'Returned to the seller',
          meaning: 'Not collected by the deadline, so it went back and your payment is refunded.',
        },
      ]
    : STEPS;
  const current = steps.findIndex((s) => s.state === parcel.state);
  const overdue =
    parcel.state === 'ready_for_pickup' &&
    parcel.deadline !== null &&
    Date.parse(parcel.deadline) <= Date.now();
  return (
    <>
      <p className="parcel-now" data-testid="parcel-state">
        Now: <strong>{orderStatus({ state: orderState }, parcel).label}</strong>
      </p>
      {parcel.state === 'ready_for_pickup' &&
        parcel.deadline &&
        (overdue ? (
          <Notice tone="warning" title="The time to collect is over">
            <p>
              The deadline was {formatMoment(parcel.deadline)}. The parcel goes back to the seller and your
              payment is refunded.
            </p>
          </Notice>
        ) : (
          <Notice tone="info" title={`Collect by ${formatDeadline(parcel.deadline)}`}>
            <p>After that it goes back to the seller, and your payment is refunded.</p>
          </Notice>
        ))}
      <ol className="timeline">
        {steps.map((step, i) => {
          const when = at.get(step.state);
          const done = i <= current;
          return (
            <li
              key={step.state}
              className={`timeline-step ${done ? 'done' : 'to-come'}`}
              aria-current={i === current ? 'step' : undefined}
            >
              <span className="timeline-label">
                {step.label}
                {!done && <span className="visually-hidden"> (not yet)</span>}
              </span>
              {when && (
                <time className="timeline-when" dateTime={when}>
                  {formatMoment(when)}
                </time>
              )}
              {i === current && <span className="timeline-meaning">{step.meaning}</span>}
            </li>
          );
        })}
      </ol>
    </>
  );
}
