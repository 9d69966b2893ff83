import type { Executor } from '../../platform/db/database.ts';
import { readCells } from './aggregates.ts';
import {
  type AnalysisDefinition,
  type AnalysisId,
  type MeasureSpec,
  type ResolvedParameters,
  sensitivityOf,
} from './catalogue.ts';
import { discreteLaplace, laplaceAccuracy, type Rational, rational } from './noise.ts';
import { type Period, periodOf } from './periods.ts';

/**
 * C2: a release computed from the aggregates. Every cell of every measure over its public keys
 * gets discrete Laplace noise scaled to the measure's sensitivity over its share of ε (the
 * measures of one release split its ε evenly). A cell whose noisy value is under the noise's
 * own 95 % bound can't be told from zero, so it is suppressed: marked, and no value given.
 */

export interface ReleasedCell {
  period: string | null;
  key: string;
  label: string;
  value: number | null;
  suppressed: boolean;
}

export interface ReleasedMeasure {
  name: string;
  label: string;
  byPeriod: boolean;
  /** ε this measure spent, as a decimal. */
  epsilon: string;
  /** How much one purchase or one request can change the measure's cells together. */
  sensitivity: number;
  /** ± this much around the true value, with 95 % confidence, for each cell. */
  accuracy95: number;
  /** Cells under this noisy value are suppressed. */
  threshold: number;
  cells: ReleasedCell[];
  /** For a measure that lists only its largest cells: how many were left out, and why. */
  unlisted?: { suppressed: number; beyondTop: number };
}

/** A figure worked out from a release's shown cells: no new look at the data, so no more ε. */
export interface DerivedRow {
  period: string | null;
  key: string;
  label: string;
  value: number | string | null;
}

export interface ReleaseBody {
  analysis: AnalysisId;
  title: string;
  parameters: ResolvedParameters;
  periods: Period[];
  epsilon: string;
  measures: ReleasedMeasure[];
  derived: { name: string; label: string; rows: DerivedRow[] }[];
}

export const microToDecimal = (micro: number) => String(micro / 1_000_000);

/** The noise scale of each measure of a release spending `epsilonMicro` (millionths of ε) in all. */
export function measureScale(measure: MeasureSpec, measures: number, epsilonMicro: number): Rational {
  return rational(BigInt(sensitivityOf(measure)) * 1_000_000n * BigInt(measures), BigInt(epsilonMicro));
}

/** What a quote promises before anything is computed: each measure's accuracy. */
export function expectedAccuracy(specs: MeasureSpec[], epsilonMicro: number) {
  return specs.map((m) => ({
    name: m.name,
    label: m.label,
    accuracy95: laplaceAccuracy(measureScale(m, specs.length, epsilonMicro)),
  }));
}

export async function computeRelease(
  db: Executor,
  definition: AnalysisDefinition,
  parameters: ResolvedParameters,
  specs: MeasureSpec[],
  periods: Period[],
  epsilonMicro: number,
): Promise<ReleaseBody> {
  const from = periods[0]?.from ?? parameters.from;
  const to = periods[periods.length - 1]?.to ?? parameters.to;
  const measures: ReleasedMeasure[] = [];
  for (const spec of specs) {
    const stored = await readCells(db, {
      kindId: parameters.kind,
      currency: parameters.currency,
      metric: spec.metric,
      scope: spec.scope,
      from,
      to,
      ...(spec.byPeriod && { per: parameters.granularity }),
    });
    const truth = new Map<string, number>();
    for (const cell of stored) {
      const period = cell.period === null ? '' : periodOf(parameters.granularity, cell.period).key;
      truth.set(`${period}\u0000${cell.key}`, cell.value);
    }
    const scale = measureScale(spec, specs.length, epsilonMicro);
    const accuracy95 = laplaceAccuracy(scale);
    const threshold = Math.max(accuracy95, 1);
    const cells: ReleasedCell[] = [];
    for (const period of spec.byPeriod ? periods.map((p) => p.key) : [null]) {
      for (const { key, label } of spec.keys) {
        const exact = truth.get(`${period ?? ''}\u0000${key}`) ?? 0;
        const noisy = exact + Number(discreteLaplace(scale));
        const suppressed = noisy < threshold;
        cells.push({ period, key, label, value: suppressed ? null : noisy, suppressed });
      }
    }
    const listed =
      spec.top === undefined
        ? cells
        : cells
            .filter((c) => !c.suppressed)
            .sort((a, b) => (b.value ?? 0) - (a.value ?? 0))
            .slice(0, spec.top);
    const suppressed = cells.filter((c) => c.suppressed).length;
    measures.push({
      name: spec.name,
      label: spec.label,
      byPeriod: spec.byPeriod,
      epsilon: String(epsilonMicro / 1_000_000 / specs.length),
      sensitivity: sensitivityOf(spec),
      accuracy95,
      threshold,
      cells: listed,
      ...(spec.top !== undefined && {
        unlisted: { suppressed, beyondTop: cells.length - suppressed - listed.length },
      }),
    });
  }
  return {
    analysis: definition.id,
    title: definition.title,
    parameters,
    periods,
    epsilon: microToDecimal(epsilonMicro),
    measures,
    derived: derive(definition.id, measures, periods),
  };
}

/** Relative demand, as marketplaces show best sellers: against the best seller's noisy units. */
const DEMAND = [
  { atLeast: 0.5, bucket: 'very high' },
  { atLeast: 0.25, bucket: 'high' },
  { atLeast: 0.1, bucket: 'medium' },
  { atLeast: 0, bucket: 'low' },
];

/** Totals, shares and ranks from the shown cells; a suppressed cell counts as nothing. */
function derive(analysis: AnalysisId, measures: ReleasedMeasure[], periods: Period[]) {
  const cells = (name: string) => measures.find((m) => m.name === name)?.cells ?? [];
  const value = (c: ReleasedCell | undefined) => c?.value ?? 0;
  if (analysis === 'sales-volume') {
    const units = cells('units');
    return [
      {
        name: 'totals',
        label: 'Units sold',
        rows: periods.map((p) => ({
          period: p.key,
          key: 'units',
          label: 'Units',
          value: units.filter((c) => c.period === p.key).reduce((n, c) => n + value(c), 0),
        })),
      },
    ];
  }
  if (analysis === 'best-sellers') {
    const shown = cells('units')
      .filter((c) => !c.suppressed)
      .sort((a, b) => value(b) - value(a));
    const top = value(shown[0]);
    return [
      {
        name: 'demand',
        label: 'Relative demand',
        rows: shown.map((c) => ({
          period: null,
          key: c.key,
          label: c.label,
          value: DEMAND.find((d) => value(c) >= d.atLeast * top)?.bucket ?? 'low',
        })),
      },
    ];
  }
  if (analysis === 'conversion') {
    const requests = cells('requests');
    const of = (p: Period, key: string) => value(requests.find((c) => c.period === p.key && c.key === key));
    return [
      {
        name: 'rates',
        label: 'Conversion',
        rows: periods.flatMap((p) => {
          const asked = of(p, 'matched') + of(p, 'unmatched');
          const share = (n: number) => (asked > 0 ? Math.min(1, n / asked) : null);
          return [
            { period: p.key, key: 'matched', label: 'Found offers', value: share(of(p, 'matched')) },
            {
              period: p.key,
              key: 'purchased',
              label: 'Ended in a purchase',
              value: share(of(p, 'purchased')),
            },
          ];
        }),
      },
    ];
  }
  return [];
}
