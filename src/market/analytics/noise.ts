import { randomBytes, randomInt } from 'node:crypto';

/**
 * Integer noise for differential privacy, sampled exactly: the discrete Laplace and discrete
 * Gaussian samplers of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential
 * Privacy" (2020), as OpenDP implements them. Every step is BigInt and rational arithmetic on
 * unbiased random integers from node:crypto. No floating point touches a sample: a float Laplace
 * sampler leaks the true value through the gaps and rounding of its outputs (Mironov 2012).
 * Floats appear only in the accuracy figures reported beside a release.
 */

/** A non-negative rational num/den, den > 0. `rational` makes one in lowest terms. */
export type Rational = { readonly num: bigint; readonly den: bigint };

const ONE: Rational = { num: 1n, den: 1n };
const HALF: Rational = { num: 1n, den: 2n };

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
  const n = BigInt(num);
  const d = BigInt(den);
  if (n < 0n || d <= 0n) throw new RangeError(`not a non-negative rational: ${n}/${d}`);
  const g = gcd(n, d);
  return { num: n / g, den: d / g };
}

/**
 * A decimal with at most 9 digits on each side of the point (`'0.5'`, `0.1`, `'2'`) as the exact
 * rational it names, so a configured ε is used as written, not as the nearest binary float.
 */
export function rationalFromDecimal(value: string | number): Rational {
  const match = /^(\d{1,9})(?:\.(\d{1,9}))?$/.exec(String(value));
  if (!match) throw new RangeError(`not a plain decimal with at most 9 digits each side: ${value}`);
  const fraction = match[2] ?? '';
  return rational(BigInt(match[1] + fraction), 10n ** BigInt(fraction.length));
}

/** Discrete Laplace scale for ε-differential privacy of a query with the given sensitivity: Δ/ε. */
export function laplaceScaleFor(sensitivity: bigint | number, epsilon: Rational): Rational {
  if (epsilon.num <= 0n) throw new RangeError('ε must be positive');
  return rational(BigInt(sensitivity) * epsilon.den, epsilon.num);
}

/** Largest range node:crypto's randomInt takes; it rejects internally, so it has no modulo bias. */
const RANDOM_INT_LIMIT = 2n ** 48n;

/** A uniform integer in [0, n), by rejection: draws at or above n are thrown away, never folded in. */
export function uniformBelow(n: bigint): bigint {
  if (n <= 0n) throw new RangeError('the range must be positive');
  if (n < RANDOM_INT_LIMIT) return BigInt(randomInt(Number(n)));
  const bits = (n - 1n).toString(2).length;
  const bytes = Math.ceil(bits / 8);
  const spare = BigInt(bytes * 8 - bits);
  for (;;) {
    // Dropping the spare low bits keeps the draw below 2^bits, so at least half the draws land.
    const draw = BigInt(`0x${randomBytes(bytes).toString('hex')}`) >> spare;
    if (draw < n) return draw;
  }
}

/** True with probability p, for rational p in [0, 1]. */
export const bernoulli = (p: Rational): boolean => uniformBelow(p.den) < p.num;

/** True with probability exp(-x), for rational x ≥ 0 (CKS Algorithm 1). */
export function bernoulliExp(x: Rational): boolean {
  // exp(-x) = exp(-1)^⌊x⌋ · exp(-(x - ⌊x⌋)): one exp(-1) coin per whole unit, then the fraction.
  for (let whole = x.num / x.den; whole > 0n; whole--) {
    if (!bernoulliExpUpToOne(ONE)) return false;
  }
  return bernoulliExpUpToOne({ num: x.num % x.den, den: x.den });
}

/** For x in [0, 1]: the first k whose Bernoulli(x/k) fails is odd with probability exactly exp(-x). */
function bernoulliExpUpToOne(x: Rational): boolean {
  let k = 1n;
  while (bernoulli({ num: x.num, den: x.den * k })) k++;
  return k % 2n === 1n;
}

/**
 * Geometric with P(k) = (1 - e^(-s/t))·e^(-ks/t), k ≥ 0, in a bounded expected number of coins
 * whatever s/t. U uniform below t, kept with probability e^(-U/t), plus t times a
 * Geometric(1 - e^(-1)), is Geometric(1 - e^(-1/t)); dividing by s rescales the rate to s/t.
 */
function geometricExp(s: bigint, t: bigint): bigint {
  let u: bigint;
  do u = uniformBelow(t);
  while (!bernoulliExp({ num: u, den: t }));
  let v = 0n;
  while (bernoulliExp(ONE)) v++;
  return (u + t * v) / s;
}

/** Discrete Laplace noise: P(X = x) ∝ exp(-|x|/scale) over the integers (CKS Algorithm 2). */
export function discreteLaplace(scale: Rational): bigint {
  if (scale.num === 0n) return 0n;
  for (;;) {
    const negative = bernoulli(HALF);
    const magnitude = geometricExp(scale.den, scale.num);
    // Zero can be reached with either sign; refusing "-0" keeps it from counting twice.
    if (!negative || magnitude !== 0n) return negative ? -magnitude : magnitude;
  }
}

/** Discrete Gaussian noise: P(X = x) ∝ exp(-x²/(2σ²)) over the integers (CKS Algorithm 3). */
export function discreteGaussian(sigma2: Rational): bigint {
  const { num: n, den: d } = sigma2;
  if (n === 0n) return 0n;
  // A discrete Laplace proposal of integer scale t = ⌊σ⌋ + 1; ⌊√(n/d)⌋ = ⌊⌊√(nd)⌋/d⌋ exactly.
  const t = isqrt(n * d) / d + 1n;
  const proposal: Rational = { num: t, den: 1n };
  for (;;) {
    const y = discreteLaplace(proposal);
    // Kept with probability exp(-(|y| - σ²/t)²/(2σ²)); a = (|y| - σ²/t)·d·t.
    const a = (y < 0n ? -y : y) * d * t - n;
    if (bernoulliExp({ num: a * a, den: 2n * n * d * t * t })) return y;
  }
}

/** ⌊√n⌋ by Newton's method on integers. */
function isqrt(n: bigint): bigint {
  let x = n;
  let next = (x + 1n) / 2n;
  while (next < x) {
    x = next;
    next = (x + n / x) / 2n;
  }
  return x;
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError('confidence must lie strictly between 0 and 1');
}

/**
 * The smallest integer a with P(|X| ≤ a) ≥ confidence for discrete Laplace noise of this scale.
 * With q = e^(-1/scale), P(|X| > a) = 2q^(a+1)/(1 + q), solved for a.
 */
export function laplaceAccuracy(scale: Rational, confidence = 0.95): number {
  checkConfidence(confidence);
  if (scale.num === 0n) return 0;
  const q = Math.exp(-Number(scale.den) / Number(scale.num));
  return Math.max(0, Math.ceil(Math.log(((1 - confidence) * (1 + q)) / 2) / Math.log(q)) - 1);
}

/** The smallest integer a with P(|X| ≤ a) ≥ confidence for discrete Gaussian noise of variance σ². */
export function gaussianAccuracy(sigma2: Rational, confidence = 0.95): number {
  checkConfidence(confidence);
  if (sigma2.num === 0n) return 0;
  const s2 = Number(sigma2.num) / Number(sigma2.den);
  const weight = (x: number) => Math.exp(-(x * x) / (2 * s2));
  // The normaliser Σ exp(-x²/2σ²) over all integers, summed until the terms no longer count.
  let total = 1;
  for (let x = 1, w = weight(1); w > total * 1e-18; w = weight(++x)) total += 2 * w;
  let a = 0;
  let mass = 1 / total;
  while (mass < confidence && weight(a + 1) > 0) mass += (2 * weight(++a)) / total;
  return a;
}
