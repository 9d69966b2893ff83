/**
 * The seller's analytics, through the market (src/market/analytics/routes.ts): the catalogue of
 * analyses, quotes, buying one, and the reports bought with their releases. The shapes are
 * written here as the routes declare them.
 */
import { ApiError, api, problemOf, send } from '../app/api.ts';
import { SELL_QUERY } from './seller-session.tsx';

export type AttributeUse = 'none' | 'enum' | 'number' | 'optional';
export type Granularity = 'day' | 'week' | 'month';

/** One analysis a seller can buy; `price` is in minor units of `currency`, `epsilon` a decimal. */
export interface CatalogueItem {
  analysis: string;
  title: string;
  description: string;
  attribute: AttributeUse;
  price: number;
  currency: string;
  epsilon: string;
}

export interface AnalysisParameters {
  kind: string;
  currency?: string;
  granularity: Granularity;
  /** First and last day of the range, YYYY-MM-DD: their whole periods are included. */
  from: string;
  to: string;
  attribute?: string;
}

export type ReportState = 'quoted' | 'holding' | 'held' | 'computed' | 'released' | 'declined' | 'voided';

export interface AnalyticsReport {
  reportId: string;
  analysis: string;
  title: string;
  parameters: Record<string, unknown>;
  state: ReportState;
  price: number;
  currency: string;
  /** ε this purchase spends: "0" when the release existed before. */
  epsilon: string;
  quoteExpiresAt: string;
  createdAt: string;
  failure: string | null;
}

export interface AnalyticsQuote extends AnalyticsReport {
  /** The release exists: buying it spends no privacy budget. */
  kept: boolean;
  accuracy: { name: string; label: string; accuracy95: number }[];
}

export interface ReleasedCell {
  period: string | null;
  key: string;
  label: string;
  /** The noisy value; null when suppressed. */
  value: number | null;
  suppressed: boolean;
}

export interface ReleasedMeasure {
  name: string;
  label: string;
  byPeriod: boolean;
  epsilon: string;
  sensitivity: number;
  /** Each value is within ± this of the truth, with 95 % confidence. */
  accuracy95: number;
  /** Noisy values under this are suppressed. */
  threshold: number;
  cells: ReleasedCell[];
}

/** The seller's own figures: exact, and shown to that seller alone. */
export interface OwnFigures {
  units?: { period: string; key: string; value: number }[];
  offers?: {
    commodityId: string;
    name: string;
    price: number;
    band: string;
    cheaperShare: number | null;
    dearerShare: number | null;
  }[];
  commodityIds?: string[];
}

export interface Release {
  analysis: string;
  title: string;
  parameters: AnalysisParameters & { currency: string };
  periods: { key: string; from: string; to: string }[];
  epsilon: string;
  measures: ReleasedMeasure[];
  own: OwnFigures;
}

export interface ReportWithRelease extends AnalyticsReport {
  release: Release | null;
}

export type PaymentSource = { type: 'payable' } | { type: 'card'; number: string; pin: string };

type Page<T> = { items: T[]; nextCursor: string | null };

export const ANALYTICS_QUERY = [SELL_QUERY, 'analytics'] as const;
export const CATALOGUE_QUERY = [...ANALYTICS_QUERY, 'catalogue'] as const;
export const BOUGHT_QUERY = [...ANALYTICS_QUERY, 'bought'] as const;
export const reportQuery = (reportId: string) => [...ANALYTICS_QUERY, 'report', reportId] as const;

const reportPath = (reportId: string) => `/seller/analytics/reports/${encodeURIComponent(reportId)}`;

export const getCatalogue = (key: string, signal?: AbortSignal) =>
  api<{ items: CatalogueItem[] }>('GET', '/seller/analytics/catalogue', { token: key, signal }).then(
    (r) => r.items,
  );

export const askQuote = (key: string, analysis: string, parameters: AnalysisParameters) =>
  api<AnalyticsQuote>('POST', '/seller/analytics/quotes', { token: key, body: { analysis, parameters } });

/** Buys a quote; a retry of the same attempt sends the same Idempotency-Key, so it is paid once. */
export const buyReport = (key: string, reportId: string, source: PaymentSource, attemptKey: string) =>
  api<AnalyticsReport>('POST', `${reportPath(reportId)}/purchase`, {
    token: key,
    body: { source },
    headers: { 'idempotency-key': attemptKey },
  });

export const getBoughtReports = (key: string, cursor: string, limit: number, signal?: AbortSignal) => {
  const query = new URLSearchParams({ bought: 'true', limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  return api<Page<AnalyticsReport>>('GET', `/seller/analytics/reports?${query}`, { token: key, signal });
};

export const getReport = (key: string, reportId: string, signal?: AbortSignal) =>
  api<ReportWithRelease>('GET', reportPath(reportId), { token: key, signal });

/** The report's CSV, fetched with the key (a plain link could not carry it), and the name to save it under. */
export async function fetchReportCsv(
  key: string,
  report: AnalyticsReport,
): Promise<{ blob: Blob; filename: string }> {
  let response: Response;
  try {
    response = await send('GET', `${reportPath(report.reportId)}/csv`, {
      token: key,
      headers: { accept: 'text/csv' },
    });
  } catch {
    throw new ApiError({ code: 'network', title: 'The market cannot be reached', status: 0 });
  }
  if (!response.ok) throw await problemOf(response);
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  return { blob: await response.blob(), filename: named ?? `${report.analysis}-${report.reportId}.csv` };
}
