import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, type RefObject, useEffect, useId, useState } from 'react';
import type { FoundPickupPoint, PickupPointKind, Position } from '../app/delivery.ts';
import { PlaceAddress, PlaceName } from '../app/place-name.tsx';
import { useTerminalConfig } from '../app/terminal-config.ts';
import { Button, Field, Loading, Notice } from '../app/ui.tsx';
import { activeLocale, type MessageId, useT } from '../i18n/i18n.tsx';
import { findPickupPoints } from './delivery-api.ts';
import type { Translate } from './translate.ts';

/**
 * The receiving address (B8): a pickup point chosen from delivery's list, or, when that list
 * cannot be reached, a code typed from the store's or locker's sign.
 */
export interface PickupChoice {
  code: string;
  /** Absent when the code was typed by hand. */
  point?: FoundPickupPoint;
}

/** The market's limit on a pickup point's code (src/protocol/settlement.ts). */
const MAX_CODE_LENGTH = 64;
/** Enough to choose from on a phone; a search narrows the rest. */
const SHOWN = 8;
const SEARCH_DELAY_MS = 300;

/** The pickup point chosen, trimmed, or what is missing. */
export function readPickupPoint(
  choice: PickupChoice | null,
  t: Translate,
): { id: string } | { error: string } {
  const id = choice?.code.trim();
  return id ? { id } : { error: t('purchaser.picker.required') };
}

const KIND_LABEL: Record<PickupPointKind, MessageId> = {
  convenience_store: 'purchaser.picker.kind.convenienceStore',
  locker: 'purchaser.picker.kind.locker',
};

const distanceText = (metres: number, t: Translate) =>
  t('purchaser.picker.away', {
    distance:
      metres < 1000
        ? new Intl.NumberFormat(activeLocale(), { style: 'unit', unit: 'meter' }).format(
            Math.round(metres / 10) * 10,
          )
        : new Intl.NumberFormat(activeLocale(), {
            style: 'unit',
            unit: 'kilometer',
            maximumFractionDigits: 1,
          }).format(metres / 1000),
  });

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
  const t = useT();
  const config = useTerminalConfig();
  const deliveryUrl = config.data?.deliveryUrl;
  const [text, setText] = useState('');
  const searched = useSettled(text.trim(), SEARCH_DELAY_MS);
  const [near, setNear] = useState<Position | null>(null);
  const [locating, setLocating] = useState(false);
  const [positionProblem, setPositionProblem] = useState<MessageId | null>(null);
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
      setPositionProblem('purchaser.picker.position.unsupported');
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
            ? 'purchaser.picker.position.denied'
            : 'purchaser.picker.position.failed',
        );
      },
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 10 * 60_000 },
    );
  };

  // What a screen reader hears once an answer is in; the previous list stays shown meanwhile.
  const status = !points
    ? ''
    : found.isPlaceholderData
      ? t('purchaser.picker.finding')
      : points.length === 0
        ? searched
          ? t('purchaser.picker.noneMatching', { text: searched })
          : t('purchaser.picker.none')
        : t('purchaser.picker.found', {
            count: points.length,
            matching: searched ? 'yes' : 'no',
            text: searched,
            near: near ? 'yes' : 'no',
          });

  return (
    <fieldset className="pickup-picker" aria-describedby={`${id}-about`}>
      <legend>{t('purchaser.picker.legend')}</legend>
      <p className="hint" id={`${id}-about`}>
        {t('purchaser.picker.about')}
      </p>
      <div className="pickup-search">
        <Field
          label={t('purchaser.picker.search')}
          hint={t('purchaser.picker.searchHint')}
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
          {t('purchaser.picker.nearMe')}
        </Button>
      </div>
      {near && <p className="hint">{t('purchaser.picker.nearHint')}</p>}
      {positionProblem && (
        <Notice tone="warning" title={t('purchaser.picker.position.title')}>
          <p>{t(positionProblem)}</p>
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
          <Loading label={t('purchaser.picker.loading')} rows={2} />
        ) : (
          points.length > 0 && (
            <fieldset className="pickup-results" aria-busy={found.isFetching || undefined}>
              <legend className="visually-hidden">{t('purchaser.picker.results')}</legend>
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
      {points?.length === 0 && <p className="muted">{t('purchaser.picker.tryOther')}</p>}
      {props.value && <ChosenPickupPoint choice={props.value} />}
    </fieldset>
  );
}

/** One pickup point to choose: named by its name and code, described by the rest. */
function PickupPointOption(props: {
  point: FoundPickupPoint;
  group: string;
  checked: boolean;
  onChoose: () => void;
}) {
  const { point } = props;
  const id = useId();
  const t = useT();
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
            <PlaceName point={point} className="pickup-name" /> <span className="mono">{point.code}</span>
          </span>
          <span className="pickup-facts" id={`${id}-facts`}>
            {t(KIND_LABEL[point.kind])} · <PlaceAddress point={point} /> · {point.openingHours}
            {point.distanceMetres !== null && ` · ${distanceText(point.distanceMetres, t)}`}
          </span>
        </span>
      </label>
    </li>
  );
}

/** The choice, spelt out where the purchaser looks before paying. */
function ChosenPickupPoint(props: { choice: PickupChoice }) {
  const { code, point } = props.choice;
  const t = useT();
  return (
    <div className="pickup-chosen">
      <p className="pickup-chosen-title">{t('purchaser.picker.chosen.title')}</p>
      <p>
        {point ? (
          <>
            <strong>
              <PlaceName point={point} />
            </strong>{' '}
            <span className="mono">{code}</span>
          </>
        ) : (
          t.rich('purchaser.picker.chosen.typed', {
            code,
            mono: (chunks: ReactNode[]) => <span className="mono">{chunks}</span>,
          })
        )}
      </p>
      {point && (
        <p className="pickup-facts">
          {t.rich('purchaser.picker.chosen.facts', {
            kind: t(KIND_LABEL[point.kind]),
            address: <PlaceAddress point={point} />,
            hours: point.openingHours,
            days: point.retentionDays,
          })}
        </p>
      )}
      <p className="hint">{t('purchaser.picker.chosen.change')}</p>
    </div>
  );
}

/** Delivery cannot be reached: say so, offer to try again, and take a code typed from a sign. */
function Unreachable(props: {
  retry: () => void;
  value: PickupChoice | null;
  onChange: (choice: PickupChoice | null) => void;
}) {
  const t = useT();
  return (
    <>
      <Notice tone="error" title={t('purchaser.picker.unreachable.title')}>
        <p>{t('purchaser.picker.unreachable.body')}</p>
        <p>
          <Button onClick={props.retry}>{t('purchaser.tryAgain')}</Button>
        </p>
      </Notice>
      <Field label={t('purchaser.picker.code')} hint={t('purchaser.picker.codeHint')}>
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
