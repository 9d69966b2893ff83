import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../app/api.ts';
import { saveBlob } from '../app/download.ts';
import { Button, Loading, Notice, ProblemNotice } from '../app/ui.tsx';
import { putParcelState } from './order-cache.ts';
import { localTime } from './order-state.tsx';
import { PARCEL_MEANING, parcelLabel } from './parcel-state.tsx';
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

const SIZES: { size: ParcelSize; name: string; hint: string }[] = [
  { size: 'small', name: 'Small', hint: 'Fits in a shoebox or a padded envelope' },
  { size: 'medium', name: 'Medium', hint: 'A laptop or a small appliance in its box' },
  { size: 'large', name: 'Large', hint: 'Anything bigger; a locker may not take it' },
];

/**
 * B9: a paid order's parcel: booking it to the purchaser's pickup point, then where it is, and
 * its label to download or print. Updated live by the inbox's parcel events.
 */
export function ShipmentPanel(props: { order: SellerOrder }) {
  const { key } = useSeller();
  const { order } = props;
  const shipment = useQuery({
    queryKey: shipmentQuery(order.orderId),
    queryFn: ({ signal }) => getShipment(key, order.orderId, signal),
  });
  return (
    <section className="panel shipment-panel" aria-labelledby="shipment-title">
      <h2 id="shipment-title">Shipment</h2>
      {shipment.isPending && <Loading label="Reading the shipment" rows={2} />}
      {shipment.isError && (
        <>
          <ProblemNotice error={shipment.error} title="The shipment could not be read" />
          <Button onClick={() => void shipment.refetch()}>Try again</Button>
        </>
      )}
      {shipment.data === null && <BookShipment order={order} />}
      {shipment.data && <ShipmentDetails shipment={shipment.data} />}
    </section>
  );
}

/** Why booking failed, in the seller's words, with what to do about it. */
function bookingProblem(error: unknown): { title: string; detail?: string } | null {
  if (!(error instanceof ApiError)) return null;
  switch (error.code) {
    case 'delivery_unavailable': {
      const wait = error.retryAfterSeconds;
      return {
        title: 'The delivery service cannot be reached just now',
        detail: `Nothing was booked. Try again${wait ? ` in ${wait} seconds` : ' in a moment'}.`,
      };
    }
    case 'order_not_paid':
      return { title: 'This order is not paid', detail: 'Only a paid order’s parcel can be booked.' };
    case 'unknown_pickup_point':
      return {
        title: 'Delivery does not know this pickup point',
        detail: 'The purchaser’s pickup point is not in delivery’s list. Ask the market operator.',
      };
    case 'pickup_point_closed':
      return {
        title: 'This pickup point is closed',
        detail: 'It takes no parcels now. Ask the market operator what to do with the order.',
      };
    default:
      return null;
  }
}

function BookShipment(props: { order: SellerOrder }) {
  const { key } = useSeller();
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
  const problem = bookingProblem(book.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!book.isPending) book.mutate();
  };
  return (
    <form onSubmit={submit} className="book-shipment" aria-describedby={`${group}-about`}>
      <p id={`${group}-about`}>
        Book the parcel to the purchaser’s pickup point,{' '}
        <span className="mono">{props.order.pickupPointId}</span>. You then print a label with the order ID
        and hand the parcel in at any Tokumei pickup point.
      </p>
      <fieldset>
        <legend>Parcel size</legend>
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
                  {s.name}
                </span>
                <span className="hint" id={`${group}-${s.size}`}>
                  {s.hint}
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
        <ProblemNotice error={book.error} title="The shipment could not be booked" />
      )}
      <Button type="submit" variant="primary" busy={book.isPending}>
        Book shipment
      </Button>
    </form>
  );
}

function ShipmentDetails(props: { shipment: Shipment }) {
  const { shipment: s } = props;
  return (
    <>
      <p className="parcel-now" data-testid="parcel-meaning">
        {PARCEL_MEANING[s.state]}
        {s.state === 'ready_for_pickup' && s.deadline && ` It waits until ${localTime(s.deadline)}.`}
      </p>
      <dl className="order-details">
        <div>
          <dt>Pickup point</dt>
          <dd>
            {s.pickupPoint.name} <span className="mono code">{s.pickupPoint.code}</span>
            <span className="muted address">{s.pickupPoint.address}</span>
          </dd>
        </div>
        <div>
          <dt>Parcel size</dt>
          <dd>{SIZES.find((x) => x.size === s.parcelSize)?.name ?? s.parcelSize}</dd>
        </div>
        <div>
          <dt>Return reference</dt>
          <dd className="mono">{s.returnReference}</dd>
        </div>
      </dl>
      <h3 className="shipment-subtitle">So far</h3>
      <ol className="parcel-events">
        {s.events.map((e) => (
          <li key={`${e.state}-${e.at}`}>
            <span className="parcel-event-state">{parcelLabel(e.state)}</span>{' '}
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
  const [said, setSaid] = useState('');
  const [printImage, setPrintImage] = useState<string | null>(null);
  const download = useMutation({
    mutationFn: (format: LabelFormat) => fetchLabel(key, props.orderId, format),
    onSuccess: ({ blob, filename }) => {
      saveBlob(blob, filename);
      setSaid(`Label saved as ${filename}.`);
    },
  });
  const print = useMutation({
    mutationFn: async () => dataUrlOf((await fetchLabel(key, props.orderId, 'png')).blob),
    onSuccess: (url) => {
      setSaid('Label ready to print.');
      // The same image again does not load again: print it as it stands.
      if (url === printImage) window.print();
      else setPrintImage(url);
    },
  });
  return (
    <div className="labels">
      <h3 className="shipment-subtitle">Label</h3>
      <p>
        Stick it on the parcel and hand the parcel in at any Tokumei pickup point. It carries the order ID,
        the pickup point and a return reference, nothing about the purchaser.
      </p>
      <div className="row label-buttons">
        {(Object.keys(LABEL_FORMATS) as LabelFormat[]).map((format) => (
          <Button
            key={format}
            busy={download.isPending && download.variables === format}
            disabled={download.isPending}
            onClick={() => download.mutate(format)}
          >
            Download {LABEL_FORMATS[format].label}
          </Button>
        ))}
        <Button busy={print.isPending} onClick={() => print.mutate()}>
          Print label
        </Button>
      </div>
      <p className="label-status" role="status">
        {said}
      </p>
      <ProblemNotice error={download.error ?? print.error} title="The label could not be fetched" />
      {printImage && (
        <div className="print-label">
          <img
            src={printImage}
            alt={`Shipping label for order ${props.orderId}`}
            onLoad={() => {
              window.print();
            }}
          />
        </div>
      )}
    </div>
  );
}
