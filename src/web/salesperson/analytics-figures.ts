import { formatMoney } from '../app/money.ts';
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
}

export interface FigureRow {
  /** What the row is: a period key, or a key of the measure. */
  x: string;
  label: string;
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

const OUTCOMES: Record<string, string> = {
  matched: 'Matched offers',
  unmatched: 'Found nothing',
  purchased: 'Ended in a purchase',
};
const SIDES: Record<string, string> = {
  lower: 'Lowest value asked',
  upper: 'Highest value asked',
  exact: 'Exact value asked',
};
const SIDED = /^(lower|upper|exact):(.*)$/;
const PRICE_BANDED = new Set(['sales-volume', 'price-distribution']);

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
export const formatShare = (share: number | null) => (share === null ? '—' : percent.format(share));

/** A number the bands of a measure count: money for prices, the attribute's unit otherwise. */
interface BandSubject {
  noun: string;
  integer: boolean;
  format(n: number): string;
}

function bandSubject(release: Release, kind: Kind | undefined): BandSubject {
  const name = release.parameters.attribute ?? 'price';
  const attribute = kind?.attributes.find((a) => a.name === name);
  if (name === 'price' || attribute?.type !== 'number') {
    const currency = release.parameters.currency;
    return { noun: 'Price band', integer: true, format: (n) => formatMoney(n, currency) };
  }
  const unit = attribute.unit ? ` ${attribute.unit}` : '';
  return {
    noun: `${attribute.label} band`,
    integer: attribute.integer === true,
    format: (n) => `${n.toLocaleString()}${unit}`,
  };
}

const isBandKey = (key: string) => /^(<|≥)?-?\d/.test(key);

/**
 * Band keys in order ("<1", "1", "2", "5", …, "≥1e12") as ranges in words: a band holds its
 * lower bound and not its upper, so whole-number bands end one below the next.
 */
export function bandLabels(keys: readonly string[], subject: Pick<BandSubject, 'integer' | 'format'>) {
  const labels = new Map<string, string>();
  keys.forEach((key, i) => {
    if (key.startsWith('<')) labels.set(key, `under ${subject.format(Number(key.slice(1)))}`);
    else if (key.startsWith('≥')) labels.set(key, `${subject.format(Number(key.slice(1)))} and over`);
    else {
      const lower = Number(key);
      const next = keys[i + 1];
      const upper = next === undefined ? null : Number(next.replace(/^≥/, ''));
      if (upper === null || !Number.isFinite(upper)) labels.set(key, `${subject.format(lower)} and over`);
      else if (subject.integer && upper - 1 <= lower) labels.set(key, subject.format(lower));
      else if (subject.integer) labels.set(key, `${subject.format(lower)}–${subject.format(upper - 1)}`);
      else labels.set(key, `${subject.format(lower)} to under ${subject.format(upper)}`);
    }
  });
  return labels;
}

const unique = <T>(items: T[]) => [...new Set(items)];

/** How one measure's keys read, in words. */
function keyWords(release: Release, measure: ReleasedMeasure, kind: Kind | undefined) {
  const attributeLabel = (name: string) =>
    name === 'price'
      ? 'Price'
      : name === 'combination'
        ? 'Their combination'
        : (kind?.attributes.find((a) => a.name === name)?.label ?? valueLabel(name));
  const keys = measure.cells.map((c) => c.key);
  const banded =
    PRICE_BANDED.has(release.analysis) ||
    keys.some((k) => SIDED.test(k) && isBandKey(k.replace(SIDED, '$2')));
  const subject = bandSubject(release, kind);
  const bands = banded ? bandLabels(unique(keys.map((k) => k.replace(SIDED, '$2'))), subject) : null;
  return {
    banded,
    subject,
    /** A key without its side ("lower:1000" → "1000"), as a row of the table. */
    row: (key: string) => key.replace(SIDED, '$2'),
    side: (key: string) => SIDED.exec(key)?.[1],
    label(cell: ReleasedCell): string {
      const key = cell.key.replace(SIDED, '$2');
      if (bands) return bands.get(key) ?? key;
      if (measure.name === 'failed') return attributeLabel(key);
      if (release.analysis === 'conversion') return OUTCOMES[key] ?? key;
      if (release.analysis === 'unmet-demand' && measure.name === 'unmatched') return measure.label;
      return cell.key === cell.label ? valueLabel(cell.label) : cell.label;
    },
  };
}

export function measureFigure(
  release: Release,
  measure: ReleasedMeasure,
  kind: Kind | undefined,
): MeasureFigure {
  const base = {
    name: measure.name,
    label: measure.label,
    accuracy95: measure.accuracy95,
    threshold: measure.threshold,
    epsilon: measure.epsilon,
    columns: [],
    marks: [],
  };
  const words = keyWords(release, measure, kind);
  // Over one period, a measure's keys side by side say more than single points in time.
  if (measure.byPeriod && (release.periods.length > 1 || release.analysis === 'conversion'))
    return { ...base, ...periodFigure(release, measure, words) };
  if (release.analysis === 'best-sellers') return { ...base, ...bestSellers(release, measure) };
  return { ...base, ...categoryFigure(release, measure, words) };
}

type Words = ReturnType<typeof keyWords>;
type Shape = Omit<
  MeasureFigure,
  'name' | 'label' | 'accuracy95' | 'threshold' | 'epsilon' | 'columns' | 'marks'
> &
  Partial<Pick<MeasureFigure, 'columns' | 'marks'>>;

/** Periods down, one series per key; a key suppressed in every period is left out and named. */
function periodFigure(release: Release, measure: ReleasedMeasure, words: Words): Shape {
  const keys = unique(measure.cells.map((c) => c.key));
  const cell = (period: string, key: string) =>
    measure.cells.find((c) => c.period === period && c.key === key);
  const shown = keys.filter((key) => measure.cells.some((c) => c.key === key && !c.suppressed));
  const hidden = keys.filter((key) => !shown.includes(key));
  const label = (key: string) => words.label(measure.cells.find((c) => c.key === key) as ReleasedCell);
  const notes =
    hidden.length === 0 || shown.length === 0
      ? []
      : words.banded
        ? [
            `${hidden.length} ${words.subject.noun.toLowerCase()}${hidden.length === 1 ? ' is' : 's are'} suppressed in every period, so left out: too few to tell from noise.`,
          ]
        : [`Suppressed in every period, so left out: ${hidden.map(label).join(', ')}.`];
  const rows = release.periods.map((p) => ({
    x: p.key,
    label: p.key,
    cells: shown.map((key) => cell(p.key, key)),
  }));
  const figure: Shape = {
    layout: 'periods',
    rowHeading: 'Period',
    series: shown.map((key) => ({ label: label(key) })),
    rows,
    notes,
  };
  if (release.analysis === 'sales-volume' && measure.name === 'units')
    return withSalesFigures(figure, release);
  if (release.analysis === 'conversion') return withConversion(figure, measure, release);
  return figure;
}

/**
 * Sales volume over time: the seller's own units per period over all bands with its share of
 * what the market shows (the market's revenue is a measure of its own, with its own chart).
 */
function withSalesFigures(figure: Shape, release: Release): Shape {
  const market = figure.rows.map((row) => row.cells.reduce((sum, c) => sum + (c?.value ?? 0), 0));
  const units = release.own.units ?? [];
  const own = figure.rows.map((row) =>
    units.filter((u) => u.period === row.x).reduce((sum, u) => sum + u.value, 0),
  );
  return {
    ...figure,
    own: { label: 'Your units, all price bands (exact)', column: 'Yours (exact)', values: own },
    columns: [{ label: 'Your share (approx.)', values: own.map((mine, i) => shareOf(mine, market[i] ?? 0)) }],
  };
}

const shareOf = (mine: number, market: number) =>
  market > 0 ? formatShare(Math.min(1, mine / market)) : '—';
/** Conversion: the share of requests that ended in a purchase, where every outcome of the period is shown. */
function withConversion(figure: Shape, measure: ReleasedMeasure, release: Release): Shape {
  const values = release.periods.map((p) => {
    const cells = measure.cells.filter((c) => c.period === p.key);
    if (cells.length === 0 || cells.some((c) => c.value === null)) return '—';
    const total = cells.reduce((sum, c) => sum + (c.value ?? 0), 0);
    const purchased = cells.find((c) => c.key === 'purchased')?.value ?? 0;
    return total > 0 ? formatShare(purchased / total) : '—';
  });
  return { ...figure, columns: [{ label: 'Share ending in a purchase', values }] };
}

/** Keys down (bands, values, conditions), a series per side for the values requests asked for. */
function categoryFigure(release: Release, measure: ReleasedMeasure, words: Words): Shape {
  const sides = unique(measure.cells.map((c) => words.side(c.key))).filter((s) => s !== undefined);
  const keys = unique(measure.cells.map((c) => words.row(c.key)));
  const series = sides.length
    ? sides.map((side) => ({ label: SIDES[side] ?? side }))
    : [{ label: measure.label }];
  const cellOf = (key: string, side: string | undefined) =>
    measure.cells.find((c) => c.key === (side ? `${side}:${key}` : key));
  let rows: FigureRow[] = keys.map((key) => {
    const cells = sides.length ? sides.map((side) => cellOf(key, side)) : [cellOf(key, undefined)];
    const first = cells.find(Boolean) as ReleasedCell;
    return { x: key, label: words.label(first), cells };
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
      const ends = [
        first > 0 && `under ${format(bound(rows[first]?.x))}`,
        last < rows.length - 1 && `from ${format(bound(rows[last + 1]?.x))} up`,
      ].filter(Boolean);
      notes.push(
        `${words.subject.noun}s ${ends.join(' and ')} are left out: every cell there is suppressed.`,
      );
      rows = rows.slice(first, last + 1);
    }
  }
  const marks =
    release.analysis === 'price-distribution'
      ? (release.own.offers ?? []).map((o) => ({ x: o.band, label: `Your offer: ${o.name}` }))
      : [];
  const rowHeading = words.banded ? words.subject.noun : measure.name === 'failed' ? 'Condition' : 'Value';
  const figure: Shape = { layout: 'categories', rowHeading, series, rows, notes, marks };
  return release.analysis === 'sales-volume' && measure.name === 'units'
    ? withBandSales(figure, release)
    : figure;
}

/** Sales volume over one period, band by band: the seller's own units and share. */
function withBandSales(figure: Shape, release: Release): Shape {
  const units = release.own.units ?? [];
  const own = figure.rows.map((row) =>
    units.filter((u) => u.key === row.x).reduce((sum, u) => sum + u.value, 0),
  );
  const market = figure.rows.map((row) => row.cells[0]?.value ?? 0);
  return {
    ...figure,
    own: { label: 'Your units (exact)', column: 'Yours (exact)', values: own },
    columns: [{ label: 'Your share (approx.)', values: own.map((mine, i) => shareOf(mine, market[i] ?? 0)) }],
  };
}

/**
 * Best sellers: the commodities that can be told from noise, most sold first, with the relative
 * demand the release worked out. Those not listed (too few sold, or beyond the listed top) are counted.
 */
function bestSellers(release: Release, measure: ReleasedMeasure): Shape {
  const shown = measure.cells.filter((c) => !c.suppressed).sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const { suppressed, beyondTop } = measure.unlisted ?? {
    suppressed: measure.cells.length - shown.length,
    beyondTop: 0,
  };
  const demand = new Map(
    (release.derived.find((d) => d.name === 'demand')?.rows ?? []).map((r) => [r.key, String(r.value)]),
  );
  const mine = new Set(release.own.commodityIds ?? []);
  const commodities = (n: number) => (n === 1 ? '1 commodity' : `${n.toLocaleString()} commodities`);
  return {
    layout: 'categories',
    rowHeading: 'Commodity',
    series: [{ label: measure.label }],
    rows: shown.map((c) => ({
      x: c.key,
      label: mine.has(c.key) ? `${c.label} (yours)` : c.label,
      cells: [c],
      yours: mine.has(c.key),
    })),
    columns: [{ label: 'Relative demand', values: shown.map((c) => capitalised(demand.get(c.key) ?? '')) }],
    notes: [
      ...(suppressed ? [`${commodities(suppressed)} sold too few to tell from noise: not named.`] : []),
      ...(beyondTop ? [`${commodities(beyondTop)} sold less than the last one listed: not listed.`] : []),
    ],
  };
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Whether anything of the figure can be told from noise. */
export const tellsAnything = (figure: MeasureFigure) =>
  figure.rows.some((row) => row.cells.some((c) => c && !c.suppressed));
