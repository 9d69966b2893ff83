import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttributeDefinition } from '../kinds/attribute-schema.ts';
import {
  type Contribution,
  METRICS,
  type PreferenceRow,
  preferenceContributions,
  type SaleRow,
  saleContributions,
} from './contributions.ts';

const KIND: AttributeDefinition[] = [
  {
    name: 'colour',
    labels: { en: 'Colour' },
    type: 'enum',
    values: ['red', 'blue', 'green', 'black'],
    valueLabels: {},
    required: false,
    slot: 'e1',
  },
  {
    name: 'size',
    labels: { en: 'Size' },
    type: 'enum',
    values: ['s', 'm', 'l'],
    valueLabels: {},
    required: false,
    slot: 'e2',
  },
  {
    name: 'ghz',
    labels: { en: 'CPU' },
    type: 'number',
    min: 0,
    max: 6,
    integer: false,
    required: false,
    slot: 'n1',
  },
  { name: 'weight', labels: { en: 'Weight' }, type: 'number', integer: false, required: false, slot: 'n2' },
  { name: 'note', labels: { en: 'Note' }, type: 'text', maxLength: 200, required: false, slot: 't1' },
];
const COMMODITIES = ['c1', 'c2', 'c3'].map((id, i) => ({
  id,
  attributes: { colour: ['red', 'blue', 'green'][i], size: 'm', ghz: 2 + i },
}));

const sale = fc.record<SaleRow>({
  kindId: fc.constant('k'),
  commodityId: fc.constantFrom(...COMMODITIES.map((c) => c.id)),
  sellerId: fc.constantFrom('s1', 's2'),
  quantity: fc.integer({ min: 1, max: 1000 }),
  unitPriceMinor: fc.integer({ min: 1, max: 10_000_000 }),
  currency: fc.constant('JPY'),
});
const value = fc.oneof(
  fc.constantFrom('red', 'blue', 'green', 'black', 'purple', 's', 'm', 'l'),
  fc.double({ min: -10, max: 1e10, noNaN: true }),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
);
const enumValues = fc.array(fc.constantFrom('red', 'blue', 'green', 'black', 'purple', 's', 'm', 'l'), {
  minLength: 1,
  maxLength: 8,
});
const numbers = fc.array(fc.double({ min: -10, max: 1e10, noNaN: true }), { minLength: 1, maxLength: 3 });
// Mostly conditions that count (enum lists, number bounds), with anything at all beside them.
const condition = fc.record({
  attribute: fc.constantFrom('colour', 'size', 'ghz', 'weight', 'note', 'price', 'unknown'),
  op: fc.constantFrom('=', '!=', '>=', '<=', '>', '<', 'in', 'between'),
  value: fc.oneof(
    { arbitrary: enumValues, weight: 3 },
    { arbitrary: numbers, weight: 3 },
    { arbitrary: value, weight: 1 },
    { arbitrary: fc.array(value, { minLength: 1, maxLength: 12 }), weight: 1 },
  ),
});
const preference = fc.record<PreferenceRow>({
  kindId: fc.constant('k'),
  currency: fc.constant('JPY'),
  conditions: fc.array(condition, { maxLength: 20 }),
  failed: fc.array(fc.constantFrom('colour', 'size', 'ghz', 'weight', 'price', 'combination'), {
    maxLength: 8,
  }),
  outcome: fc.constantFrom('matched', 'unmatched', 'purchased'),
});

const contributionsOf = (row: { sale: SaleRow } | { preference: PreferenceRow }): Contribution[] =>
  'sale' in row
    ? saleContributions(
        row.sale,
        KIND,
        COMMODITIES.find((c) => c.id === row.sale.commodityId)?.attributes ?? {},
      )
    : preferenceContributions(row.preference, KIND);

/** The market's cells (never a seller's own) after every row, as the fold sums them. */
function cellsOf(rows: ({ sale: SaleRow } | { preference: PreferenceRow })[]): Map<string, number> {
  const cells = new Map<string, number>();
  for (const row of rows) {
    for (const c of contributionsOf(row)) {
      if (c.sellerId !== undefined) continue;
      const id = JSON.stringify([c.metric, c.scope, c.key]);
      cells.set(id, (cells.get(id) ?? 0) + c.value);
    }
  }
  return cells;
}

const row = fc.oneof(
  sale.map((s) => ({ sale: s })),
  preference.map((p) => ({ preference: p })),
);

describe('bounded contributions', () => {
  it('one more purchase or request moves the cells of any metric and scope by at most its sensitivity', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), row, (data, added) => {
        const before = cellsOf(data);
        const after = cellsOf([...data, added]);
        const l1 = new Map<string, number>();
        for (const [id, value] of after) {
          const [metric, scope] = JSON.parse(id) as [keyof typeof METRICS, string];
          const change = Math.abs(value - (before.get(id) ?? 0));
          expect(change, `cell ${id}`).toBeLessThanOrEqual(METRICS[metric].perCell);
          const group = JSON.stringify([metric, scope]);
          l1.set(group, (l1.get(group) ?? 0) + change);
        }
        for (const [group, change] of l1) {
          const [metric] = JSON.parse(group) as [keyof typeof METRICS];
          expect(change, `metric and scope ${group}`).toBeLessThanOrEqual(METRICS[metric].l1PerScope);
        }
        // Nothing a row adds is negative: a cell only grows.
        for (const [id, value] of after) expect(value, id).toBeGreaterThanOrEqual(before.get(id) ?? 0);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a seller’s own units exact beside the market’s bounded ones', () => {
    const c = saleContributions(
      { kindId: 'k', commodityId: 'c1', sellerId: 's1', quantity: 40, unitPriceMinor: 1500, currency: 'JPY' },
      KIND,
      COMMODITIES[0]?.attributes ?? {},
    );
    expect(c).toContainEqual({ metric: 'units', scope: '', key: '1000', value: 5 });
    expect(c).toContainEqual({ metric: 'units', scope: '', key: '1000', value: 40, sellerId: 's1' });
    expect(c).toContainEqual({ metric: 'boughtValues', scope: 'colour', key: 'red', value: 1 });
  });

  it('counts what a request asks for, never a text value, and a failed condition’s values', () => {
    const c = preferenceContributions(
      {
        kindId: 'k',
        currency: 'JPY',
        conditions: [
          { attribute: 'colour', op: 'in', value: ['red', 'blue', 'purple'] },
          { attribute: 'ghz', op: 'between', value: [3.1, 2.4] },
          { attribute: 'note', op: '=' },
        ],
        failed: ['ghz'],
        outcome: 'unmatched',
      },
      KIND,
    );
    expect(c).toEqual(
      expect.arrayContaining([
        { metric: 'requests', scope: '', key: 'unmatched', value: 1 },
        { metric: 'askedValues', scope: 'colour', key: 'red', value: 1 },
        { metric: 'askedValues', scope: 'colour', key: 'blue', value: 1 },
        { metric: 'askedNumbers', scope: 'ghz', key: 'lower:2.4', value: 1 },
        { metric: 'askedNumbers', scope: 'ghz', key: 'upper:3', value: 1 },
        { metric: 'failedConditions', scope: '', key: 'ghz', value: 1 },
        { metric: 'failedValues', scope: 'ghz', key: 'lower:2.4', value: 1 },
      ]),
    );
    expect(c.some((x) => x.scope === 'note' || x.key.includes('purple'))).toBe(false);
  });
});
