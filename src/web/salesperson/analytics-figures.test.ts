import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';
import { analysisTitle, measureName } from '../app/analytics-names.ts';
import type { Translate } from '../app/translate.ts';
import { CATALOGUES } from '../i18n/i18n.tsx';
import type { Release, ReleasedCell, ReleasedMeasure } from './analytics-api.ts';
import { bandLabels, measureFigure, tellsAnything } from './analytics-figures.ts';
import { lastClosedRange } from './analytics-periods.ts';
import { english } from './testing/english.ts';
import type { Kind } from './types.ts';

const cell = (period: string | null, key: string, value: number | null, label = key): ReleasedCell => ({
  period,
  key,
  label,
  value,
  suppressed: value === null,
});

const measure = (name: string, byPeriod: boolean, cells: ReleasedCell[]): ReleasedMeasure => ({
  name,
  label: name,
  byPeriod,
  epsilon: '1',
  sensitivity: 5,
  accuracy95: 15,
  threshold: 15,
  cells,
});

const release = (
  analysis: Release['analysis'],
  measures: ReleasedMeasure[],
  extra: Partial<Release> = {},
): Release => ({
  analysis,
  title: analysis,
  parameters: {
    kind: 'personal-computer',
    currency: 'JPY',
    granularity: 'week',
    from: '2026-10-05',
    to: '2026-10-18',
  },
  periods: [
    { key: '2026-W41', from: '2026-10-05', to: '2026-10-11' },
    { key: '2026-W42', from: '2026-10-12', to: '2026-10-18' },
  ],
  epsilon: '1',
  measures,
  derived: [],
  own: {},
  ...extra,
});

const kind: Kind = {
  id: 'personal-computer',
  names: { en: 'Personal computer' },
  descriptions: {},
  updatedAt: '2026-01-01T00:00:00Z',
  attributes: [
    {
      name: 'cpu_mhz',
      labels: { en: 'CPU speed' },
      type: 'number',
      required: true,
      units: { en: 'MHz' },
      integer: true,
      slot: 'n1',
    },
    {
      name: 'colour',
      labels: { en: 'Colour' },
      type: 'enum',
      required: false,
      values: ['black', 'wool_blend'],
      valueLabels: {},
      slot: 'e1',
    },
  ],
};

const plain = { integer: true, format: (n: number) => `${n}` };

describe('analytics figures', () => {
  it('words bands as ranges: whole numbers end one below the next band', () => {
    const labels = bandLabels(english, ['<1', '1', '2', '5', '≥10'], plain);
    expect([...labels.values()]).toEqual(['under 1', '1', '2–4', '5–9', '10 and over']);
    const decimals = bandLabels(english, ['<0.5', '0.5', '1', '≥1.5'], {
      integer: false,
      format: (n) => `${n}`,
    });
    expect(decimals.get('0.5')).toBe('0.5 to under 1');
  });

  it('draws a series per key over the periods, leaving out keys suppressed throughout, with the seller’s own units', () => {
    const r = release(
      'sales-volume',
      [
        measure('units', true, [
          cell('2026-W41', '<1', null),
          cell('2026-W41', '1000', 40),
          cell('2026-W41', '≥2000', null),
          cell('2026-W42', '<1', null),
          cell('2026-W42', '1000', null),
          cell('2026-W42', '≥2000', 30),
        ]),
      ],
      {
        own: {
          units: [
            { period: '2026-W41', key: '1000', value: 10 },
            { period: '2026-W42', key: '≥2000', value: 3 },
          ],
        },
      },
    );
    const figure = measureFigure(english, r, r.measures[0] as ReleasedMeasure, kind);
    expect(figure.layout).toBe('periods');
    expect(figure.series).toHaveLength(2);
    expect(
      figure.rows.map((row) => row.cells.map((c) => c?.value ?? (c?.suppressed ? 'suppressed' : '—'))),
    ).toEqual([
      [40, 'suppressed'],
      ['suppressed', 30],
    ]);
    expect(figure.notes).toEqual([
      '1 price band is suppressed in every period, so left out: too few to tell from noise.',
    ]);
    expect(figure.columns).toHaveLength(1);
    expect(figure.own?.values).toEqual([10, 3]);
    expect(figure.columns[0]?.values).toEqual(['25%', '10%']);
  });

  it('trims the bands at either end where everything is suppressed, keeping suppressed bands between', () => {
    const r = release('price-distribution', [
      measure('units', false, [
        cell(null, '<1', null),
        cell(null, '1', null),
        cell(null, '2', 20),
        cell(null, '5', null),
        cell(null, '10', 25),
        cell(null, '≥20', null),
      ]),
    ]);
    r.own = {
      offers: [{ commodityId: 'c1', name: 'Mine', price: 7, band: '5', cheaperShare: 0.4, dearerShare: 0.6 }],
    };
    const figure = measureFigure(english, r, r.measures[0] as ReleasedMeasure, kind);
    expect(figure.rows.map((row) => row.x)).toEqual(['2', '5', '10']);
    expect(figure.rows[1]?.cells[0]?.suppressed).toBe(true);
    expect(figure.notes).toHaveLength(1);
    expect(figure.notes[0]).toMatch(/^Price bands under \D*2 and from \D*20 up are left out/);
    expect(figure.marks).toEqual([{ x: '5', label: 'Your offer: Mine' }]);
  });

  it('puts the lowest, highest and exact values asked for side by side per band, in the attribute’s unit', () => {
    const r = release(
      'requested-values',
      [
        measure('asked', false, [
          cell(null, 'lower:1000', 18),
          cell(null, 'lower:2000', null),
          cell(null, 'upper:1000', null),
          cell(null, 'upper:2000', 22),
          cell(null, 'exact:1000', null),
          cell(null, 'exact:2000', null),
        ]),
      ],
      {},
    );
    r.parameters.attribute = 'cpu_mhz';
    const figure = measureFigure(english, r, r.measures[0] as ReleasedMeasure, kind);
    expect(figure.series.map((s) => s.label)).toEqual([
      'Lowest value asked',
      'Highest value asked',
      'Exact value asked',
    ]);
    expect(figure.rows.map((row) => row.label)).toEqual([
      `${(1000).toLocaleString()} MHz–${(1999).toLocaleString()} MHz`,
      `${(2000).toLocaleString()} MHz and over`,
    ]);
    expect(figure.rowHeading).toBe('CPU speed band');
  });

  it('names only the best sellers that can be told from noise, most sold first, marking the seller’s own', () => {
    const r = release(
      'best-sellers',
      [
        measure('units', false, [
          cell(null, 'a', 16, 'Alpha'),
          cell(null, 'b', null, 'Beta'),
          cell(null, 'c', 80, 'Gamma'),
          cell(null, 'd', 50, 'Delta'),
        ]),
      ],
      { own: { commodityIds: ['d'] } },
    );
    r.derived = [
      {
        name: 'demand',
        label: 'Relative demand',
        rows: [
          { period: null, key: 'c', label: 'Gamma', value: 'very high' },
          { period: null, key: 'd', label: 'Delta', value: 'very high' },
          { period: null, key: 'a', label: 'Alpha', value: 'medium' },
        ],
      },
    ];
    const figure = measureFigure(english, r, r.measures[0] as ReleasedMeasure, kind);
    expect(figure.rows.map((row) => row.label)).toEqual(['Gamma', 'Delta (yours)', 'Alpha']);
    expect(figure.rows.map((row) => row.yours)).toEqual([false, true, false]);
    expect(figure.columns[0]?.values).toEqual(['Very high', 'Very high', 'Medium']);
    expect(figure.notes).toEqual(['1 commodity sold too few to tell from noise: not named.']);
    expect(JSON.stringify(figure)).not.toContain('Beta');
  });

  it('counts the best sellers a release does not list', () => {
    const units = measure('units', false, [cell(null, 'c', 80, 'Gamma')]);
    units.unlisted = { suppressed: 1200, beyondTop: 1 };
    const r = release('best-sellers', [units]);
    const figure = measureFigure(english, r, units, kind);
    expect(figure.notes).toEqual([
      `${(1200).toLocaleString()} commodities sold too few to tell from noise: not named.`,
      '1 commodity sold less than the last one listed: not listed.',
    ]);
  });

  it('says the conversion share only for periods whose every outcome is shown', () => {
    const r = release('conversion', [
      measure('requests', true, [
        cell('2026-W41', 'matched', 60),
        cell('2026-W41', 'unmatched', 20),
        cell('2026-W41', 'purchased', 20),
        cell('2026-W42', 'matched', 50),
        cell('2026-W42', 'unmatched', null),
        cell('2026-W42', 'purchased', 25),
      ]),
    ]);
    const figure = measureFigure(english, r, r.measures[0] as ReleasedMeasure, kind);
    expect(figure.series.map((s) => s.label)).toEqual([
      'Matched offers',
      'Found nothing',
      'Ended in a purchase',
    ]);
    expect(figure.columns[0]?.values).toEqual(['20%', '—']);
  });

  it('words enum values and failed conditions, and knows a measure with nothing to tell', () => {
    const r = release('unmet-demand', [
      measure('failed', false, [cell(null, 'cpu_mhz', null), cell(null, 'combination', null)]),
    ]);
    const figure = measureFigure(english, r, r.measures[0] as ReleasedMeasure, kind);
    expect(figure.rows.map((row) => row.label)).toEqual(['CPU speed', 'Their combination']);
    expect(tellsAnything(figure)).toBe(false);
    const preference = release('attribute-preference', [
      measure('purchases', true, [cell('2026-W41', 'wool_blend', 16), cell('2026-W42', 'black', null)]),
    ]);
    const words = measureFigure(english, preference, preference.measures[0] as ReleasedMeasure, kind);
    expect(words.series.map((s) => s.label)).toEqual(['wool blend']);
    expect(words.notes).toEqual(['Suppressed in every period, so left out: black.']);
  });

  it('over a single period, sets the keys side by side, suppressed ones marked, the seller’s own units by band', () => {
    const one = { periods: [{ key: '2026-10-05', from: '2026-10-05', to: '2026-10-05' }] };
    const preference = release(
      'attribute-preference',
      [measure('purchases', true, [cell('2026-10-05', 'black', 20), cell('2026-10-05', 'wool_blend', null)])],
      one,
    );
    const values = measureFigure(english, preference, preference.measures[0] as ReleasedMeasure, kind);
    expect(values.layout).toBe('categories');
    expect(values.rowHeading).toBe('Value');
    expect(values.rows.map((row) => [row.label, row.cells[0]?.suppressed])).toEqual([
      ['black', false],
      ['wool blend', true],
    ]);
    const sales = release(
      'sales-volume',
      [measure('units', true, [cell('2026-10-05', '1000', 40), cell('2026-10-05', '2000', 16)])],
      { ...one, own: { units: [{ period: '2026-10-05', key: '2000', value: 3 }] } },
    );
    const units = measureFigure(english, sales, sales.measures[0] as ReleasedMeasure, kind);
    expect(units.own).toMatchObject({ column: 'Yours (exact)', values: [0, 3] });
    expect(units.columns.map((c) => c.values)).toEqual([['0%', '19%']]);
  });
});

describe('analytics figures in Japanese', () => {
  const intl = createIntl({ locale: 'ja', messages: CATALOGUES.ja });
  const japanese: Translate = (id, values) => intl.formatMessage({ id }, values);
  // Labelled in Japanese only: the figures name attributes by the kind's labels, not the market's text.
  const kindJa: Kind = {
    ...kind,
    attributes: kind.attributes.map((a) => ({
      ...a,
      labels: { ja: a.name === 'cpu_mhz' ? 'CPU 速度' : '色' },
    })),
  };
  const said = (name: string, label: string, cells: ReleasedCell[], byPeriod = false) => ({
    ...measure(name, byPeriod, cells),
    label,
  });

  it('names measures, conditions and demand from the codes, not the market’s English', () => {
    const unmet = release(
      'unmet-demand',
      [
        said(
          'unmatched',
          'Requests that found nothing',
          [cell('2026-W41', 'unmatched', 30, 'unmatched')],
          true,
        ),
        said('failed', 'Requests where no offer met this condition', [
          cell(null, '*kind', 20, 'nothing of the kind on sale'),
          cell(null, 'cpu_mhz', 18, 'CPU speed'),
          cell(null, 'price', 16, 'price'),
          cell(null, '*combination', 17, 'each condition alone, not all together'),
        ]),
        said('values', 'Values asked for CPU speed where nothing met it', [cell(null, 'exact:1000', 20)]),
      ],
      { parameters: { ...release('unmet-demand', []).parameters, attribute: 'cpu_mhz' } },
    );
    const figures = unmet.measures.map((m) => measureFigure(japanese, unmet, m, kindJa));
    expect(figures.map((f) => f.label)).toEqual([
      '何も見つからなかったリクエスト数',
      'どの出品も条件を満たせなかったリクエスト数',
      '何も見つからなかったリクエストで希望されたCPU 速度の値',
    ]);
    expect(figures[0]?.series.map((s) => s.label)).toEqual(['何も見つからなかったリクエスト数']);
    expect(figures[1]?.rows.map((row) => row.label)).toEqual([
      'この種類の出品がない',
      'CPU 速度',
      '価格',
      '条件の組み合わせ',
    ]);
    const words = figures.flatMap((f) => [
      f.label,
      f.rowHeading,
      ...f.series.map((x) => x.label),
      ...f.rows.map((row) => row.label),
      ...f.notes,
    ]);
    expect(words.join('\n')).not.toMatch(/Requests|Values|CPU speed|nothing|condition|price/i);

    const best = release(
      'best-sellers',
      [said('units', 'Units sold', [cell(null, 'a', 80, 'Alpha'), cell(null, 'b', 10, 'Beta')])],
      {
        derived: [
          {
            name: 'demand',
            label: 'Relative demand',
            rows: [
              { period: null, key: 'a', label: 'Alpha', value: 'very high' },
              { period: null, key: 'b', label: 'Beta', value: 'medium' },
            ],
          },
        ],
      },
    );
    const sellers = measureFigure(japanese, best, best.measures[0] as ReleasedMeasure, kindJa);
    expect([sellers.label, sellers.series[0]?.label]).toEqual(['販売数', '販売数']);
    expect(sellers.columns[0]?.values).toEqual(['非常に高い', '中程度']);
  });

  it('marks a kind’s words given only in the other language than the page’s (here English)', () => {
    const r = release('unmet-demand', [
      measure('failed', false, [
        cell(null, 'cpu_mhz', 20),
        cell(null, 'colour', 18),
        cell(null, 'price', 16),
      ]),
    ]);
    const mixed: Kind = {
      ...kind,
      attributes: kind.attributes.map((a) =>
        a.name === 'cpu_mhz' ? { ...a, labels: { ja: 'CPU 速度' } } : a,
      ),
    };
    const figure = measureFigure(english, r, r.measures[0] as ReleasedMeasure, mixed);
    expect(figure.rows.map((row) => [row.label, row.lang])).toEqual([
      ['CPU 速度', 'ja'],
      ['Colour', undefined],
      ['Price', undefined],
    ]);
  });

  it('keeps the market’s words for an analysis or measure the terminal does not know', () => {
    expect(analysisTitle(japanese, 'conversion', 'Conversion')).toBe('コンバージョン');
    expect(analysisTitle(japanese, 'basket-size', 'Basket size')).toBe('Basket size');
    expect(measureName(japanese, 'conversion', { name: 'refunds', label: 'Refunds' }, undefined)).toBe(
      'Refunds',
    );
  });
});

describe('default ranges', () => {
  // A Thursday.
  const today = '2026-11-05';

  it('are the last ended periods before today', () => {
    expect(lastClosedRange('week', today)).toEqual({ from: '2026-08-10', to: '2026-11-01' });
    expect(lastClosedRange('day', today)).toEqual({ from: '2026-10-08', to: '2026-11-04' });
    expect(lastClosedRange('month', today)).toEqual({ from: '2025-11-01', to: '2026-10-31' });
  });

  it('on a Monday and on the first of a month end with the day before', () => {
    expect(lastClosedRange('week', '2026-11-02', 1)).toEqual({ from: '2026-10-26', to: '2026-11-01' });
    expect(lastClosedRange('month', '2026-01-01', 2)).toEqual({ from: '2025-11-01', to: '2025-12-31' });
  });
});
