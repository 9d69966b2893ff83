import type { ReactNode } from 'react';
import { Button, Loading, Notice, ProblemNotice } from '../app/ui.tsx';
import { type MessageId, useT } from '../i18n/i18n.tsx';
import type { ShipmentState, Tracking } from './market-api.ts';
import { formatDeadline, formatMoment } from './moments.ts';
import { useTracking } from './order-display.tsx';
import { orderStatus } from './order-status.ts';

/** The way a parcel goes, in order, as a purchaser would say each step. */
const STEPS: { state: ShipmentState; label: MessageId; meaning: MessageId }[] = [
  {
    state: 'booked',
    label: 'purchaser.tracking.booked.label',
    meaning: 'purchaser.tracking.booked.meaning',
  },
  {
    state: 'dropped_off',
    label: 'purchaser.tracking.droppedOff.label',
    meaning: 'purchaser.tracking.droppedOff.meaning',
  },
  {
    state: 'in_transit',
    label: 'purchaser.tracking.inTransit.label',
    meaning: 'purchaser.tracking.inTransit.meaning',
  },
  {
    state: 'ready_for_pickup',
    label: 'purchaser.tracking.ready.label',
    meaning: 'purchaser.tracking.ready.meaning',
  },
  {
    state: 'picked_up',
    label: 'purchaser.tracking.pickedUp.label',
    meaning: 'purchaser.tracking.pickedUp.meaning',
  },
];

/**
 * B9: where the parcel is, read from the market with the order's secret (the order ID alone
 * shows nothing): each step with its date, and the date to collect by once it waits.
 */
export function TrackingPanel(props: { orderId: string; secret: string }) {
  const tracking = useTracking(props.orderId, props.secret, true);
  const t = useT();
  return (
    <section className="panel tracking" aria-labelledby="tracking-title" aria-busy={tracking.isFetching}>
      <div className="tracking-head">
        <h2 id="tracking-title">{t('purchaser.tracking.title')}</h2>
        <Button onClick={() => void tracking.refetch()} busy={tracking.isFetching && !tracking.isPending}>
          {t('purchaser.tracking.refresh')}
        </Button>
      </div>
      {tracking.isPending && <Loading label={t('purchaser.tracking.loading')} rows={2} />}
      {tracking.isError && <ProblemNotice error={tracking.error} title={t('purchaser.tracking.failed')} />}
      {tracking.data && <Timeline tracking={tracking.data} />}
    </section>
  );
}

function Timeline(props: { tracking: Tracking }) {
  const { parcel, orderState } = props.tracking;
  const t = useT();
  if (!parcel) return <p data-testid="parcel-state">{t.rich('purchaser.tracking.notSent', { strong })}</p>;
  const at = new Map(parcel.events.map((e) => [e.state, e.at]));
  const returned = parcel.state === 'returned';
  const steps = returned
    ? [
        ...STEPS.filter((s) => at.has(s.state)),
        {
          state: 'returned' as const,
          label: 'purchaser.tracking.returned.label' as const,
          meaning: 'purchaser.tracking.returned.meaning' as const,
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
        {t.rich('purchaser.tracking.now', {
          status: orderStatus({ state: orderState }, parcel, t).label,
          strong,
        })}
      </p>
      {parcel.state === 'ready_for_pickup' &&
        parcel.deadline &&
        (overdue ? (
          <Notice tone="warning" title={t('purchaser.tracking.overdue.title')}>
            <p>{t('purchaser.tracking.overdue.body', { deadline: formatMoment(parcel.deadline) })}</p>
          </Notice>
        ) : (
          <Notice
            tone="info"
            title={t('purchaser.tracking.collectBy.title', { deadline: formatDeadline(parcel.deadline, t) })}
          >
            <p>{t('purchaser.tracking.collectBy.body')}</p>
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
                {t(step.label)}
                {!done && <span className="visually-hidden"> {t('purchaser.tracking.notYet')}</span>}
              </span>
              {when && (
                <time className="timeline-when" dateTime={when}>
                  {formatMoment(when)}
                </time>
              )}
              {i === current && <span className="timeline-meaning">{t(step.meaning)}</span>}
            </li>
          );
        })}
      </ol>
    </>
  );
}

const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;
