import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearch } from 'wouter';
import { analysisTitle } from '../app/analytics-names.ts';
import { ApiError, api } from '../app/api.ts';
import { saveBlob } from '../app/download.ts';
import { formatMoney } from '../app/money.ts';
import type { Translate } from '../app/translate.ts';
import { Button, Empty, Loading, Notice, Page, ProblemNotice, TableScroll } from '../app/ui.tsx';
import { activeLocale, type MessageId, useT } from '../i18n/i18n.tsx';
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

const STATES: Record<AnalyticsReport['state'], MessageId> = {
  quoted: 'salesperson.report.state.quoted',
  holding: 'salesperson.report.state.paying',
  held: 'salesperson.report.state.paying',
  computed: 'salesperson.report.state.paying',
  released: 'salesperson.report.state.released',
  declined: 'salesperson.report.state.declined',
  voided: 'salesperson.report.state.voided',
};

/** A report's state in words; a state the terminal does not know yet as the market names it. */
const stateOf = (t: Translate, state: AnalyticsReport['state']) => (STATES[state] ? t(STATES[state]) : state);

/** A count as the language shown writes it. */
const figure = (n: number) => n.toLocaleString(activeLocale());

/**
 * A bought report: what it is about, then each measure as a chart with its table beside it,
 * the seller's own exact figures where the analysis has them, and the CSV to download. Loaded
 * on its own (with the charting library) when a report is first opened.
 */
export default function AnalyticsReportPage() {
  const { reportId = '' } = useParams<{ reportId: string }>();
  const bought = new URLSearchParams(useSearch()).get('bought') === '1';
  const { key } = useSeller();
  const t = useT();
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
  const quoteHref = `/analytics/${report.data?.analysis ?? ''}`;
  return (
    <Page
      title={
        report.data
          ? analysisTitle(t, report.data.analysis, report.data.title)
          : t('salesperson.report.title')
      }
      intro={
        report.data && describeParameters(t, report.data.parameters, kind.data ? [kind.data] : undefined)
      }
      actions={release && report.data && <CsvDownload report={report.data} />}
    >
      {bought && release && (
        <Notice tone="success" title={t('salesperson.report.bought')}>
          <p>{t('salesperson.report.boughtText')}</p>
        </Notice>
      )}
      {notFound ? (
        <Notice tone="warning" title={t('salesperson.report.missing')}>
          <p>
            {t.rich('salesperson.report.missingText', {
              link: (chunks) => <Link href="/analytics">{chunks}</Link>,
            })}
          </p>
        </Notice>
      ) : (
        <ProblemNotice error={report.error} title={t('salesperson.report.loadFailed')} />
      )}
      {report.isPending && <Loading label={t('salesperson.report.loading')} rows={4} />}
      {report.data && <ReportFacts report={report.data} release={release} />}
      {report.data && !release && (
        <Notice tone="info" title={stateOf(t, report.data.state)}>
          <p>
            {t.rich('salesperson.report.notBought', {
              link: (chunks) => <Link href={quoteHref}>{chunks}</Link>,
            })}
          </p>
        </Notice>
      )}
      {release?.measures.map((measure) => (
        <MeasureSection key={measure.name} figure={measureFigure(t, release, measure, kind.data)} />
      ))}
      {release && <OwnSection release={release} kind={kind.data} />}
      <p>
        <Link href="/analytics">{t('salesperson.report.allAnalyses')}</Link>
      </p>
    </Page>
  );
}

function ReportFacts(props: { report: AnalyticsReport; release: Release | null }) {
  const { report, release } = props;
  const t = useT();
  const periods = release?.periods ?? [];
  const first = periods[0];
  const last = periods[periods.length - 1];
  return (
    <dl className="panel report-facts">
      <div>
        <dt>{t('salesperson.report.paid')}</dt>
        <dd>{formatMoney(report.price, report.currency)}</dd>
      </div>
      <div>
        <dt>{t('salesperson.report.budgetSpent')}</dt>
        <dd>
          {Number(report.epsilon) === 0 ? (
            t('salesperson.report.budgetNone')
          ) : (
            <EpsilonText epsilon={report.epsilon} />
          )}
        </dd>
      </div>
      {first && last && (
        <div>
          <dt>{t('salesperson.report.covers')}</dt>
          <dd>
            {periods.length === 1
              ? t('salesperson.report.coversOne', {
                  period: first.key,
                  from: formatDay(first.from),
                  to: formatDay(last.to),
                })
              : t('salesperson.report.coversMany', {
                  count: periods.length,
                  first: first.key,
                  last: last.key,
                  from: formatDay(first.from),
                  to: formatDay(last.to),
                })}
          </dd>
        </div>
      )}
      <div>
        <dt>{t('salesperson.report.askedFor')}</dt>
        <dd>
          <time dateTime={report.createdAt}>{localTime(report.createdAt)}</time>
        </dd>
      </div>
    </dl>
  );
}

function CsvDownload(props: { report: AnalyticsReport }) {
  const { key } = useSeller();
  const t = useT();
  const [said, setSaid] = useState('');
  const download = useMutation({
    mutationFn: () => fetchReportCsv(key, props.report),
    onSuccess: ({ blob, filename }) => {
      saveBlob(blob, filename);
      setSaid(t('salesperson.savedAs', { filename }));
    },
  });
  return (
    <div className="csv-download">
      <Button variant="primary" busy={download.isPending} onClick={() => download.mutate()}>
        {t('salesperson.report.downloadCsv')}
      </Button>
      <p className="hint" role="status">
        {said}
      </p>
      <ProblemNotice error={download.error} title={t('salesperson.report.csvFailed')} />
    </div>
  );
}

function MeasureSection(props: { figure: MeasureFigure }) {
  const { figure } = props;
  const t = useT();
  const headingId = `measure-${figure.name}`;
  const tableId = `${headingId}-table`;
  return (
    <section className="panel measure" aria-labelledby={headingId}>
      <h2 id={headingId}>{figure.label}</h2>
      <p className="muted measure-terms">
        {t.rich('salesperson.report.measureTerms', {
          accuracy: figure.accuracy95,
          threshold: figure.threshold,
          epsilon: <EpsilonText epsilon={figure.epsilon} />,
        })}
      </p>
      {tellsAnything(figure) ? (
        <div className={`measure-body${columnsOf(figure) > 2 ? ' stacked' : ''}`}>
          <MeasureChart figure={figure} tableId={tableId} />
          <MeasureTable figure={figure} id={tableId} />
        </div>
      ) : (
        <Empty title={t('salesperson.report.allSuppressed')}>
          <p>{t('salesperson.report.allSuppressedHint')}</p>
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
  const t = useT();
  return (
    <TableScroll
      className="measure-table"
      label={t('salesperson.report.tableLabel', { label: figure.label })}
    >
      <table id={props.id}>
        <caption>
          {t('salesperson.report.tableCaption', { label: figure.label, accuracy: figure.accuracy95 })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{figure.rowHeading}</th>
            {figure.series.map((s) => (
              <th key={s.label} scope="col" className="number" lang={s.lang}>
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
              <th scope="row" lang={row.lang}>
                {row.label}
              </th>
              {row.cells.map((cell, i) => (
                <td key={figure.series[i]?.label ?? i} className="number">
                  {cell === undefined ? (
                    '—'
                  ) : cell.suppressed ? (
                    <span className="suppressed">{t('salesperson.report.suppressed')}</span>
                  ) : (
                    cell.value?.toLocaleString(activeLocale())
                  )}
                </td>
              ))}
              {figure.own && (
                <td className="number">{figure.own.values[r]?.toLocaleString(activeLocale()) ?? '—'}</td>
              )}
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
  const t = useT();
  const bands = [...new Set(release.measures[0]?.cells.map((c) => c.key) ?? [])];
  const labels = bandLabels(t, bands, {
    integer: true,
    format: (n) => formatMoney(n, release.parameters.currency),
  });
  const sold = bands.filter((band) => units.some((u) => u.key === band && u.value > 0));
  return (
    <section className="panel" aria-labelledby="own-units-title">
      <h2 id="own-units-title">{t('salesperson.report.ownUnits')}</h2>
      <p className="muted">{t('salesperson.report.ownUnitsIntro')}</p>
      {sold.length === 0 ? (
        <p>{t('salesperson.report.ownUnitsNone')}</p>
      ) : (
        <TableScroll label={t('salesperson.report.ownUnitsTable')}>
          <table>
            <caption className="visually-hidden">{t('salesperson.report.ownUnitsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('salesperson.report.period')}</th>
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
                      {figure(units.find((u) => u.period === p.key && u.key === band)?.value ?? 0)}
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
  const t = useT();
  return (
    <section className="panel" aria-labelledby="own-offers-title">
      <h2 id="own-offers-title">{t('salesperson.report.ownOffers')}</h2>
      <p className="muted">{t('salesperson.report.ownOffersIntro')}</p>
      {offers.length === 0 ? (
        <p>{t('salesperson.report.ownOffersNone')}</p>
      ) : (
        <TableScroll label={t('salesperson.report.ownOffersTable')}>
          <table>
            <caption className="visually-hidden">{t('salesperson.report.ownOffersCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('salesperson.report.yourOffer')}</th>
                <th scope="col" className="number">
                  {t('salesperson.report.price')}
                </th>
                <th scope="col" className="number">
                  {t('salesperson.report.soldCheaper')}
                </th>
                <th scope="col" className="number">
                  {t('salesperson.report.soldDearer')}
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
