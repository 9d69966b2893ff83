import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../app/api.ts';
import { saveBlob } from '../app/download.ts';
import { PlaceAddress, PlaceName } from '../app/place-name.tsx';
import type { Translate } from '../app/translate.ts';
import { Button, Loading, Notice, ProblemNotice } from '../app/ui.tsx';
import { type MessageId, useT } from '../i18n/i18n.tsx';
import { putParcelState } from './order-cache.ts';
import { localTime } from './order-state.tsx';
import { parcelLabel, parcelMeaning } from './parcel-state.tsx';
import { useSeller } from './seller-session.tsx';
import {
  bookShipment,
  dataUrlOf,
  fetchLabel,
  getShipment,
  LABEL_FORMATS,
  type LabelFormat,
  shipmentQuery,
} from './shipment-api.ts';
import type { ParcelSize, SellerOrder, Shipment } from './types.ts';

const SIZES: { size: ParcelSize; name: MessageId; hint: MessageId }[] = [
  { size: 'small', name: 'salesperson.shipment.size.small', hint: 'salesperson.shipment.size.smallHint' },
  { size: 'medium', name: 'salesperson.shipment.size.medium', hint: 'salesperson.shipment.size.mediumHint' },
  { size: 'large', name: 'salesperson.shipment.size.large', hint: 'salesperson.shipment.size.largeHint' },
];

const DOWNLOAD: Record<LabelFormat, MessageId> = {
  'pdf-a6': 'salesperson.shipment.download.pdfA6',
  'pdf-4x6': 'salesperson.shipment.download.pdf4x6',
  png: 'salesperson.shipment.download.png',
};

/**
 * B9: a paid order's parcel: booking it to the purchaser's pickup point, then where it is, and
 * its label to download or print. Updated live by the inbox's parcel events.
 */
export function ShipmentPanel(props: { order: SellerOrder }) {
  const { key } = useSeller();
  const t = useT();
  const { order } = props;
  const shipment = useQuery({
    queryKey: shipmentQuery(order.orderId),
    queryFn: ({ signal }) => getShipment(key, order.orderId, signal),
  });
  return (
    <section className="panel shipment-panel" aria-labelledby="shipment-title">
      <h2 id="shipment-title">{t('salesperson.shipment.title')}</h2>
      {shipment.isPending && <Loading label={t('salesperson.shipment.loading')} rows={2} />}
      {shipment.isError && (
        <>
          <ProblemNotice error={shipment.error} title={t('salesperson.shipment.loadFailed')} />
          <Button onClick={() => void shipment.refetch()}>{t('salesperson.shipment.tryAgain')}</Button>
        </>
      )}
      {shipment.data === null && <BookShipment order={order} />}
      {shipment.data && <ShipmentDetails shipment={shipment.data} />}
    </section>
  );
}

/** Why booking failed, in the seller's words, with what to do about it. */
function bookingProblem(t: Translate, error: unknown): { title: string; detail?: string } | null {
  if (!(error instanceof ApiError)) return null;
  switch (error.code) {
    case 'delivery_unavailable': {
      const wait = error.retryAfterSeconds;
      return {
        title: t('salesperson.shipment.unavailable'),
        detail: wait
          ? t('salesperson.shipment.unavailableWait', { seconds: wait })
          : t('salesperson.shipment.unavailableMoment'),
      };
    }
    case 'order_not_paid':
      return { title: t('salesperson.shipment.notPaid'), detail: t('salesperson.shipment.notPaidDetail') };
    case 'unknown_pickup_point':
      return {
        title: t('salesperson.shipment.unknownPoint'),
        detail: t('salesperson.shipment.unknownPointDetail'),
      };
    case 'pickup_point_closed':
      return {
        title: t('salesperson.shipment.pointClosed'),
        detail: t('salesperson.shipment.pointClosedDetail'),
      };
    default:
      return null;
  }
}

function BookShipment(props: { order: SellerOrder }) {
  const { key } = useSeller();
  const t = useT();
  const queries = useQueryClient();
  const group = useId();
  const [size, setSize] = useState<ParcelSize>('small');
  const book = useMutation({
    mutationFn: () => bookShipment(key, props.order.orderId, size),
    onSuccess: (shipment) => {
      // The order's status moves on with it, here and in the inbox, before the live event comes.
      putParcelState(queries, props.order.orderId, shipment.state);
      queries.setQueryData(shipmentQuery(props.order.orderId), shipment);
    },
  });
  const problem = bookingProblem(t, book.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!book.isPending) book.mutate();
  };
  return (
    <form onSubmit={submit} className="book-shipment" aria-describedby={`${group}-about`}>
      <p id={`${group}-about`}>
        {t.rich('salesperson.shipment.about', {
          pickupPoint: props.order.pickupPointId ?? '',
          mono: (chunks) => <span className="mono">{chunks}</span>,
        })}
      </p>
      <fieldset>
        <legend>{t('salesperson.shipment.parcelSize')}</legend>
        <div className="size-options">
          {SIZES.map((s) => (
            <label key={s.size} className="size-option">
              <input
                type="radio"
                name={group}
                value={s.size}
                checked={size === s.size}
                onChange={() => setSize(s.size)}
                aria-labelledby={`${group}-${s.size}-name`}
                aria-describedby={`${group}-${s.size}`}
              />
              <span>
                <span className="size-name" id={`${group}-${s.size}-name`}>
                  {t(s.name)}
                </span>
                <span className="hint" id={`${group}-${s.size}`}>
                  {t(s.hint)}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {problem ? (
        <Notice tone="error" title={problem.title}>
          {problem.detail && <p>{problem.detail}</p>}
        </Notice>
      ) : (
        <ProblemNotice error={book.error} title={t('salesperson.shipment.bookFailed')} />
      )}
      <Button type="submit" variant="primary" busy={book.isPending}>
        {t('salesperson.shipment.book')}
      </Button>
    </form>
  );
}

function ShipmentDetails(props: { shipment: Shipment }) {
  const { shipment: s } = props;
  const t = useT();
  const size = SIZES.find((x) => x.size === s.parcelSize);
  return (
    <>
      <p className="parcel-now" data-testid="parcel-meaning">
        {parcelMeaning(t, s.state)}
        {s.state === 'ready_for_pickup' &&
          s.deadline &&
          ` ${t('salesperson.shipment.waitsUntil', { deadline: localTime(s.deadline) })}`}
      </p>
      <dl className="order-details">
        <div>
          <dt>{t('salesperson.shipment.pickupPoint')}</dt>
          <dd>
            <PlaceName point={s.pickupPoint} /> <span className="mono code">{s.pickupPoint.code}</span>
            <PlaceAddress point={s.pickupPoint} className="muted address" />
          </dd>
        </div>
        <div>
          <dt>{t('salesperson.shipment.parcelSize')}</dt>
          <dd>{size ? t(size.name) : s.parcelSize}</dd>
        </div>
        <div>
          <dt>{t('salesperson.shipment.returnReference')}</dt>
          <dd className="mono">{s.returnReference}</dd>
        </div>
      </dl>
      <h3 className="shipment-subtitle">{t('salesperson.shipment.soFar')}</h3>
      <ol className="parcel-events">
        {s.events.map((e) => (
          <li key={`${e.state}-${e.at}`}>
            <span className="parcel-event-state">{parcelLabel(t, e.state)}</span>{' '}
            <time dateTime={e.at} className="muted">
              {localTime(e.at)}
            </time>
          </li>
        ))}
      </ol>
      {s.state !== 'picked_up' && s.state !== 'returned' && <Labels orderId={s.orderId} />}
    </>
  );
}

/**
 * The label, fetched with the seller's key (a plain link could not send it) and saved as a file,
 * or printed from this page: the pages may show data: images, not blob: ones.
 */
function Labels(props: { orderId: string }) {
  const { key } = useSeller();
  const t = useT();
  const [said, setSaid] = useState('');
  const [printImage, setPrintImage] = useState<string | null>(null);
  const download = useMutation({
    mutationFn: (format: LabelFormat) => fetchLabel(key, props.orderId, format),
    onSuccess: ({ blob, filename }) => {
      saveBlob(blob, filename);
      setSaid(t('salesperson.shipment.labelSaved', { filename }));
    },
  });
  const print = useMutation({
    mutationFn: async () => dataUrlOf((await fetchLabel(key, props.orderId, 'png')).blob),
    onSuccess: (url) => {
      setSaid(t('salesperson.shipment.labelReady'));
      // The same image again does not load again: print it as it stands.
      if (url === printImage) window.print();
      else setPrintImage(url);
    },
  });
  return (
    <div className="labels">
      <h3 className="shipment-subtitle">{t('salesperson.shipment.label')}</h3>
      <p>{t('salesperson.shipment.labelAbout')}</p>
      <div className="row label-buttons">
        {(Object.keys(LABEL_FORMATS) as LabelFormat[]).map((format) => (
          <Button
            key={format}
            busy={download.isPending && download.variables === format}
            disabled={download.isPending}
            onClick={() => download.mutate(format)}
          >
            {t(DOWNLOAD[format])}
          </Button>
        ))}
        <Button busy={print.isPending} onClick={() => print.mutate()}>
          {t('salesperson.shipment.print')}
        </Button>
      </div>
      <p className="label-status" role="status">
        {said}
      </p>
      <ProblemNotice error={download.error ?? print.error} title={t('salesperson.shipment.labelFailed')} />
      {printImage && (
        <div className="print-label">
          <img
            src={printImage}
            alt={t('salesperson.shipment.labelAlt', { orderId: props.orderId })}
            onLoad={() => {
              window.print();
            }}
          />
        </div>
      )}
    </div>
  );
}
