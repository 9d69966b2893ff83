/**
 * The seller's analytics, through the market (src/market/analytics/routes.ts): the catalogue of
 * analyses, quotes, buying one, and the reports bought with their releases. A shape the market
 * names itself is imported from it, type-only (no market code reaches the browser); the others
 * are written here as the routes declare them.
 */
import type { z } from 'zod';
import type {
  AnalysisDefinition,
  AnalysisId,
  analysisParametersSchema,
} from '../../market/analytics/catalogue.ts';
import type { ExportStore } from '../../market/analytics/exports.ts';
import type { OwnFigures } from '../../market/analytics/own-figures.ts';
import type { ReleaseBody } from '../../market/analytics/release.ts';
import type { AnalyticsHoldRequest } from '../../protocol/settlement.ts';
import { api } from '../app/api.ts';
import { fetchFile } from '../app/download.ts';
import { SELL_QUERY } from './seller-session.tsx';

export type { ExportStore } from '../../market/analytics/exports.ts';
export type { OwnFigures } from '../../market/analytics/own-figures.ts';
export type { Granularity } from '../../market/analytics/periods.ts';
export type { ReleasedCell, ReleasedMeasure } from '../../market/analytics/release.ts';

export type AttributeUse = AnalysisDefinition['attribute'];

/** One analysis a seller can buy; `price` is in minor units of `currency`, `epsilon` a decimal. */
export interface CatalogueItem {
  analysis: AnalysisId;
  title: string;
  description: string;
  attribute: AttributeUse;
  price: number;
  currency: string;
  epsilon: string;
}

/** What a quote is asked with; the range's first and last days (YYYY-MM-DD) take in their whole periods. */
export type AnalysisParameters = z.input<typeof analysisParametersSchema>;

export type ReportState = 'quoted' | 'holding' | 'held' | 'computed' | 'released' | 'declined' | 'voided';

export interface AnalyticsReport {
  reportId: string;
  analysis: AnalysisId;
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

/** A release as the seller reads it: the market's, with the seller's own exact figures. */
export type Release = ReleaseBody & { own: OwnFigures };

export interface ReportWithRelease extends AnalyticsReport {
  release: Release | null;
}

/** What a report is paid from: the seller's payable balance, or a card (relayed, never kept). */
export type PaymentSource = AnalyticsHoldRequest['source'];

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

export const askQuote = (key: string, analysis: AnalysisId, parameters: AnalysisParameters) =>
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

/** The report's CSV, fetched with the key, and the name to save it under. */
export const fetchReportCsv = (key: string, report: AnalyticsReport) =>
  fetchFile(`${reportPath(report.reportId)}/csv`, {
    token: key,
    accept: 'text/csv',
    filename: `${report.analysis}-${report.reportId}.csv`,
    served: true,
  });

export type ExportFormat = 'csv' | 'json';

/** Rows of one of the market's stores for a kind and a range of ended days, as CSV or JSON. */
export const fetchExport = (
  key: string,
  store: ExportStore,
  query: { kind: string; from: string; to: string; format: ExportFormat },
) =>
  fetchFile(`/seller/analytics/exports/${store}?${new URLSearchParams(query)}`, {
    token: key,
    accept: query.format === 'csv' ? 'text/csv' : 'application/json',
    filename: `${store}-${query.kind}-${query.from}-${query.to}.${query.format}`,
    served: true,
  });
