import type { AttributeDefinition } from '../kinds/attribute-schema.ts';
import { attributeBands, bandOf, PRICE_BANDS } from './bands.ts';

/**
 * What one stored row adds to the analytics aggregates, bounded before anything is summed. The
 * unit of privacy is one purchase (a sales row) or one purchase request (a preference row):
 * there is no purchaser identity to bound by. Each bound below is what the noise is scaled to,
 * so a row beyond it is cut, not trusted.
 */

/** A purchase of more than this many units counts as this many. */
export const UNITS_BOUND = 5;
/** A purchase's revenue counts up to this many minor units (¥1,000,000; $10,000). */
export const REVENUE_BOUND = 1_000_000;
/** Of the values one condition asks for (`in`), at most this many are counted. */
export const VALUES_PER_ATTRIBUTE = 3;
/** Of the conditions that failed in one request that matched nothing, at most this many are counted. */
export const FAILED_CONDITIONS = 3;

export const METRICS = {
  /** Units sold per price band (sales). */
  units: { l1PerScope: UNITS_BOUND, perCell: UNITS_BOUND },
  /** Revenue in minor units, each purchase's cut to its bound (sales). */
  revenue: { l1PerScope: REVENUE_BOUND, perCell: REVENUE_BOUND },
  /** Units sold per commodity (sales). */
  commodityUnits: { l1PerScope: UNITS_BOUND, perCell: UNITS_BOUND },
  /** Purchases per value of an enum attribute of the commodity bought (sales); one cell per attribute. */
  boughtValues: { l1PerScope: 1, perCell: 1 },
  /** Requests per outcome: matched, unmatched, purchased (preferences). */
  requests: { l1PerScope: 1, perCell: 1 },
  /** Requests per enum value asked for, per attribute (preferences). */
  askedValues: { l1PerScope: VALUES_PER_ATTRIBUTE, perCell: 1 },
  /** Requests per bound asked for a number (lower, upper, exact) in public bands, per attribute. */
  askedNumbers: { l1PerScope: 2, perCell: 1 },
  /** Requests that matched nothing, per condition that failed (preferences). */
  failedConditions: { l1PerScope: FAILED_CONDITIONS, perCell: 1 },
  /** Values asked for in a condition that failed, per attribute: enum values and number bands. */
  failedValues: { l1PerScope: VALUES_PER_ATTRIBUTE, perCell: 1 },
} as const;
export type Metric = keyof typeof METRICS;

/**
 * One row's addition to one cell. `scope` is the attribute a release reads the metric by (the
 * bounds above hold per scope); `sellerId` marks a seller's own exact figures, kept beside the
 * market's and shown only to that seller.
 */
export interface Contribution {
  metric: Metric;
  scope: string;
  key: string;
  value: number;
  sellerId?: string;
}

export interface SaleRow {
  kindId: string;
  commodityId: string;
  sellerId: string;
  quantity: number;
  unitPriceMinor: number;
  currency: string;
}

/** A condition as the preference store keeps it: a text attribute's value is never kept. */
export interface StoredCondition {
  attribute: string;
  op: string;
  value?: unknown;
}

export interface PreferenceRow {
  kindId: string;
  currency: string;
  conditions: StoredCondition[];
  failed: string[];
  outcome: 'matched' | 'unmatched' | 'purchased';
}

export function saleContributions(
  sale: SaleRow,
  kindAttributes: readonly AttributeDefinition[],
  commodityAttributes: Record<string, unknown>,
): Contribution[] {
  const band = bandOf(PRICE_BANDS, sale.unitPriceMinor).key;
  const units = Math.min(Math.max(sale.quantity, 0), UNITS_BOUND);
  const out: Contribution[] = [
    { metric: 'units', scope: '', key: band, value: units },
    { metric: 'units', scope: '', key: band, value: sale.quantity, sellerId: sale.sellerId },
    { metric: 'commodityUnits', scope: '', key: sale.commodityId, value: units },
    {
      metric: 'revenue',
      scope: '',
      key: 'revenue',
      value: Math.min(Math.max(sale.quantity, 0) * sale.unitPriceMinor, REVENUE_BOUND),
    },
  ];
  for (const attribute of kindAttributes) {
    const value = commodityAttributes[attribute.name];
    if (attribute.type === 'enum' && typeof value === 'string' && attribute.values.includes(value)) {
      out.push({ metric: 'boughtValues', scope: attribute.name, key: value, value: 1 });
    }
  }
  return out;
}

export function preferenceContributions(
  row: PreferenceRow,
  kindAttributes: readonly AttributeDefinition[],
): Contribution[] {
  const out: Contribution[] = [{ metric: 'requests', scope: '', key: row.outcome, value: 1 }];
  // A purchase was a matched request first: its request is counted once, as matched.
  if (row.outcome !== 'purchased')
    out.push(...asked(row.conditions, kindAttributes, 'askedValues', 'askedNumbers'));
  if (row.outcome === 'unmatched') {
    const failed = [...new Set(row.failed)].slice(0, FAILED_CONDITIONS);
    for (const name of failed) out.push({ metric: 'failedConditions', scope: '', key: name, value: 1 });
    const failedConditions = row.conditions.filter((c) => failed.includes(c.attribute));
    out.push(...asked(failedConditions, kindAttributes, 'failedValues', 'failedValues'));
  }
  return out;
}

/**
 * The values a request asks for: enum values (at most VALUES_PER_ATTRIBUTE per attribute) and,
 * for numbers and the price, the lower and upper bounds asked for, each once per attribute,
 * in public bands. Text and boolean conditions add nothing here.
 */
function asked(
  conditions: readonly StoredCondition[],
  kindAttributes: readonly AttributeDefinition[],
  enumMetric: Metric,
  numberMetric: Metric,
): Contribution[] {
  const enums = new Map<string, Set<string>>();
  const numbers = new Map<string, Map<'lower' | 'upper' | 'exact', number>>();
  for (const condition of conditions) {
    const definition = kindAttributes.find((a) => a.name === condition.attribute);
    const values = (Array.isArray(condition.value) ? condition.value : [condition.value]) as unknown[];
    if (definition?.type === 'enum' && (condition.op === '=' || condition.op === 'in')) {
      const seen = enums.get(definition.name) ?? new Set<string>();
      for (const v of values) if (typeof v === 'string' && definition.values.includes(v)) seen.add(v);
      enums.set(definition.name, seen);
    } else if (condition.attribute === 'price' || definition?.type === 'number') {
      const sides = numbers.get(condition.attribute) ?? new Map<'lower' | 'upper' | 'exact', number>();
      for (const [side, value] of numberSides(condition.op, values))
        if (!sides.has(side)) sides.set(side, value);
      numbers.set(condition.attribute, sides);
    }
  }
  const out: Contribution[] = [];
  for (const [scope, values] of enums) {
    for (const key of [...values].slice(0, VALUES_PER_ATTRIBUTE))
      out.push({ metric: enumMetric, scope, key, value: 1 });
  }
  for (const [scope, sides] of numbers) {
    const definition = kindAttributes.find((a) => a.name === scope);
    const bands = definition?.type === 'number' ? attributeBands(definition) : PRICE_BANDS;
    // An exact value and a range never come together from one attribute in a sensible request; keep two at most.
    for (const [side, value] of [...sides].slice(0, 2)) {
      out.push({ metric: numberMetric, scope, key: `${side}:${bandOf(bands, value).key}`, value: 1 });
    }
  }
  return out;
}

function numberSides(op: string, values: unknown[]): ['lower' | 'upper' | 'exact', number][] {
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const [first, second] = numbers;
  if (first === undefined) return [];
  if (op === '>=' || op === '>') return [['lower', first]];
  if (op === '<=' || op === '<') return [['upper', first]];
  if (op === 'between' && second !== undefined)
    return [
      ['lower', Math.min(first, second)],
      ['upper', Math.max(first, second)],
    ];
  if (op === '=') return [['exact', first]];
  return [];
}
