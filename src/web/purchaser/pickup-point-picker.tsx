import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type RefObject, useEffect, useId, useState } from 'react';
import { useTerminalConfig } from '../app/terminal-config.ts';
import { Button, Field, Loading, Notice } from '../app/ui.tsx';
import { findPickupPoints, type PickupPoint, type PickupPointKind, type Position } from './delivery-api.ts';

/**
 * The receiving address (B8): a pickup point chosen from delivery's list, or, when that list
 * cannot be reached, a code typed from the store's or locker's sign.
 */
export interface PickupChoice {
  code: string;
  /** Absent when the code was typed by hand. */
  point?: PickupPoint;
}

/** The market's limit on a pickup point's code (src/protocol/settlement.ts). */
const MAX_CODE_LENGTH = 64;
/** Enough to choose from on a phone; a search narrows the rest. */
const SHOWN = 8;
const SEARCH_DELAY_MS = 300;

/** The pickup point chosen, trimmed, or what is missing. */
export function readPickupPoint(choice: PickupChoice | null): { id: string } | { error: string } {
  const id = choice?.code.trim();
  return id ? { id } : { error: 'Choose the store or locker to collect the parcel from' };
}

const KIND_LABEL: Record<PickupPointKind, string> = {
  convenience_store: 'Convenience store',
  locker: 'Parcel locker',
};

const distanceText = (metres: number) =>
  metres < 1000
    ? `${Math.round(metres / 10) * 10} m away`
    : `${new Intl.NumberFormat(undefined, { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 }).format(metres / 1000)} away`;

/** About 100 m: enough to put the nearest stores first, and less than where the purchaser stands. */
const rounded = (degrees: number) => Math.round(degrees * 1000) / 1000;

/** The value once it has stopped changing for a moment: one search per pause in typing. */
function useSettled<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * B8: where the parcel goes, chosen from delivery's pickup points by text or nearest to the
 * purchaser, as a radio group. The browser asks delivery itself (see GET /terminal-config): the
 * market never learns the position, and delivery learns neither who asks nor for which order.
 */
export function PickupPointPicker(props: {
  value: PickupChoice | null;
  onChange: (choice: PickupChoice | null) => void;
  error?: string | null;
  /** The search box, where focus goes when no pickup point is chosen. */
  inputRef: RefObject<HTMLInputElement | null>;
}) {
  const id = useId();
  const config = useTerminalConfig();
  const deliveryUrl = config.data?.deliveryUrl;
  const [text, setText] = useState('');
  const searched = useSettled(text.trim(), SEARCH_DELAY_MS);
  const [near, setNear] = useState<Position | null>(null);
  const [locating, setLocating] = useState(false);
  const [positionProblem, setPositionProblem] = useState<string | null>(null);
  const asked = searched !== '' || near !== null;
  const found = useQuery({
    queryKey: ['pickup-points', deliveryUrl, searched, near],
    queryFn: ({ signal }) =>
      findPickupPoints(deliveryUrl as string, { text: searched, near, limit: SHOWN }, signal),
    enabled: Boolean(deliveryUrl) && asked,
    placeholderData: keepPreviousData,
  });
  const unreachable = config.isError || found.isError;
  const points = asked && !unreachable ? found.data : undefined;

  const nearMe = () => {
    setPositionProblem(null);
    if (near) {
      setNear(null);
      return;
    }
    if (!navigator.geolocation) {
      setPositionProblem('This browser cannot tell where you are. Search by area or name instead.');
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        setLocating(false);
        setNear({ latitude: rounded(coords.latitude), longitude: rounded(coords.longitude) });
      },
      (failure) => {
        setLocating(false);
        setPositionProblem(
          failure.code === failure.PERMISSION_DENIED
            ? 'This page may not know where you are, so nothing was sent. Search by area or name instead, or allow your position in the browser and choose “Near me” again.'
            : 'Your position could not be found just now. Search by area or name instead, or try again.',
        );
      },
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 10 * 60_000 },
    );
  };

  // What a screen reader hears once an answer is in; the previous list stays shown meanwhile.
  const status = !points
    ? ''
    : found.isPlaceholderData
      ? 'Finding pickup points…'
      : points.length === 0
        ? `No pickup point matches${searched ? ` “${searched}”` : ''}.`
        : `${points.length === 1 ? '1 pickup point' : `${points.length} pickup points`}${
            searched ? ` matching “${searched}”` : ''
          }${near ? ', nearest first' : ''}.`;

  return (
    <fieldset className="pickup-picker" aria-describedby={`${id}-about`}>
      <legend>Pickup point</legend>
      <p className="hint" id={`${id}-about`}>
        The convenience store or parcel locker where you collect the parcel. Only its code goes to the seller,
        never your name or address.
      </p>
      <div className="pickup-search">
        <Field
          label="Search pickup points"
          hint="An area, a station, a store’s name or its code, such as Shinjuku"
          error={props.error}
          className="pickup-search-field"
        >
          {(control) => (
            <input
              {...control}
              ref={props.inputRef}
              type="search"
              autoComplete="off"
              spellCheck={false}
              maxLength={100}
              value={text}
              onChange={(e) => setText(e.target.value)}
              // Enter searches (it already does as one types); it must not send the payment.
              onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
            />
          )}
        </Field>
        <Button className="near-me" aria-pressed={near !== null} busy={locating} onClick={nearMe}>
          Near me
        </Button>
      </div>
      {near && (
        <p className="hint">
          Nearest to you first. Your position, rounded to about 100 m, went to the delivery service alone, not
          to the market. Choose “Near me” again to forget it.
        </p>
      )}
      {positionProblem && (
        <Notice tone="warning" title="Your position is not available">
          <p>{positionProblem}</p>
        </Notice>
      )}
      <p className="pickup-status" role="status">
        {status}
      </p>
      {unreachable ? (
        <Unreachable
          retry={() => void (config.isError ? config.refetch() : found.refetch())}
          value={props.value}
          onChange={props.onChange}
        />
      ) : (
        asked &&
        (!points ? (
          <Loading label="Finding pickup points" rows={2} />
        ) : (
          points.length > 0 && (
            <fieldset className="pickup-results" aria-busy={found.isFetching || undefined}>
              <legend className="visually-hidden">Pickup points found</legend>
              <ul className="pickup-list">
                {points.map((point) => (
                  <PickupPointOption
                    key={point.code}
                    point={point}
                    group={`${id}-points`}
                    checked={props.value?.code === point.code}
                    onChoose={() => props.onChange({ code: point.code, point })}
                  />
                ))}
              </ul>
            </fieldset>
          )
        ))
      )}
      {points?.length === 0 && (
        <p className="muted">Try an area or a station, such as Shinjuku, or “Near me”.</p>
      )}
      {props.value && <ChosenPickupPoint choice={props.value} />}
    </fieldset>
  );
}

/** One pickup point to choose: named by its name and code, described by the rest. */
function PickupPointOption(props: {
  point: PickupPoint;
  group: string;
  checked: boolean;
  onChoose: () => void;
}) {
  const { point } = props;
  const id = useId();
  return (
    <li>
      <label className="pickup-option">
        <input
          type="radio"
          name={props.group}
          value={point.code}
          checked={props.checked}
          onChange={props.onChoose}
          aria-labelledby={`${id}-name`}
          aria-describedby={`${id}-facts`}
        />
        <span>
          <span id={`${id}-name`}>
            <span className="pickup-name">{point.name}</span> <span className="mono">{point.code}</span>
          </span>
          <span className="pickup-facts" id={`${id}-facts`}>
            {KIND_LABEL[point.kind]} · {point.address} · {point.openingHours}
            {point.distanceMetres !== null && ` · ${distanceText(point.distanceMetres)}`}
          </span>
        </span>
      </label>
    </li>
  );
}

/** The choice, spelt out where the purchaser looks before paying. */
function ChosenPickupPoint(props: { choice: PickupChoice }) {
  const { code, point } = props.choice;
  return (
    <div className="pickup-chosen">
      <p className="pickup-chosen-title">Your parcel goes to</p>
      <p>
        {point && <strong>{point.name}</strong>} <span className="mono">{code}</span>
        {!point && ', the code you typed'}
      </p>
      {point && (
        <p className="pickup-facts">
          {KIND_LABEL[point.kind]}, {point.address}. Open {point.openingHours}; a parcel waits{' '}
          {point.retentionDays} days.
        </p>
      )}
      <p className="hint">To change it, choose another pickup point above, or search again.</p>
    </div>
  );
}

/** Delivery cannot be reached: say so, offer to try again, and take a code typed from a sign. */
function Unreachable(props: {
  retry: () => void;
  value: PickupChoice | null;
  onChange: (choice: PickupChoice | null) => void;
}) {
  return (
    <>
      <Notice tone="error" title="The list of pickup points cannot be reached just now">
        <p>Try again in a moment, or type the code of a store or locker you know, as shown on its sign.</p>
        <p>
          <Button onClick={props.retry}>Try again</Button>
        </p>
      </Notice>
      <Field label="Pickup point code" hint="Such as 7E-SHINJUKU-03. Only this code goes to the seller.">
        {(control) => (
          <input
            {...control}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={MAX_CODE_LENGTH}
            value={props.value && !props.value.point ? props.value.code : ''}
            onChange={(e) => props.onChange(e.target.value ? { code: e.target.value } : null)}
          />
        )}
      </Field>
    </>
  );
}

/** A pickup point as the purchaser and the seller read it. */
export function PickupPointText(props: { id: string }) {
  return <span className="mono">{props.id}</span>;
}
