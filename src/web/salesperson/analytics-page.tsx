import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { analysisDescription, analysisTitle } from '../app/analytics-names.ts';
import { api } from '../app/api.ts';
import { formatMoney } from '../app/money.ts';
import { Button, Empty, Loading, Page, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import {
  type AnalyticsReport,
  BOUGHT_QUERY,
  CATALOGUE_QUERY,
  getBoughtReports,
  getCatalogue,
} from './analytics-api.ts';
import { ExportPanel } from './analytics-export.tsx';
import { describeParameters, EpsilonText } from './analytics-words.tsx';
import { localTime } from './order-state.tsx';
import { SELL_QUERY, useSeller } from './seller-session.tsx';
import type { Kind } from './types.ts';

const PAGE_SIZE = 20;

/** The kinds of commodity, by ID, as the analyses and reports name them. */
export function useKinds() {
  return useQuery({
    queryKey: [SELL_QUERY, 'kinds'],
    queryFn: () => api<{ kinds: Kind[] }>('GET', '/kinds'),
  });
}

/** The analyses a seller can buy, and the reports it bought. */
export function AnalyticsPage() {
  const { key } = useSeller();
  const t = useT();
  const kinds = useKinds();
  const catalogue = useQuery({
    queryKey: CATALOGUE_QUERY,
    queryFn: ({ signal }) => getCatalogue(key, signal),
  });
  return (
    <Page title={t('salesperson.analytics.title')} intro={t('salesperson.analytics.intro')}>
      <h2 id="analyses-heading">{t('salesperson.analytics.analyses')}</h2>
      <ProblemNotice error={catalogue.error} title={t('salesperson.analytics.loadFailed')} />
      {catalogue.isPending && <Loading label={t('salesperson.analytics.loading')} rows={3} />}
      {catalogue.data && (
        <ul className="cards analysis-cards" aria-labelledby="analyses-heading">
          {catalogue.data.map((item) => (
            <li key={item.analysis} className="card analysis-card">
              <h3>
                <Link href={`/analytics/${item.analysis}`}>
                  {analysisTitle(t, item.analysis, item.title)}
                </Link>
              </h3>
              <p>{analysisDescription(t, item.analysis, item.description)}</p>
              <dl className="analysis-terms">
                <div>
                  <dt>{t('salesperson.analytics.price')}</dt>
                  <dd>{formatMoney(item.price, item.currency)}</dd>
                </div>
                <div>
                  <dt>{t('salesperson.analytics.budget')}</dt>
                  <dd>
                    <EpsilonText epsilon={item.epsilon} />
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <BoughtReports kinds={kinds.data?.kinds} />
      <ExportPanel kinds={kinds.data?.kinds} />
    </Page>
  );
}

function BoughtReports(props: { kinds: Kind[] | undefined }) {
  const { key } = useSeller();
  const t = useT();
  const reports = useInfiniteQuery({
    queryKey: BOUGHT_QUERY,
    queryFn: ({ pageParam, signal }) => getBoughtReports(key, pageParam, PAGE_SIZE, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const list = reports.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="bought-heading" className="bought-reports">
      <h2 id="bought-heading">{t('salesperson.analytics.bought')}</h2>
      <ProblemNotice error={reports.error} title={t('salesperson.analytics.boughtFailed')} />
      {reports.isPending ? (
        <Loading label={t('salesperson.analytics.boughtLoading')} rows={2} />
      ) : list.length === 0 && !reports.error ? (
        <Empty title={t('salesperson.analytics.noReports')}>
          <p>{t('salesperson.analytics.noReportsHint')}</p>
        </Empty>
      ) : (
        <ul className="report-list" aria-label={t('salesperson.analytics.boughtList')}>
          {list.map((report) => (
            <ReportItem key={report.reportId} report={report} kinds={props.kinds} />
          ))}
        </ul>
      )}
      {reports.hasNextPage && (
        <Button busy={reports.isFetchingNextPage} onClick={() => reports.fetchNextPage()}>
          {t('salesperson.analytics.older')}
        </Button>
      )}
    </section>
  );
}

function ReportItem(props: { report: AnalyticsReport; kinds: Kind[] | undefined }) {
  const { report } = props;
  const t = useT();
  return (
    <li className="report-item">
      <p className="report-what">
        <Link href={`/analytics/reports/${report.reportId}`}>
          {analysisTitle(t, report.analysis, report.title)}
        </Link>
      </p>
      <p className="muted">{describeParameters(t, report.parameters, props.kinds)}</p>
      <p className="muted report-meta">
        {formatMoney(report.price, report.currency)} ·{' '}
        <time dateTime={report.createdAt}>{localTime(report.createdAt)}</time>
      </p>
    </li>
  );
}
