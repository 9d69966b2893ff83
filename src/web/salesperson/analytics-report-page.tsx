import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearch } from 'wouter';
import { ApiError, api } from '../app/api.ts';
import { saveBlob } from '../app/download.ts';
import { formatMoney } from '../app/money.ts';
import { Button, Empty, Loading, Notice, Page, ProblemNotice, TableScroll } from '../app/ui.tsx';
import {
  type AnalyticsReport,
  fetchReportCsv,
  getReport,
  type OwnFigures,
  type Release,
  reportQuery,
} from './analytics-api.ts';
import {
  bandLabels,
  formatShare,
  type MeasureFigure,
  measureFigure,
  tellsAnything,
} from './analytics-figures.ts';
import { describeParameters, EpsilonText, formatDay } from './analytics-words.tsx';
import { MeasureChart } from './measure-chart.tsx';
import { localTime } from './order-state.tsx';
import { SELL_QUERY, useSeller } from './seller-session.tsx';
import type { Kind } from './types.ts';

const STATES: Record<AnalyticsReport['state'], string> = {
  quoted: 'Quoted, not bought',
  holding: 'Being paid for',
  held: 'Being paid for',
  computed: 'Being paid for',
  released: 'Bought',
  declined: 'Not bought: the payment was declined',
  voided: 'Not bought: nothing was charged',
};

/**
 * A bought report: what it is about, then each measure as a chart with its table beside it,
 * the seller's own exact figures where the analysis has them, and the CSV to download. Loaded
 * on its own (with the charting library) when a report is first opened.
 */
export default function AnalyticsReportPage() {
  const { reportId = '' } = useParams<{ reportId: string }>();
  const bought = new URLSearchParams(useSearch()).get('bought') === '1';
  const { key } = useSeller();
  const report = useQuery({
    queryKey: reportQuery(reportId),
    queryFn: ({ signal }) => getReport(key, reportId, signal),
  });
  const release = report.data?.release ?? null;
  const kindId = release?.parameters.kind ?? (report.data?.parameters.kind as string | undefined);
  // The kind names the attributes and their units in the labels; the report reads without it.
  const kind = useQuery({
    queryKey: [SELL_QUERY, 'kinds', kindId],
    queryFn: () => api<Kind>('GET', `/kinds/${encodeURIComponent(kindId ?? '')}`),
    enabled: kindId !== undefined,
  });

  const notFound = report.error instanceof ApiError && report.error.status === 404;
  return (
    <Page
      title={report.data?.title ?? 'Report'}
      intro={report.data && describeParameters(report.data.parameters, kind.data ? [kind.data] : undefined)}
      actions={release && report.data && <CsvDownload report={report.data} />}
    >
      {bought && release && (
        <Notice tone="success" title="Bought">
          <p>The report is yours: open it here again, or download it as CSV, at no further cost.</p>
        </Notice>
      )}
      {notFound ? (
        <Notice tone="warning" title="No such report of yours">
          <p>
            <Link href="/analytics">See the reports you bought</Link>.
          </p>
        </Notice>
      ) : (
        <ProblemNotice error={report.error} title="The report could not be loaded" />
      )}
      {report.isPending && <Loading label="Loading the report" rows={4} />}
      {report.data && <ReportFacts report={report.data} release={release} />}
      {report.data && !release && (
        <Notice tone="info" title={STATES[report.data.state]}>
          <p>
            A report shows here once it is bought.{' '}
            <Link href={`/analytics/${report.data.analysis}`}>Ask for a quote</Link>.
          </p>
        </Notice>
      )}
      {release?.measures.map((measure) => (
        <MeasureSection key={measure.name} figure={measureFigure(release, measure, kind.data)} />
      ))}
      {release && <OwnSection release={release} kind={kind.data} />}
      <p>
        <Link href="/analytics">All analyses and your reports</Link>
      </p>
    </Page>
  );
}

function ReportFacts(props: { report: AnalyticsReport; release: Release | null }) {
  const { report, release } = props;
  const periods = release?.periods ?? [];
  const first = periods[0];
  const last = periods[periods.length - 1];
  return (
    <dl className="panel report-facts">
      <div>
        <dt>Paid</dt>
        <dd>{formatMoney(report.price, report.currency)}</dd>
      </div>
      <div>
        <dt>Privacy budget spent</dt>
        <dd>
          {Number(report.epsilon) === 0 ? (
            'None: this report existed already'
          ) : (
            <EpsilonText epsilon={report.epsilon} />
          )}
        </dd>
      </div>
      {first && last && (
        <div>
          <dt>Covers</dt>
          <dd>
            {periods.length === 1 ? first.key : `${periods.length} periods, ${first.key} to ${last.key}`} (
            {formatDay(first.from)} – {formatDay(last.to)})
          </dd>
        </div>
      )}
      <div>
        <dt>Asked for</dt>
        <dd>
          <time dateTime={report.createdAt}>{localTime(report.createdAt)}</time>
        </dd>
      </div>
    </dl>
  );
}

function CsvDownload(props: { report: AnalyticsReport }) {
  const { key } = useSeller();
  const [said, setSaid] = useState('');
  const download = useMutation({
    mutationFn: () => fetchReportCsv(key, props.report),
    onSuccess: ({ blob, filename }) => {
      saveBlob(blob, filename);
      setSaid(`Saved as ${filename}.`);
    },
  });
  return (
    <div className="csv-download">
      <Button variant="primary" busy={download.isPending} onClick={() => download.mutate()}>
        Download CSV
      </Button>
      <p className="hint" role="status">
        {said}
      </p>
      <ProblemNotice error={download.error} title="The CSV could not be downloaded" />
    </div>
  );
}

function MeasureSection(props: { figure: MeasureFigure }) {
  const { figure } = props;
  const headingId = `measure-${figure.name}`;
  const tableId = `${headingId}-table`;
  return (
    <section className="panel measure" aria-labelledby={headingId}>
      <h2 id={headingId}>{figure.label}</h2>
      <p className="muted measure-terms">
        Each value is within ± {figure.accuracy95.toLocaleString()} of the truth, with 95 % confidence. Values
        under {figure.threshold.toLocaleString()} are suppressed. <EpsilonText epsilon={figure.epsilon} />{' '}
        spent on this table.
      </p>
      {tellsAnything(figure) ? (
        <div className={`measure-body${columnsOf(figure) > 2 ? ' stacked' : ''}`}>
          <MeasureChart figure={figure} tableId={tableId} />
          <MeasureTable figure={figure} id={tableId} />
        </div>
      ) : (
        <Empty title="Every figure here is suppressed">
          <p>
            Too few purchases or requests to tell from the noise. A longer range or coarser periods gather
            more.
          </p>
        </Empty>
      )}
      {figure.notes.map((note) => (
        <p key={note} className="hint">
          {note}
        </p>
      ))}
    </section>
  );
}

/** The table's columns of figures: a wide table goes under its chart, not beside it. */
const columnsOf = (figure: MeasureFigure) =>
  figure.series.length + (figure.own ? 1 : 0) + figure.columns.length;

function MeasureTable(props: { figure: MeasureFigure; id: string }) {
  const { figure } = props;
  return (
    <TableScroll className="measure-table" label={`${figure.label}, table`}>
      <table id={props.id}>
        <caption>
          {figure.label}: each value ± {figure.accuracy95.toLocaleString()} at 95 % confidence
        </caption>
        <thead>
          <tr>
            <th scope="col">{figure.rowHeading}</th>
            {figure.series.map((s) => (
              <th key={s.label} scope="col" className="number">
                {s.label}
              </th>
            ))}
            {figure.own && (
              <th scope="col" className="number">
                {figure.own.column}
              </th>
            )}
            {figure.columns.map((c) => (
              <th key={c.label} scope="col" className="number">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {figure.rows.map((row, r) => (
            <tr key={row.x} className={row.yours ? 'yours' : undefined}>
              <th scope="row">{row.label}</th>
              {row.cells.map((cell, i) => (
                <td key={figure.series[i]?.label ?? i} className="number">
                  {cell === undefined ? (
                    '—'
                  ) : cell.suppressed ? (
                    <span className="suppressed">suppressed</span>
                  ) : (
                    cell.value?.toLocaleString()
                  )}
                </td>
              ))}
              {figure.own && <td className="number">{figure.own.values[r]?.toLocaleString() ?? '—'}</td>}
              {figure.columns.map((c) => (
                <td key={c.label} className="number">
                  {c.values[r]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The seller's own figures: exact, and seen by this seller alone. */
function OwnSection(props: { release: Release; kind: Kind | undefined }) {
  const { release } = props;
  const own: OwnFigures = release.own;
  // Over one period the measure's own table has them by band already.
  if (own.units && release.analysis === 'sales-volume' && release.periods.length > 1)
    return <OwnUnits release={release} units={own.units} />;
  if (own.offers && release.analysis === 'price-distribution')
    return <OwnOffers release={release} offers={own.offers} />;
  return null;
}

function OwnUnits(props: { release: Release; units: NonNullable<OwnFigures['units']> }) {
  const { release, units } = props;
  const bands = [...new Set(release.measures[0]?.cells.map((c) => c.key) ?? [])];
  const labels = bandLabels(bands, {
    integer: true,
    format: (n) => formatMoney(n, release.parameters.currency),
  });
  const sold = bands.filter((band) => units.some((u) => u.key === band && u.value > 0));
  return (
    <section className="panel" aria-labelledby="own-units-title">
      <h2 id="own-units-title">Your units by price band</h2>
      <p className="muted">
        Exact: your own sales, which only you see. They are not in the market’s release.
      </p>
      {sold.length === 0 ? (
        <p>You sold none of this kind in these periods.</p>
      ) : (
        <TableScroll label="Your units by price band, table">
          <table>
            <caption className="visually-hidden">Your units sold per period and price band</caption>
            <thead>
              <tr>
                <th scope="col">Period</th>
                {sold.map((band) => (
                  <th key={band} scope="col" className="number">
                    {labels.get(band)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {release.periods.map((p) => (
                <tr key={p.key}>
                  <th scope="row">{p.key}</th>
                  {sold.map((band) => (
                    <td key={band} className="number">
                      {(units.find((u) => u.period === p.key && u.key === band)?.value ?? 0).toLocaleString()}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

function OwnOffers(props: { release: Release; offers: NonNullable<OwnFigures['offers']> }) {
  const { release, offers } = props;
  return (
    <section className="panel" aria-labelledby="own-offers-title">
      <h2 id="own-offers-title">Where your offers sit</h2>
      <p className="muted">
        Of the units the market sold (as the chart shows them, suppressed bands counted as none), the share
        sold cheaper and dearer than each of your offers of this kind.
      </p>
      {offers.length === 0 ? (
        <p>You have no offer of this kind on sale.</p>
      ) : (
        <TableScroll label="Where your offers sit, table">
          <table>
            <caption className="visually-hidden">Your offers against the market’s prices</caption>
            <thead>
              <tr>
                <th scope="col">Your offer</th>
                <th scope="col" className="number">
                  Price
                </th>
                <th scope="col" className="number">
                  Sold cheaper
                </th>
                <th scope="col" className="number">
                  Sold dearer
                </th>
              </tr>
            </thead>
            <tbody>
              {offers.map((o) => (
                <tr key={o.commodityId}>
                  <th scope="row">{o.name}</th>
                  <td className="number">{formatMoney(o.price, release.parameters.currency)}</td>
                  <td className="number">{formatShare(o.cheaperShare)}</td>
                  <td className="number">{formatShare(o.dearerShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
