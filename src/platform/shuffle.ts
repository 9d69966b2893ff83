import { randomInt } from 'node:crypto';

/**
 * A uniformly random permutation (Fisher–Yates) drawn from `node:crypto`, for orders that must
 * not be guessable from how the values came in.
 */
export function shuffled<T>(values: readonly T[]): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
