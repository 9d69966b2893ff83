import type { AnalysisId } from '../../market/analytics/catalogue.ts';
import type { MessageId } from '../i18n/i18n.tsx';
import type { Translate } from './translate.ts';

/**
 * The analyses and their measures in the terminal's words, from the codes the market sends
 * (analysis IDs, measure names, demand buckets). The market's own English (kept in releases for
 * good, and for API clients) is shown only for a code this terminal does not know yet.
 */

const ANALYSES: Record<AnalysisId, { title: MessageId; description: MessageId }> = {
  'sales-volume': {
    title: 'salesperson.analyses.salesVolume.title',
    description: 'salesperson.analyses.salesVolume.description',
  },
  'attribute-preference': {
    title: 'salesperson.analyses.attributePreference.title',
    description: 'salesperson.analyses.attributePreference.description',
  },
  'best-sellers': {
    title: 'salesperson.analyses.bestSellers.title',
    description: 'salesperson.analyses.bestSellers.description',
  },
  'price-distribution': {
    title: 'salesperson.analyses.priceDistribution.title',
    description: 'salesperson.analyses.priceDistribution.description',
  },
  'requested-values': {
    title: 'salesperson.analyses.requestedValues.title',
    description: 'salesperson.analyses.requestedValues.description',
  },
  'unmet-demand': {
    title: 'salesperson.analyses.unmetDemand.title',
    description: 'salesperson.analyses.unmetDemand.description',
  },
  conversion: {
    title: 'salesperson.analyses.conversion.title',
    description: 'salesperson.analyses.conversion.description',
  },
};

const known = (analysis: string): analysis is AnalysisId => Object.hasOwn(ANALYSES, analysis);

/** An analysis's title, as its catalogue entry, quote and reports are headed. */
export const analysisTitle = (t: Translate, analysis: string, said: string) =>
  known(analysis) ? t(ANALYSES[analysis].title) : said;

/** What an analysis tells, in a sentence or two. */
export const analysisDescription = (t: Translate, analysis: string, said: string) =>
  known(analysis) ? t(ANALYSES[analysis].description) : said;

/** Measures by `analysis/name`: one name ("requests") means different counts in different analyses. */
const MEASURES: Record<string, MessageId> = {
  'sales-volume/units': 'salesperson.measure.unitsSold',
  'sales-volume/revenue': 'salesperson.measure.revenue',
  'attribute-preference/purchases': 'salesperson.measure.purchases',
  'attribute-preference/requests': 'salesperson.measure.requestsAskingForIt',
  'best-sellers/units': 'salesperson.measure.unitsSold',
  'price-distribution/units': 'salesperson.measure.unitsSold',
  'requested-values/asked': 'salesperson.measure.requestsAsking',
  'unmet-demand/unmatched': 'salesperson.measure.foundNothing',
  'unmet-demand/failed': 'salesperson.measure.conditionUnmet',
  'unmet-demand/values': 'salesperson.measure.valuesUnmet',
  'conversion/requests': 'salesperson.measure.requests',
};

/**
 * A measure's name, as its chart and table are headed and its accuracy is quoted; `attribute`
 * names the attribute a measure is about (the kind's label, in the page's language).
 */
export function measureName(
  t: Translate,
  analysis: string,
  measure: { name: string; label: string },
  attribute: string | undefined,
) {
  const id = MEASURES[`${analysis}/${measure.name}`];
  return id ? t(id, { attribute: attribute ?? '' }) : measure.label;
}

const DEMAND: Record<string, MessageId> = {
  'very high': 'salesperson.figures.demand.veryHigh',
  high: 'salesperson.figures.demand.high',
  medium: 'salesperson.figures.demand.medium',
  low: 'salesperson.figures.demand.low',
};

/** A best seller's relative demand as the market buckets it ("very high" … "low"), in words. */
export const demandWord = (t: Translate, bucket: string) => {
  const id = DEMAND[bucket];
  return id ? t(id) : bucket.charAt(0).toUpperCase() + bucket.slice(1);
};
