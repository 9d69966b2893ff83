import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api } from '../app/api.ts';
import { formatMoney } from '../app/money.ts';
import { Button, Empty, Loading, Page, ProblemNotice } from '../app/ui.tsx';
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
  const kinds = useKinds();
  const catalogue = useQuery({
    queryKey: CATALOGUE_QUERY,
    queryFn: ({ signal }) => getCatalogue(key, signal),
  });
  return (
    <Page
      title="Analytics"
      intro="Reports about the whole market: what sells, at which prices, what purchasers ask for and what they could not find. Every figure has noise added, so that no single purchase or request can be told from it; you see the price, the privacy budget (ε) it spends and its accuracy before you pay."
    >
      <h2 id="analyses-heading">Analyses</h2>
      <ProblemNotice error={catalogue.error} title="The analyses could not be loaded" />
      {catalogue.isPending && <Loading label="Loading the analyses" rows={3} />}
      {catalogue.data && (
        <ul className="cards analysis-cards" aria-labelledby="analyses-heading">
          {catalogue.data.map((item) => (
            <li key={item.analysis} className="card analysis-card">
              <h3>
                <Link href={`/analytics/${item.analysis}`}>{item.title}</Link>
              </h3>
              <p>{item.description}</p>
              <dl className="analysis-terms">
                <div>
                  <dt>Price</dt>
                  <dd>{formatMoney(item.price, item.currency)}</dd>
                </div>
                <div>
                  <dt>Privacy budget</dt>
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
  const reports = useInfiniteQuery({
    queryKey: BOUGHT_QUERY,
    queryFn: ({ pageParam, signal }) => getBoughtReports(key, pageParam, PAGE_SIZE, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const list = reports.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="bought-heading" className="bought-reports">
      <h2 id="bought-heading">Reports you bought</h2>
      <ProblemNotice error={reports.error} title="Your reports could not be loaded" />
      {reports.isPending ? (
        <Loading label="Loading your reports" rows={2} />
      ) : list.length === 0 && !reports.error ? (
        <Empty title="No reports yet">
          <p>Choose an analysis above: you see its price and accuracy before you pay.</p>
        </Empty>
      ) : (
        <ul className="report-list" aria-label="Reports you bought, newest first">
          {list.map((report) => (
            <ReportItem key={report.reportId} report={report} kinds={props.kinds} />
          ))}
        </ul>
      )}
      {reports.hasNextPage && (
        <Button busy={reports.isFetchingNextPage} onClick={() => reports.fetchNextPage()}>
          Show older reports
        </Button>
      )}
    </section>
  );
}

function ReportItem(props: { report: AnalyticsReport; kinds: Kind[] | undefined }) {
  const { report } = props;
  return (
    <li className="report-item">
      <p className="report-what">
        <Link href={`/analytics/reports/${report.reportId}`}>{report.title}</Link>
      </p>
      <p className="muted">{describeParameters(report.parameters, props.kinds)}</p>
      <p className="muted report-meta">
        {formatMoney(report.price, report.currency)} ·{' '}
        <time dateTime={report.createdAt}>{localTime(report.createdAt)}</time>
      </p>
    </li>
  );
}
