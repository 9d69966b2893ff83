import { useId, useState } from 'react';
import {
  Bar,
  type BarShapeProps,
  CartesianGrid,
  ComposedChart,
  ErrorBar,
  Line,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Button } from '../app/ui.tsx';
import { activeLocale, useT } from '../i18n/i18n.tsx';
import type { MeasureFigure } from './analytics-figures.ts';

/**
 * One measure of a release as a chart: lines over the periods, or bars over the measure's keys,
 * each value with its error bar (± the 95 % accuracy). A suppressed cell is never drawn as a
 * value: a bar is a hatched outline up to the suppression threshold, a point over time a hollow
 * marker in the hatched zone under it, both named in the legend. The chart is a picture of the
 * table beside it, which says the same to screen readers.
 */

// Okabe–Ito colours, told apart with colour blindness, and dash patterns besides.
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#9a6a00', '#3c8fc1', '#6b4c9a', '#222222'];
const DASHES = ['', '6 3', '2 3', '10 3 2 3'];
const OWN = '#1c2321';
/** Lines over time beyond this many tangle: the chart draws the largest, the table has them all. */
const MOST_LINES = 6;
const colour = (i: number) => COLOURS[i % COLOURS.length] as string;
const dash = (i: number) => DASHES[i % DASHES.length] as string;

type Datum = Record<string, string | number | null>;

/** The series the chart draws: all of them, or the few with the largest figures, in their own order. */
function drawnSeries(figure: MeasureFigure, every: boolean): number[] {
  const all = figure.series.map((_, i) => i);
  if (every || figure.layout !== 'periods' || all.length <= MOST_LINES) return all;
  const total = (i: number) => figure.rows.reduce((sum, row) => sum + (row.cells[i]?.value ?? 0), 0);
  return [...all]
    .sort((a, b) => total(b) - total(a))
    .slice(0, MOST_LINES)
    .sort((a, b) => a - b);
}

/** The chart's rows: per series `v` the value, `e` its error, `s` the suppressed marker's height. */
function chartData(figure: MeasureFigure): Datum[] {
  return figure.rows.map((row, r) => {
    const datum: Datum = { x: row.label };
    row.cells.forEach((cell, i) => {
      const shown = cell && !cell.suppressed ? cell.value : null;
      datum[`v${i}`] = shown;
      datum[`e${i}`] = shown === null ? null : figure.accuracy95;
      datum[`s${i}`] = cell?.suppressed ? figure.threshold : null;
    });
    if (figure.own) datum.own = figure.own.values[r] ?? null;
    return datum;
  });
}

/** A figure as the language shown writes it. */
const figureText = (n: number) => n.toLocaleString(activeLocale());

const shortTick = (label: string) => (label.length > 16 ? `${label.slice(0, 15)}…` : label);

export function MeasureChart(props: { figure: MeasureFigure; tableId: string }) {
  const { figure } = props;
  const t = useT();
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const hatch = `${id}-hatch`;
  const data = chartData(figure);
  const [everyLine, setEveryLine] = useState(false);
  const drawn = drawnSeries(figure, everyLine);
  const some = drawn.length < figure.series.length;
  // Colours follow what is drawn, so the lines shown are told apart first.
  const shown = drawn.map((i, k) => ({
    i,
    label: figure.series[i]?.label ?? '',
    colour: colour(k),
    dash: dash(k),
  }));
  const many = figure.rows.length > 8;
  const bars = figure.layout === 'categories';
  const anySuppressed = figure.rows.some((row) => drawn.some((i) => row.cells[i]?.suppressed));
  const marked = new Map<string, string[]>();
  for (const mark of figure.marks) {
    const label = figure.rows.find((r) => r.x === mark.x)?.label;
    if (label) marked.set(label, [...(marked.get(label) ?? []), mark.label]);
  }

  return (
    <figure className="measure-chart">
      <div
        className="chart-box"
        role="img"
        aria-label={t('salesperson.chart.label', { label: figure.label })}
        aria-describedby={props.tableId}
      >
        <ResponsiveContainer width="100%" height={many ? 320 : 280}>
          <ComposedChart
            data={data}
            margin={{ top: 16, right: 12, bottom: 4, left: 0 }}
            accessibilityLayer={false}
            barCategoryGap={figure.series.length > 1 ? '18%' : '28%'}
          >
            <defs>
              <pattern
                id={hatch}
                width="6"
                height="6"
                patternUnits="userSpaceOnUse"
                patternTransform="rotate(45)"
              >
                <rect width="6" height="6" fill="#ffffff" />
                <line x1="0" y1="0" x2="0" y2="6" stroke="#56605c" strokeWidth="2" />
              </pattern>
            </defs>
            <CartesianGrid stroke="#e3e7e5" vertical={false} />
            <XAxis
              dataKey="x"
              tickFormatter={shortTick}
              interval="preserveStartEnd"
              angle={many ? -35 : 0}
              textAnchor={many ? 'end' : 'middle'}
              height={many ? 72 : 30}
              tick={{ fontSize: 12, fill: '#56605c' }}
            />
            <YAxis allowDecimals={false} width={48} tick={{ fontSize: 12, fill: '#56605c' }} />
            {!bars && anySuppressed && (
              <ReferenceArea
                y1={0}
                y2={figure.threshold}
                fill={`url(#${hatch})`}
                fillOpacity={0.45}
                ifOverflow="extendDomain"
              />
            )}
            {shown.map(({ i, label, colour, dash }) =>
              bars ? (
                <Bar
                  key={label}
                  dataKey={(d: Datum) => d[`v${i}`] ?? d[`s${i}`]}
                  name={label}
                  fill={colour}
                  isAnimationActive={false}
                  shape={(shape: BarShapeProps) => (
                    <CellBar
                      {...shape}
                      suppressed={data[shape.index]?.[`s${i}`] != null}
                      hatch={hatch}
                      colour={colour}
                    />
                  )}
                >
                  <ErrorBar dataKey={`e${i}`} width={4} stroke="#1c2321" strokeWidth={1.5} />
                </Bar>
              ) : (
                <Line
                  key={label}
                  dataKey={`v${i}`}
                  name={label}
                  stroke={colour}
                  strokeDasharray={dash}
                  strokeWidth={2}
                  dot={{ r: 3, fill: colour, strokeWidth: 0 }}
                  connectNulls={false}
                  isAnimationActive={false}
                >
                  <ErrorBar dataKey={`e${i}`} width={4} stroke={colour} strokeWidth={1.5} />
                </Line>
              ),
            )}
            {!bars &&
              shown.map(({ i, label, colour }) => (
                <Line
                  key={`${label}-suppressed`}
                  dataKey={(d: Datum) => (d[`s${i}`] === null ? null : figure.threshold / 2)}
                  name={t('salesperson.chart.seriesSuppressed', { label })}
                  stroke="none"
                  dot={{ r: 4, fill: '#ffffff', stroke: colour, strokeWidth: 2, strokeDasharray: '2 1' }}
                  activeDot={false}
                  isAnimationActive={false}
                  legendType="none"
                  tooltipType="none"
                />
              ))}
            {figure.own && bars && (
              <Bar dataKey="own" name={figure.own.label} fill={OWN} isAnimationActive={false} />
            )}
            {figure.own && !bars && (
              <Line
                dataKey="own"
                name={figure.own.label}
                stroke={OWN}
                strokeWidth={2.5}
                strokeDasharray="1 3"
                strokeLinecap="round"
                dot={{ r: 3.5, fill: OWN, strokeWidth: 0 }}
                isAnimationActive={false}
              />
            )}
            {[...marked].map(([x, labels]) => (
              <ReferenceLine
                key={x}
                x={x}
                stroke={OWN}
                strokeWidth={2}
                strokeDasharray="4 2"
                label={{
                  value:
                    labels.length > 1
                      ? t('salesperson.chart.yourOffers', { count: labels.length })
                      : t('salesperson.chart.yourOffer'),
                  position: 'top',
                  fontSize: 12,
                  fill: OWN,
                }}
              />
            ))}
            <Tooltip
              content={(tip) => (
                <ChartTooltip active={tip.active} label={tip.label} figure={figure} drawn={drawn} />
              )}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        <ul className="chart-legend">
          {shown.map(({ label, colour, dash }) => (
            <li key={label}>
              <svg className="legend-key" width="28" height="12" aria-hidden="true">
                {bars ? (
                  <rect x="4" y="1" width="20" height="10" fill={colour} />
                ) : (
                  <line
                    x1="0"
                    y1="6"
                    x2="28"
                    y2="6"
                    stroke={colour}
                    strokeWidth="2.5"
                    strokeDasharray={dash}
                  />
                )}
              </svg>
              {label}
            </li>
          ))}
          {figure.own && (
            <li>
              <svg className="legend-key" width="28" height="12" aria-hidden="true">
                {bars ? (
                  <rect x="4" y="1" width="20" height="10" fill={OWN} />
                ) : (
                  <line
                    x1="0"
                    y1="6"
                    x2="28"
                    y2="6"
                    stroke={OWN}
                    strokeWidth="2.5"
                    strokeDasharray="1 3"
                    strokeLinecap="round"
                  />
                )}
              </svg>
              {figure.own.label}
            </li>
          )}
          {anySuppressed && (
            <li>
              <svg className="legend-key" width="28" height="12" aria-hidden="true">
                <rect
                  x="4"
                  y="1"
                  width="20"
                  height="10"
                  fill={`url(#${hatch})`}
                  stroke="#56605c"
                  strokeDasharray="3 2"
                />
              </svg>
              {t('salesperson.chart.legendSuppressed', { threshold: figure.threshold })}
            </li>
          )}
          <li>
            <svg className="legend-key" width="28" height="12" aria-hidden="true">
              <path d="M10 1h8M14 1v10M10 11h8" stroke="#1c2321" strokeWidth="1.5" fill="none" />
            </svg>
            {t('salesperson.chart.legendAccuracy', { accuracy: figure.accuracy95 })}
          </li>
        </ul>
        {(some || everyLine) && (
          <p className="hint">
            {some
              ? t('salesperson.chart.someLines', { drawn: drawn.length, total: figure.series.length })
              : t('salesperson.chart.allLines', { total: figure.series.length })}{' '}
            <Button variant="link" onClick={() => setEveryLine(!everyLine)}>
              {some
                ? t('salesperson.chart.drawAll', { total: figure.series.length })
                : t('salesperson.chart.drawLargest', { count: MOST_LINES })}
            </Button>
          </p>
        )}
      </figcaption>
    </figure>
  );
}

/** A bar: filled for a value, a hatched dashed outline for a suppressed cell. */
function CellBar(props: BarShapeProps & { suppressed: boolean; hatch: string; colour: string }) {
  const { x, y, width, height } = props;
  if (!width || !height) return <g />;
  return props.suppressed ? (
    <rect
      x={x + 1}
      y={y + 1}
      width={Math.max(0, width - 2)}
      height={Math.max(0, height - 2)}
      fill={`url(#${props.hatch})`}
      stroke={props.colour}
      strokeWidth={1.5}
      strokeDasharray="4 2"
    />
  ) : (
    <rect x={x} y={y} width={width} height={height} fill={props.colour} />
  );
}

function ChartTooltip(props: {
  active?: boolean;
  label?: string | number;
  figure: MeasureFigure;
  drawn: number[];
}) {
  const { figure, active, label } = props;
  const t = useT();
  if (!active) return null;
  const row = figure.rows.find((r) => r.label === label);
  if (!row) return null;
  const index = figure.rows.indexOf(row);
  const ownValue = figure.own?.values[index];
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{row.label}</p>
      <ul>
        {props.drawn.map((i) => {
          const cell = row.cells[i];
          const value =
            cell === undefined
              ? '—'
              : cell.suppressed
                ? t('salesperson.chart.suppressed')
                : t('salesperson.chart.valueWithin', {
                    value: cell.value === null ? '' : figureText(cell.value),
                    accuracy: figureText(figure.accuracy95),
                  });
          return (
            <li key={figure.series[i]?.label ?? i}>
              {figure.series.length > 1
                ? t('salesperson.chart.seriesValue', { label: figure.series[i]?.label ?? '', value })
                : value}
            </li>
          );
        })}
        {figure.own && (
          <li>
            {t('salesperson.chart.seriesValue', {
              label: figure.own.label,
              value: ownValue == null ? '—' : figureText(ownValue),
            })}
          </li>
        )}
      </ul>
    </div>
  );
}
