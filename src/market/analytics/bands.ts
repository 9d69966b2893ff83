/**
 * Public bands for numbers: prices and numeric attributes are counted in bands fixed in advance,
 * never in bands taken from the data (a band edge at a purchaser's exact value would tell it).
 * Each band is [lower, upper); the first and last are open-ended.
 */
export interface Band {
  key: string;
  lower: number | null;
  upper: number | null;
}

/** 1, 2, 5, 10, 20, 50 … from 10^fromExp up to 10^toExp, written exactly (no 0.1 × 3 drift). */
const oneTwoFive = (fromExp: number, toExp: number) => {
  const edges: number[] = [];
  for (let e = fromExp; e < toExp; e++) for (const m of [1, 2, 5]) edges.push(Number(`${m}e${e}`));
  edges.push(Number(`1e${toExp}`));
  return edges;
};

const fromEdges = (edges: number[]): Band[] => {
  const bands: Band[] = [{ key: `<${edges[0]}`, lower: null, upper: edges[0] ?? null }];
  for (let i = 0; i < edges.length - 1; i++) {
    bands.push({ key: `${edges[i]}`, lower: edges[i] ?? null, upper: edges[i + 1] ?? null });
  }
  const last = edges[edges.length - 1] ?? null;
  bands.push({ key: `≥${last}`, lower: last, upper: null });
  return bands;
};

/** Prices in minor units: 1–2–5 steps from 1 to 10^12. */
export const PRICE_BANDS: readonly Band[] = fromEdges([0, ...oneTwoFive(0, 12)]).slice(1);

/**
 * A numeric attribute's bands: ten equal bands over the range its kind declares, or 1–2–5
 * steps from 0.001 to 10^9 when it declares none (the kind's schema is public, so are these).
 */
export function attributeBands(range: { min?: number; max?: number }): readonly Band[] {
  const { min, max } = range;
  if (min !== undefined && max !== undefined && max > min) {
    const width = (max - min) / 10;
    // Rounded to 12 significant digits, so an edge reads 1.8 and not 1.7999999999999998.
    const edges = Array.from({ length: 11 }, (_, i) =>
      i === 10 ? max : Number((min + i * width).toPrecision(12)),
    );
    return fromEdges(edges);
  }
  return fromEdges([0, ...oneTwoFive(-3, 9)]);
}

/** The band holding `value` (binary search over the edges). */
export function bandOf(bands: readonly Band[], value: number): Band {
  let low = 0;
  let high = bands.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    const lower = bands[mid]?.lower;
    if (lower !== null && lower !== undefined && value >= lower) low = mid;
    else high = mid - 1;
  }
  return bands[low] as Band;
}
