import { z } from 'zod';
import { localized, type Message } from '../../platform/http/messages.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import { currencySchema } from '../catalog/offer-input.ts';
import { UNMET } from '../history/stores.ts';
import { oneText } from '../kinds/attribute-schema.ts';
import type { Kind } from '../kinds/kinds.ts';
import { message } from '../problems/catalogue.ts';
import { attributeBands, type Band, PRICE_BANDS } from './bands.ts';
import { METRICS, type Metric } from './contributions.ts';
import { GRANULARITIES, isoDaySchema } from './periods.ts';

/**
 * The fixed catalogue of analyses a seller can buy (seed 000, C2). Every one reads closed
 * periods and public keys only: kinds, enum values, fixed price and attribute bands, periods,
 * the commodities of the public catalogue. None is keyed by anything taken from the data.
 */

export const ANALYSES = [
  'sales-volume',
  'attribute-preference',
  'best-sellers',
  'price-distribution',
  'requested-values',
  'unmet-demand',
  'conversion',
] as const;
export type AnalysisId = (typeof ANALYSES)[number];

export const analysisParametersSchema = z
  .object({
    kind: z.string().min(1).max(40).describe('The kind of commodity'),
    currency: currencySchema.optional().describe('Prices in this currency; the market default if absent'),
    granularity: z.enum(GRANULARITIES).default('week').describe('Periods: UTC days, ISO weeks or months'),
    from: isoDaySchema.describe('First day of the range (its whole period is included)'),
    to: isoDaySchema.describe(
      'Last day of the range (its whole period is included); the period must have ended',
    ),
    attribute: z
      .string()
      .min(1)
      .max(40)
      .optional()
      .describe('The attribute the analysis is about, where it takes one'),
  })
  .strict();
export type AnalysisParameters = z.infer<typeof analysisParametersSchema>;
/** Parameters with the market's defaults filled in: the form a release is known by. */
export type ResolvedParameters = AnalysisParameters & { currency: string };

/** One noisy table of a release: which stored metric, over which public keys, per period or not. */
export interface MeasureSpec {
  name: string;
  label: string;
  metric: Metric;
  scope: string;
  keys: { key: string; label: string }[];
  byPeriod: boolean;
  /**
   * List only this many shown cells, the largest noisy values (choosing among noisy values is
   * post-processing: it costs no ε); the rest are counted, not listed.
   */
  top?: number;
}

/** How many commodities a best-sellers release names at most, as marketplaces list their best sellers. */
export const BEST_SELLERS_LISTED = 1000;

export interface AnalysisDefinition {
  id: AnalysisId;
  title: string;
  description: string;
  attribute: 'none' | 'enum' | 'number' | 'optional';
  defaultPriceMinor: number;
  /** ε in millionths. */
  defaultEpsilonMicro: number;
  measures(
    kind: Kind,
    parameters: ResolvedParameters,
    commodities: { id: string; label: string }[],
  ): MeasureSpec[];
}

const bandKeys = (bands: readonly Band[]) => bands.map((b) => ({ key: b.key, label: b.key }));
const sidedBandKeys = (bands: readonly Band[], sides: readonly string[]) =>
  sides.flatMap((side) => bands.map((b) => ({ key: `${side}:${b.key}`, label: `${side} ${b.key}` })));
const OUTCOMES = ['matched', 'unmatched', 'purchased'].map((k) => ({ key: k, label: k }));

const attributeOf = (kind: Kind, name: string | undefined) => kind.attributes.find((a) => a.name === name);

/** Bands for a number the purchaser asks about: the price, or a numeric attribute of the kind. */
function numberBands(kind: Kind, name: string): readonly Band[] {
  const definition = attributeOf(kind, name);
  return definition?.type === 'number' ? attributeBands(definition) : PRICE_BANDS;
}

export const CATALOGUE: Record<AnalysisId, AnalysisDefinition> = {
  'sales-volume': {
    id: 'sales-volume',
    title: 'Sales volume',
    description:
      'Units sold of the kind per period and price band across the market, and its revenue per period, with your own units and share beside them (your own figures are exact).',
    attribute: 'none',
    defaultPriceMinor: 1000,
    defaultEpsilonMicro: 1_000_000,
    measures: () => [
      {
        name: 'units',
        label: 'Units sold',
        metric: 'units',
        scope: '',
        keys: bandKeys(PRICE_BANDS),
        byPeriod: true,
      },
      {
        name: 'revenue',
        label: 'Revenue',
        metric: 'revenue',
        scope: '',
        keys: [{ key: 'revenue', label: 'Revenue' }],
        byPeriod: true,
      },
    ],
  },
  'attribute-preference': {
    id: 'attribute-preference',
    title: 'Preference by attribute',
    description:
      'For one enumerated attribute of the kind (such as colour): how many purchases were of each value, and how many purchase requests asked for it, per period.',
    attribute: 'enum',
    defaultPriceMinor: 1000,
    defaultEpsilonMicro: 1_000_000,
    measures: (kind, p) => {
      const definition = attributeOf(kind, p.attribute);
      const keys = definition?.type === 'enum' ? definition.values.map((v) => ({ key: v, label: v })) : [];
      const scope = p.attribute ?? '';
      return [
        { name: 'purchases', label: 'Purchases', metric: 'boughtValues', scope, keys, byPeriod: true },
        {
          name: 'requests',
          label: 'Requests asking for it',
          metric: 'askedValues',
          scope,
          keys,
          byPeriod: true,
        },
      ];
    },
  },
  'best-sellers': {
    id: 'best-sellers',
    title: 'Best sellers',
    description: `The commodities of the kind that sold most over the range (${BEST_SELLERS_LISTED.toLocaleString('en')} at most), as relative demand (very high, high, medium, low). Commodities whose sales are too few to tell from noise are not named.`,
    attribute: 'none',
    defaultPriceMinor: 1500,
    defaultEpsilonMicro: 1_000_000,
    measures: (_kind, _p, commodities) => [
      {
        name: 'units',
        label: 'Units sold',
        metric: 'commodityUnits',
        scope: '',
        keys: commodities.map((c) => ({ key: c.id, label: c.label })),
        byPeriod: false,
        top: BEST_SELLERS_LISTED,
      },
    ],
  },
  'price-distribution': {
    id: 'price-distribution',
    title: 'Price distribution',
    description:
      'Units of the kind sold over the range per price band, and where your own offers of the kind sit in it: how much of the market sold cheaper and dearer than each.',
    attribute: 'none',
    defaultPriceMinor: 1000,
    defaultEpsilonMicro: 1_000_000,
    measures: () => [
      {
        name: 'units',
        label: 'Units sold',
        metric: 'units',
        scope: '',
        keys: bandKeys(PRICE_BANDS),
        byPeriod: false,
      },
    ],
  },
  'requested-values': {
    id: 'requested-values',
    title: 'What purchasers ask for',
    description:
      'For one numeric attribute of the kind, or the price: the lowest, highest and exact values purchase requests asked for over the range, in fixed bands.',
    attribute: 'number',
    defaultPriceMinor: 1000,
    defaultEpsilonMicro: 1_000_000,
    measures: (kind, p) => {
      const name = p.attribute ?? 'price';
      const keys = sidedBandKeys(numberBands(kind, name), ['lower', 'upper', 'exact']);
      return [
        {
          name: 'asked',
          label: 'Requests asking',
          metric: 'askedNumbers',
          scope: name,
          keys,
          byPeriod: false,
        },
      ];
    },
  },
  'unmet-demand': {
    id: 'unmet-demand',
    title: 'Unmet demand',
    description:
      'Purchase requests that found nothing: how many per period, which conditions no offer could meet, and, for one attribute you choose, the values asked for in them. It tells you what to stock.',
    attribute: 'optional',
    defaultPriceMinor: 2000,
    defaultEpsilonMicro: 1_000_000,
    measures: (kind, p) => {
      const conditions = [
        { key: UNMET.noOffers, label: 'nothing of the kind on sale' },
        ...kind.attributes.map((a) => ({ key: a.name, label: oneText(a.labels) })),
        { key: 'price', label: 'price' },
        { key: UNMET.combination, label: 'each condition alone, not all together' },
      ];
      const measures: MeasureSpec[] = [
        {
          name: 'unmatched',
          label: 'Requests that found nothing',
          metric: 'requests',
          scope: '',
          keys: [{ key: 'unmatched', label: 'unmatched' }],
          byPeriod: true,
        },
        {
          name: 'failed',
          label: 'Requests where no offer met this condition',
          metric: 'failedConditions',
          scope: '',
          keys: conditions,
          byPeriod: false,
        },
      ];
      if (p.attribute !== undefined) {
        const definition = attributeOf(kind, p.attribute);
        const keys =
          definition?.type === 'enum'
            ? definition.values.map((v) => ({ key: v, label: v }))
            : sidedBandKeys(numberBands(kind, p.attribute), ['lower', 'upper', 'exact']);
        measures.push({
          name: 'values',
          label: `Values asked for ${definition ? oneText(definition.labels) : p.attribute} where nothing met it`,
          metric: 'failedValues',
          scope: p.attribute,
          keys,
          byPeriod: false,
        });
      }
      return measures;
    },
  },
  conversion: {
    id: 'conversion',
    title: 'Conversion',
    description:
      'Per period: purchase requests that matched offers, those that matched nothing, and purchases, with the share of requests that ended in a purchase.',
    attribute: 'none',
    defaultPriceMinor: 800,
    defaultEpsilonMicro: 1_000_000,
    measures: () => [
      { name: 'requests', label: 'Requests', metric: 'requests', scope: '', keys: OUTCOMES, byPeriod: true },
    ],
  },
};

export type ParameterFailure = { code: 'invalid_attribute'; reason: Message };

/** Checks the attribute against what the analysis takes and the kind declares. */
export function checkAttribute(
  definition: AnalysisDefinition,
  kind: Kind,
  attribute: string | undefined,
): Result<void, ParameterFailure> {
  const found = attributeOf(kind, attribute);
  const fail = (reason: Message) => err<ParameterFailure>({ code: 'invalid_attribute', reason });
  const of = { kind: localized(kind.names) };
  switch (definition.attribute) {
    case 'none':
      return attribute === undefined
        ? ok(undefined)
        : fail(message('invalid_attribute.detail.none', { analysis: definition.title }));
    case 'enum':
      return found?.type === 'enum' ? ok(undefined) : fail(message('invalid_attribute.detail.enum', of));
    case 'number':
      return attribute === undefined || attribute === 'price' || found?.type === 'number'
        ? ok(undefined)
        : fail(message('invalid_attribute.detail.number', of));
    case 'optional':
      return attribute === undefined ||
        attribute === 'price' ||
        found?.type === 'enum' ||
        found?.type === 'number'
        ? ok(undefined)
        : fail(message('invalid_attribute.detail.optional', of));
  }
}

/** The L1 sensitivity of one measure: how much one purchase or request can move all its cells together. */
export const sensitivityOf = (measure: MeasureSpec) => METRICS[measure.metric].l1PerScope;
