import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bernoulli,
  bernoulliExp,
  discreteGaussian,
  discreteLaplace,
  gaussianAccuracy,
  laplaceAccuracy,
  laplaceScaleFor,
  type Rational,
  rational,
  rationalFromDecimal,
  uniformBelow,
} from './noise.ts';

// The samplers draw from node:crypto, so every statistical check below is a test at a fixed
// significance: each may fail by chance with probability about 1e-5, small enough for a suite that
// runs many times, while a wrong sampler fails it by a wide margin (each check shows that too).

/** Samples per distribution: tens of milliseconds to draw, yet enough to see a 10 % error. */
const N = 20_000;

/** One-sided significance of each χ² test, and the standard normal quantile it corresponds to. */
const ALPHA = 1e-5;
const Z_ALPHA = 4.264890793922825;

/** The χ² critical value at ALPHA (Wilson–Hilferty: (χ²/k)^(1/3) is nearly normal). */
const chiSquareCritical = (df: number) => df * (1 - 2 / (9 * df) + Z_ALPHA * Math.sqrt(2 / (9 * df))) ** 3;

/** The exact χ² upper tail for an even df: e^(-x/2)·Σ_{i<df/2} (x/2)^i/i!. */
function chiSquareTailEvenDf(df: number, x: number): number {
  let sum = 0;
  let term = 1;
  for (let i = 0; i < df / 2; i++) {
    sum += term;
    term *= x / 2 / (i + 1);
  }
  return Math.exp(-x / 2) * sum;
}

/** Pearson's statistic of observed against expected counts, with its degrees of freedom. */
function pearson(observed: number[], expected: number[]) {
  const statistic = observed.reduce((sum, o, i) => sum + (o - expected[i]!) ** 2 / expected[i]!, 0);
  return { statistic, df: observed.length - 1, critical: chiSquareCritical(observed.length - 1) };
}

type Pmf = (x: number) => number;

const laplacePmf = (scale: number): Pmf => {
  const q = Math.exp(-1 / scale);
  return (x) => ((1 - q) / (1 + q)) * q ** Math.abs(x);
};

const gaussianPmf = (sigma2: number): Pmf => {
  const weight = (x: number) => Math.exp(-(x * x) / (2 * sigma2));
  let total = 0;
  for (let x = -Math.ceil(40 * Math.sqrt(sigma2)); x <= 40 * Math.sqrt(sigma2); x++) total += weight(x);
  return (x) => weight(x) / total;
};

/** P(|X| ≤ a) for a symmetric pmf. */
const centralMass = (pmf: Pmf, a: number) => {
  let mass = pmf(0);
  for (let x = 1; x <= a; x++) mass += 2 * pmf(x);
  return mass;
};

/**
 * χ² goodness of fit of integer samples to a symmetric pmf. Consecutive integers are pooled into
 * bins of at least 10 expected samples; the tails beyond the last integer worth counting go into
 * the end bins.
 */
function chiSquareFit(samples: bigint[], pmf: Pmf) {
  let span = 0;
  while (samples.length * pmf(span) > 1e-3) span++;
  const outside = Math.max(0, 1 - centralMass(pmf, span)) / 2;
  const binOf: number[] = [];
  const expected: number[] = [];
  let pending = samples.length * outside;
  for (let x = -span; x <= span; x++) {
    pending += samples.length * pmf(x) + (x === span ? samples.length * outside : 0);
    binOf.push(expected.length);
    if (pending >= 10 || x === span) {
      expected.push(pending);
      pending = 0;
    }
  }
  // A last bin short of 10 expected samples joins the one before it.
  if (expected.length > 1 && expected.at(-1)! < 10) {
    expected[expected.length - 2]! += expected.pop()!;
    for (let i = binOf.length - 1; binOf[i] === expected.length; i--) binOf[i] = expected.length - 1;
  }
  const observed = expected.map(() => 0);
  for (const sample of samples) {
    const x = Math.min(span, Math.max(-span, Number(sample)));
    observed[binOf[x + span]!]!++;
  }
  return pearson(observed, expected);
}

const draw = (n: number, sample: () => bigint) => Array.from({ length: n }, sample);
/** A rational written as in the test names: '10/3', '2'. */
const q = (text: string) => {
  const [num, den = '1'] = text.split('/');
  return rational(BigInt(num!), BigInt(den));
};
const toNumber = (r: Rational) => Number(r.num) / Number(r.den);

describe('the χ² test used here', () => {
  it('has the stated significance: the exact tail at the critical value is at most ALPHA', () => {
    for (const df of [2, 4, 10, 30, 100]) {
      const tail = chiSquareTailEvenDf(df, chiSquareCritical(df));
      expect(tail).toBeLessThanOrEqual(ALPHA);
      expect(tail).toBeGreaterThan(ALPHA / 3);
    }
  });
});

describe('uniformBelow', () => {
  it('gives every value below a small n equally often (node:crypto randomInt)', () => {
    const observed = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 60_000; i++) observed[Number(uniformBelow(6n))]!++;
    const fit = pearson(
      observed,
      observed.map(() => 10_000),
    );
    expect(fit.statistic).toBeLessThan(fit.critical);
  });

  it('has no modulo bias above 2^48, where it rejects over random bytes itself', () => {
    // n = 3·2^62: a 64-bit draw reduced modulo n would land in the first third twice as often.
    const n = 3n << 62n;
    const third = (v: bigint) => Number(v >> 62n);
    const observed = [0, 0, 0];
    const folded = [0, 0, 0];
    let outOfRange = 0;
    for (let i = 0; i < 30_000; i++) {
      const v = uniformBelow(n);
      if (v < 0n || v >= n) outOfRange++;
      else observed[third(v)]!++;
      folded[third(randomBytes(8).readBigUInt64BE() % n)]!++;
    }
    expect(outOfRange).toBe(0);
    const expected = [10_000, 10_000, 10_000];
    const fit = pearson(observed, expected);
    expect(fit.statistic).toBeLessThan(fit.critical);
    // The test can fail: the biased reduction it guards against does.
    expect(pearson(folded, expected).statistic).toBeGreaterThan(fit.critical);
  });

  it('has one value below 1 and none below 0', () => {
    expect(uniformBelow(1n)).toBe(0n);
    expect(() => uniformBelow(0n)).toThrow(RangeError);
  });
});

describe('Bernoulli coins', () => {
  const withinFiveSd = (hits: number, p: number) =>
    Math.abs(hits / N - p) <= 5 * Math.sqrt((p * (1 - p)) / N) + Number.EPSILON;

  it.each([
    [0, 1],
    [1, 3],
    [1, 1],
    [5, 2],
    [4, 1],
  ])('Bernoulli(exp(-%i/%i)) is true with probability exp(-x)', (num, den) => {
    const p = Math.exp(-num / den);
    let hits = 0;
    for (let i = 0; i < N; i++) if (bernoulliExp(rational(num, den))) hits++;
    expect(withinFiveSd(hits, p)).toBe(true);
  });

  it('Bernoulli(p) is true with probability p', () => {
    let hits = 0;
    for (let i = 0; i < N; i++) if (bernoulli(rational(1, 3))) hits++;
    expect(withinFiveSd(hits, 1 / 3)).toBe(true);
    expect(withinFiveSd(hits, 0.36)).toBe(false);
    expect(bernoulli(rational(0))).toBe(false);
    expect(bernoulli(rational(1))).toBe(true);
  });
});

describe('noise is an integer', () => {
  it('as a bigint, beyond the range of floats when the scale asks for it', () => {
    const laplace = draw(20, () => discreteLaplace(rational(10n ** 20n)));
    const gaussian = draw(20, () => discreteGaussian(rational(10n ** 40n)));
    for (const x of [...laplace, ...gaussian]) expect(typeof x).toBe('bigint');
    // |X| > 2^53 with probability over 0.99 for each; one such sample in 20 is certain in practice.
    expect(laplace.some((x) => x > 2n ** 53n || x < -(2n ** 53n))).toBe(true);
    expect(gaussian.some((x) => x > 2n ** 53n || x < -(2n ** 53n))).toBe(true);
  });

  it('zero for a zero scale', () => {
    expect(discreteLaplace(rational(0))).toBe(0n);
    expect(discreteGaussian(rational(0))).toBe(0n);
  });
});

describe('discrete Laplace', () => {
  it.each(['1/2', '1', '10/3', '10'])('fits P(X = x) ∝ exp(-|x|/scale) at scale %s (χ²)', (text) => {
    const scale = q(text);
    const samples = draw(N, () => discreteLaplace(scale));
    const pmf = laplacePmf(toNumber(scale));
    const fit = chiSquareFit(samples, pmf);
    expect(fit.statistic).toBeLessThan(fit.critical);
    // The test can fail: the same samples reject a sampler that lets zero come with both signs.
    const zeroTwice: Pmf = (x) => (x === 0 ? 2 * pmf(0) : pmf(x)) / (1 + pmf(0));
    const wrong = chiSquareFit(samples, zeroTwice);
    expect(wrong.statistic).toBeGreaterThan(wrong.critical);
  });
});

describe('discrete Gaussian', () => {
  it.each(['1/2', '3', '12345/1000', '100'])('fits P(X = x) ∝ exp(-x²/2σ²) at σ² = %s (χ²)', (text) => {
    const sigma2 = q(text);
    const samples = draw(N, () => discreteGaussian(sigma2));
    const fit = chiSquareFit(samples, gaussianPmf(toNumber(sigma2)));
    expect(fit.statistic).toBeLessThan(fit.critical);
    // The test can fail: the same samples reject a variance 20 % off.
    const wrong = chiSquareFit(samples, gaussianPmf(1.2 * toNumber(sigma2)));
    expect(wrong.statistic).toBeGreaterThan(wrong.critical);
  });
});

describe('ε-differential privacy of x + discrete Laplace(Δ/ε)', () => {
  /** Outcomes seen fewer times than this in either run are too noisy to compare. */
  const MIN_SEEN = 200;

  /**
   * Compares the outputs for x = 0 and its neighbour x = Δ outcome by outcome. Each must have
   * |ln(P(y | 0)/P(y | Δ))| ≤ ε; the empirical log ratio is allowed 5 standard errors above ε
   * (√(1/a + 1/b) for counts a and b), so a correct sampler passes all outcomes with
   * probability above 1 - 1e-5.
   */
  function privacyLoss(scale: Rational, sensitivity: bigint, epsilon: number) {
    const counts = (shift: bigint) => {
      const seen = new Map<bigint, number>();
      for (let i = 0; i < N; i++) {
        const y = shift + discreteLaplace(scale);
        seen.set(y, (seen.get(y) ?? 0) + 1);
      }
      return seen;
    };
    const here = counts(0n);
    const there = counts(sensitivity);
    let compared = 0;
    let exceeded = 0;
    for (const [y, a] of here) {
      const b = there.get(y) ?? 0;
      if (a < MIN_SEEN || b < MIN_SEEN) continue;
      compared++;
      if (Math.abs(Math.log(a / b)) > epsilon + 5 * Math.sqrt(1 / a + 1 / b)) exceeded++;
    }
    return { compared, exceeded };
  }

  it.each([
    [1, '0.5'],
    [5, '0.5'],
    [2, '1'],
    [1, '2'],
  ])('holds for Δ = %i, ε = %s, and fails with half the noise', (delta, epsilonText) => {
    const sensitivity = BigInt(delta);
    const epsilon = rationalFromDecimal(epsilonText);
    const scale = laplaceScaleFor(sensitivity, epsilon);
    const loss = privacyLoss(scale, sensitivity, toNumber(epsilon));
    expect(loss.compared).toBeGreaterThanOrEqual(3);
    expect(loss.exceeded).toBe(0);
    // The test can fail: with the scale halved the privacy loss is 2ε, and it sees that.
    const halved = privacyLoss(rational(scale.num, 2n * scale.den), sensitivity, toNumber(epsilon));
    expect(halved.exceeded).toBeGreaterThan(0);
  });
});

describe('accuracy', () => {
  const confidences = [0.5, 0.9, 0.95, 0.99];

  /** a is the smallest integer with P(|X| ≤ a) ≥ confidence under the exact pmf. */
  const isSmallestWithin = (pmf: Pmf, a: number, confidence: number) =>
    centralMass(pmf, a) >= confidence && (a === 0 || centralMass(pmf, a - 1) < confidence);

  it.each(['1/2', '1', '10/3', '10', '100'])(
    'of discrete Laplace noise at scale %s matches its cdf',
    (text) => {
      const scale = q(text);
      for (const confidence of confidences) {
        const a = laplaceAccuracy(scale, confidence);
        expect(isSmallestWithin(laplacePmf(toNumber(scale)), a, confidence)).toBe(true);
      }
    },
  );

  it.each(['1/4', '1', '9', '12345/1000', '100'])(
    'of discrete Gaussian noise at σ² = %s matches its cdf',
    (text) => {
      const sigma2 = q(text);
      for (const confidence of confidences) {
        const a = gaussianAccuracy(sigma2, confidence);
        expect(isSmallestWithin(gaussianPmf(toNumber(sigma2)), a, confidence)).toBe(true);
      }
    },
  );

  it('agrees with the continuous distributions at large scales, and is 0 without noise', () => {
    // Laplace scale 10: 10·ln 20 ≈ 30.0; Gaussian σ = 10: 1.96σ ≈ 19.6, the integer 20.
    expect(laplaceAccuracy(rational(10))).toBe(30);
    expect(gaussianAccuracy(rational(100))).toBe(20);
    expect(laplaceAccuracy(rational(0))).toBe(0);
    expect(gaussianAccuracy(rational(0))).toBe(0);
    expect(() => laplaceAccuracy(rational(1), 1)).toThrow(RangeError);
  });
});

describe('exact rationals', () => {
  it('reads a decimal ε exactly', () => {
    expect(rationalFromDecimal('0.5')).toEqual({ num: 1n, den: 2n });
    expect(rationalFromDecimal(0.1)).toEqual({ num: 1n, den: 10n });
    expect(rationalFromDecimal('1.250')).toEqual({ num: 5n, den: 4n });
    expect(rationalFromDecimal(2)).toEqual({ num: 2n, den: 1n });
    for (const bad of ['-1', '1e-7', 1e-7, '.5', '1.', ' 1', '0.1234567891', '1234567890', Number.NaN]) {
      expect(() => rationalFromDecimal(bad)).toThrow(RangeError);
    }
  });

  it('makes the Laplace scale Δ/ε', () => {
    expect(laplaceScaleFor(1, rationalFromDecimal('0.5'))).toEqual({ num: 2n, den: 1n });
    expect(laplaceScaleFor(2n, rationalFromDecimal('0.3'))).toEqual({ num: 20n, den: 3n });
    expect(() => laplaceScaleFor(1, rational(0))).toThrow(RangeError);
  });

  it('keeps rationals in lowest terms and refuses negative ones', () => {
    expect(rational(6, 4)).toEqual({ num: 3n, den: 2n });
    expect(() => rational(1, 0)).toThrow(RangeError);
    expect(() => rational(-1, 2)).toThrow(RangeError);
  });
});

describe('analytics code', () => {
  // Written without the literal call, so this file does not match itself.
  const FLOAT_RANDOM = /\bMath\s*(?:\.\s*random\b|\[\s*['"`]random)/;
  const sourceFiles = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
    });

  it("never draws from Math's float generator (every file under src/market/analytics/)", () => {
    expect(FLOAT_RANDOM.test(`const u = ${['Math', 'random'].join('.')}();`)).toBe(true);
    const files = sourceFiles(import.meta.dirname);
    expect(files).toContain(join(import.meta.dirname, 'noise.ts'));
    expect(files.filter((file) => FLOAT_RANDOM.test(readFileSync(file, 'utf8')))).toEqual([]);
  });
});
