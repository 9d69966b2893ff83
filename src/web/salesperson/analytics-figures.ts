import type { TextLanguage } from '../../protocol/localized-text.ts';
import { demandWord, measureName } from '../app/analytics-names.ts';
import {
  attributeLabel,
  attributeLabelOf,
  attributeUnit,
  enumValueLabel,
  valueLabelTexts,
} from '../app/kind-labels.ts';
import { formatMoney } from '../app/money.ts';
import { shown } from '../app/shown-text.tsx';
import type { Translate } from '../app/translate.ts';
import { activeLocale, type MessageId } from '../i18n/i18n.tsx';
import type { Release, ReleasedCell, ReleasedMeasure } from './analytics-api.ts';
import { valueLabel } from './attribute-field.tsx';
import type { Kind } from './types.ts';

/**
 * A release's measures shaped for a chart and its table: rows (periods, or the measure's keys)
 * by series, each cell as released (a value, or suppressed), labelled in words, with the
 * seller's own exact figures beside the market's where the analysis has them. What is left out
 * (bands or series suppressed throughout, commodities too few to name) is said in `notes`.
 */

export interface FigureSeries {
  label: string;
  /** The label's language where the kind gave it only in the other one (for `lang`). */
  lang?: TextLanguage;
}

export interface FigureRow {
  /** What the row is: a period key, or a key of the measure. */
  x: string;
  label: string;
  /** The label's language where the kind gave it only in the other one (for `lang`). */
  lang?: TextLanguage;
  /** One per series; undefined where the release has no such cell. */
  cells: (ReleasedCell | undefined)[];
  /** The seller's own commodity (best sellers). */
  yours?: boolean;
}

export interface MeasureFigure {
  name: string;
  label: string;
  /** Rows are periods (lines over time) or categories (bars). */
  layout: 'periods' | 'categories';
  /** What the rows are, as the table's first column is headed. */
  rowHeading: string;
  series: FigureSeries[];
  rows: FigureRow[];
  accuracy95: number;
  threshold: number;
  epsilon: string;
  /** Said under the chart and table: what they leave out and why, and how an estimate is made. */
  notes: string[];
  /** The seller's own figures per row, exact (sales volume): a line in the chart, a column in the table. */
  own?: { label: string; column: string; values: (number | null)[] };
  /** Further columns of the table, already worded, one value per row. */
  columns: { label: string; values: string[] }[];
  /** Rows the seller's own offers fall in (price distribution), marked on the chart. */
  marks: { x: string; label: string }[];
}

const OUTCOMES: Record<string, MessageId> = {
  matched: 'salesperson.figures.outcome.matched',
  unmatched: 'salesperson.figures.outcome.unmatched',
  purchased: 'salesperson.figures.outcome.purchased',
};
const SIDES: Record<string, MessageId> = {
  lower: 'salesperson.figures.side.lower',
  upper: 'salesperson.figures.side.upper',
  exact: 'salesperson.figures.side.exact',
};
/** A word of `words` for `key`, or the key itself where the terminal has none. */
const wordFor = (t: Translate, words: Record<string, MessageId>, key: string) => {
  const id = words[key];
  return id ? t(id) : key;
};
const SIDED = /^(lower|upper|exact):(.*)$/;
const PRICE_BANDED = new Set(['sales-volume', 'price-distribution']);

export const formatShare = (share: number | null) =>
  share === null
    ? '—'
    : new Intl.NumberFormat(activeLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);

/**
 * A number the bands of a measure count: money for prices, the attribute's unit otherwise. The
 * messages about bands choose their words by `subject`, and name the attribute by `label`.
 */
interface BandSubject {
  subject: 'price' | 'attribute';
  label: string;
  integer: boolean;
  format(n: number): string;
}

function bandSubject(release: Release, kind: Kind | undefined): BandSubject {
  const name = release.parameters.attribute ?? 'price';
  const attribute = kind?.attributes.find((a) => a.name === name);
  if (name === 'price' || attribute?.type !== 'number') {
    const currency = release.parameters.currency;
    return { subject: 'price', label: '', integer: true, format: (n) => formatMoney(n, currency) };
  }
  const unitText = attributeUnit(attribute);
  const unit = unitText ? ` ${unitText}` : '';
  return {
    subject: 'attribute',
    label: attributeLabel(attribute),
    integer: attribute.integer === true,
    format: (n) => `${n.toLocaleString(activeLocale())}${unit}`,
  };
}

/** What the bands are, as a table's first column is headed: "Price band", "CPU speed band". */
const bandNoun = (t: Translate, subject: BandSubject) =>
  t('salesperson.figures.band', { subject: subject.subject, label: subject.label });

const isBandKey = (key: string) => /^(<|≥)?-?\d/.test(key);

/**
 * Band keys in order ("<1", "1", "2", "5", …, "≥1e12") as ranges in words: a band holds its
 * lower bound and not its upper, so whole-number bands end one below the next.
 */
export function bandLabels(
  t: Translate,
  keys: readonly string[],
  subject: Pick<BandSubject, 'integer' | 'format'>,
) {
  const labels = new Map<string, string>();
  const under = (n: number) => t('salesperson.figures.bandUnder', { value: subject.format(n) });
  const andOver = (n: number) => t('salesperson.figures.bandAndOver', { value: subject.format(n) });
  keys.forEach((key, i) => {
    if (key.startsWith('<')) labels.set(key, under(Number(key.slice(1))));
    else if (key.startsWith('≥')) labels.set(key, andOver(Number(key.slice(1))));
    else {
      const lower = Number(key);
      const next = keys[i + 1];
      const upper = next === undefined ? null : Number(next.replace(/^≥/, ''));
      if (upper === null || !Number.isFinite(upper)) labels.set(key, andOver(lower));
      else if (subject.integer && upper - 1 <= lower) labels.set(key, subject.format(lower));
      else if (subject.integer)
        labels.set(
          key,
          t('salesperson.figures.bandWhole', {
            from: subject.format(lower),
            to: subject.format(upper - 1),
          }),
        );
      else
        labels.set(
          key,
          t('salesperson.figures.bandToUnder', { from: subject.format(lower), to: subject.format(upper) }),
        );
    }
  });
  return labels;
}

const unique = <T>(items: T[]) => [...new Set(items)];

/** Conditions of unmet demand the market names itself (src/market/history/stores.ts, UNMET), and the price. */
const CONDITIONS: Record<string, MessageId> = {
  '*kind': 'salesperson.figures.noOffers',
  '*combination': 'salesperson.figures.combination',
  combination: 'salesperson.figures.combination',
  price: 'salesperson.figures.price',
};

/** A condition, or the attribute a measure is about, by its name: the kind's label for an attribute. */
export function conditionLabel(t: Translate, kind: Kind | undefined, name: string) {
  const own = attributeLabelOf(kind, name);
  if (own !== undefined) return own;
  const id = CONDITIONS[name];
  return id ? t(id) : valueLabel(name);
}

/** How one measure's keys read, in words; `name` is the measure's own, in words. */
function keyWords(
  t: Translate,
  release: Release,
  measure: ReleasedMeasure,
  kind: Kind | undefined,
  name: string,
) {
  const attributeLabel = (key: string) => conditionLabel(t, kind, key);
  const keys = measure.cells.map((c) => c.key);
  const banded =
    PRICE_BANDED.has(release.analysis) ||
    keys.some((k) => SIDED.test(k) && isBandKey(k.replace(SIDED, '$2')));
  const subject = bandSubject(release, kind);
  const bands = banded ? bandLabels(t, unique(keys.map((k) => k.replace(SIDED, '$2'))), subject) : null;
  return {
    name,
    banded,
    subject,
    /** A key without its side ("lower:1000" → "1000"), as a row of the table. */
    row: (key: string) => key.replace(SIDED, '$2'),
    side: (key: string) => SIDED.exec(key)?.[1],
    label(cell: ReleasedCell): string {
      const key = cell.key.replace(SIDED, '$2');
      if (bands) return bands.get(key) ?? key;
      if (measure.name === 'failed') return attributeLabel(key);
      if (release.analysis === 'conversion') return wordFor(t, OUTCOMES, key);
      if (release.analysis === 'unmet-demand' && measure.name === 'unmatched') return name;
      if (cell.key !== cell.label) return cell.label;
      // An enum value: its label where the kind gives one.
      const attribute = kind?.attributes.find((a) => a.name === release.parameters.attribute);
      return enumValueLabel(attribute, cell.key) ?? valueLabel(cell.label);
    },
    /** The language of the kind's words for a key (an attribute's label, an enum value's) when not the page's. */
    lang(cell: ReleasedCell): TextLanguage | undefined {
      if (bands) return undefined;
      const texts =
        measure.name === 'failed'
          ? kind?.attributes.find((a) => a.name === cell.key)?.labels
          : valueLabelTexts(
              kind?.attributes.find((a) => a.name === release.parameters.attribute),
              cell.key,
            );
      return texts && shown(texts).lang;
    },
  };
}

export function measureFigure(
  t: Translate,
  release: Release,
  measure: ReleasedMeasure,
  kind: Kind | undefined,
): MeasureFigure {
  const attribute = release.parameters.attribute;
  const label = measureName(t, release.analysis, measure, attribute && conditionLabel(t, kind, attribute));
  const base = {
    name: measure.name,
    label,
    accuracy95: measure.accuracy95,
    threshold: measure.threshold,
    epsilon: measure.epsilon,
    columns: [],
    marks: [],
  };
  const words = keyWords(t, release, measure, kind, label);
  // Over one period, a measure's keys side by side say more than single points in time.
  if (measure.byPeriod && (release.periods.length > 1 || release.analysis === 'conversion'))
    return { ...base, ...periodFigure(t, release, measure, words) };
  if (release.analysis === 'best-sellers') return { ...base, ...bestSellers(t, release, measure, label) };
  return { ...base, ...categoryFigure(t, release, measure, words) };
}

type Words = ReturnType<typeof keyWords>;
type Shape = Omit<
  MeasureFigure,
  'name' | 'label' | 'accuracy95' | 'threshold' | 'epsilon' | 'columns' | 'marks'
> &
  Partial<Pick<MeasureFigure, 'columns' | 'marks'>>;

/** Periods down, one series per key; a key suppressed in every period is left out and named. */
function periodFigure(t: Translate, release: Release, measure: ReleasedMeasure, words: Words): Shape {
  const keys = unique(measure.cells.map((c) => c.key));
  const cell = (period: string, key: string) =>
    measure.cells.find((c) => c.period === period && c.key === key);
  const shown = keys.filter((key) => measure.cells.some((c) => c.key === key && !c.suppressed));
  const hidden = keys.filter((key) => !shown.includes(key));
  const first = (key: string) => measure.cells.find((c) => c.key === key) as ReleasedCell;
  const label = (key: string) => words.label(first(key));
  const notes =
    hidden.length === 0 || shown.length === 0
      ? []
      : words.banded
        ? [
            t('salesperson.figures.note.bandsHidden', {
              count: hidden.length,
              subject: words.subject.subject,
              label: words.subject.label.toLowerCase(),
            }),
          ]
        : [
            t('salesperson.figures.note.keysHidden', {
              keys: hidden.map(label).join(t('salesperson.words.separator')),
            }),
          ];
  const rows = release.periods.map((p) => ({
    x: p.key,
    label: p.key,
    cells: shown.map((key) => cell(p.key, key)),
  }));
  const figure: Shape = {
    layout: 'periods',
    rowHeading: t('salesperson.figures.period'),
    series: shown.map((key) => ({ label: label(key), lang: words.lang(first(key)) })),
    rows,
    notes,
  };
  if (release.analysis === 'sales-volume' && measure.name === 'units')
    return withSalesFigures(t, figure, release);
  if (release.analysis === 'conversion') return withConversion(t, figure, measure, release);
  return figure;
}

/**
 * Sales volume over time: the seller's own units per period over all bands with its share of
 * what the market shows (the market's revenue is a measure of its own, with its own chart).
 */
function withSalesFigures(t: Translate, figure: Shape, release: Release): Shape {
  const market = figure.rows.map((row) => row.cells.reduce((sum, c) => sum + (c?.value ?? 0), 0));
  const units = release.own.units ?? [];
  const own = figure.rows.map((row) =>
    units.filter((u) => u.period === row.x).reduce((sum, u) => sum + u.value, 0),
  );
  return {
    ...figure,
    own: {
      label: t('salesperson.figures.ownUnitsAllBands'),
      column: t('salesperson.figures.yoursExact'),
      values: own,
    },
    columns: [
      {
        label: t('salesperson.figures.yourShare'),
        values: own.map((mine, i) => shareOf(mine, market[i] ?? 0)),
      },
    ],
  };
}

const shareOf = (mine: number, market: number) =>
  market > 0 ? formatShare(Math.min(1, mine / market)) : '—';
/** Conversion: the share of requests that ended in a purchase, where every outcome of the period is shown. */
function withConversion(t: Translate, figure: Shape, measure: ReleasedMeasure, release: Release): Shape {
  const values = release.periods.map((p) => {
    const cells = measure.cells.filter((c) => c.period === p.key);
    if (cells.length === 0 || cells.some((c) => c.value === null)) return '—';
    const total = cells.reduce((sum, c) => sum + (c.value ?? 0), 0);
    const purchased = cells.find((c) => c.key === 'purchased')?.value ?? 0;
    return total > 0 ? formatShare(purchased / total) : '—';
  });
  return { ...figure, columns: [{ label: t('salesperson.figures.conversionShare'), values }] };
}

/** Keys down (bands, values, conditions), a series per side for the values requests asked for. */
function categoryFigure(t: Translate, release: Release, measure: ReleasedMeasure, words: Words): Shape {
  const sides = unique(measure.cells.map((c) => words.side(c.key))).filter((s) => s !== undefined);
  const keys = unique(measure.cells.map((c) => words.row(c.key)));
  const series = sides.length
    ? sides.map((side) => ({ label: wordFor(t, SIDES, side) }))
    : [{ label: words.name }];
  const cellOf = (key: string, side: string | undefined) =>
    measure.cells.find((c) => c.key === (side ? `${side}:${key}` : key));
  let rows: FigureRow[] = keys.map((key) => {
    const cells = sides.length ? sides.map((side) => cellOf(key, side)) : [cellOf(key, undefined)];
    const first = cells.find(Boolean) as ReleasedCell;
    return { x: key, label: words.label(first), lang: words.lang(first), cells };
  });
  const notes: string[] = [];
  if (words.banded) {
    // Bands at either end where nothing can be told from noise say nothing: they are named, not drawn.
    const told = (row: FigureRow) => row.cells.some((c) => c && !c.suppressed);
    const first = rows.findIndex(told);
    const last = rows.findLastIndex(told);
    if (first > 0 || (last >= 0 && last < rows.length - 1)) {
      const format = words.subject.format;
      const bound = (key: string | undefined) => Number(key?.replace(/^[<≥]/, ''));
      const low = first > 0;
      const high = last < rows.length - 1;
      notes.push(
        t('salesperson.figures.note.bandsTrimmed', {
          subject: words.subject.subject,
          label: words.subject.label,
          ends: low && high ? 'both' : low ? 'under' : 'from',
          under: low ? format(bound(rows[first]?.x)) : '',
          from: high ? format(bound(rows[last + 1]?.x)) : '',
        }),
      );
      rows = rows.slice(first, last + 1);
    }
  }
  const marks =
    release.analysis === 'price-distribution'
      ? (release.own.offers ?? []).map((o) => ({
          x: o.band,
          label: t('salesperson.figures.yourOffer', { name: o.name }),
        }))
      : [];
  const rowHeading = words.banded
    ? bandNoun(t, words.subject)
    : measure.name === 'failed'
      ? t('salesperson.figures.condition')
      : t('salesperson.figures.value');
  const figure: Shape = { layout: 'categories', rowHeading, series, rows, notes, marks };
  return release.analysis === 'sales-volume' && measure.name === 'units'
    ? withBandSales(t, figure, release)
    : figure;
}

/** Sales volume over one period, band by band: the seller's own units and share. */
function withBandSales(t: Translate, figure: Shape, release: Release): Shape {
  const units = release.own.units ?? [];
  const own = figure.rows.map((row) =>
    units.filter((u) => u.key === row.x).reduce((sum, u) => sum + u.value, 0),
  );
  const market = figure.rows.map((row) => row.cells[0]?.value ?? 0);
  return {
    ...figure,
    own: {
      label: t('salesperson.figures.ownUnits'),
      column: t('salesperson.figures.yoursExact'),
      values: own,
    },
    columns: [
      {
        label: t('salesperson.figures.yourShare'),
        values: own.map((mine, i) => shareOf(mine, market[i] ?? 0)),
      },
    ],
  };
}

/**
 * Best sellers: the commodities that can be told from noise, most sold first, with the relative
 * demand the release worked out. Those not listed (too few sold, or beyond the listed top) are counted.
 */
function bestSellers(t: Translate, release: Release, measure: ReleasedMeasure, name: string): Shape {
  const shown = measure.cells.filter((c) => !c.suppressed).sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const { suppressed, beyondTop } = measure.unlisted ?? {
    suppressed: measure.cells.length - shown.length,
    beyondTop: 0,
  };
  const demand = new Map(
    (release.derived.find((d) => d.name === 'demand')?.rows ?? []).map((r) => [r.key, String(r.value)]),
  );
  const mine = new Set(release.own.commodityIds ?? []);
  return {
    layout: 'categories',
    rowHeading: t('salesperson.figures.commodity'),
    series: [{ label: name }],
    rows: shown.map((c) => ({
      x: c.key,
      label: mine.has(c.key) ? t('salesperson.figures.yours', { label: c.label }) : c.label,
      cells: [c],
      yours: mine.has(c.key),
    })),
    columns: [
      {
        label: t('salesperson.figures.relativeDemand'),
        values: shown.map((c) => {
          const bucket = demand.get(c.key);
          return bucket === undefined ? '' : demandWord(t, bucket);
        }),
      },
    ],
    notes: [
      ...(suppressed ? [t('salesperson.figures.note.notNamed', { count: suppressed })] : []),
      ...(beyondTop ? [t('salesperson.figures.note.notListed', { count: beyondTop })] : []),
    ],
  };
}

/** Whether anything of the figure can be told from noise. */
export const tellsAnything = (figure: MeasureFigure) =>
  figure.rows.some((row) => row.cells.some((c) => c && !c.suppressed));
