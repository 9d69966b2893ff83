import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shuffled } from './shuffle.ts';

describe('shuffled', () => {
  it('returns a permutation of its input and leaves the input as it was', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), (values) => {
        const copy = [...values];
        const out = shuffled(values);
        expect(values).toEqual(copy);
        expect([...out].sort((a, b) => a - b)).toEqual([...values].sort((a, b) => a - b));
      }),
    );
  });

  it('draws every order of four values about equally often (chi-square)', () => {
    const runs = 48_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < runs; i++) {
      const key = shuffled([0, 1, 2, 3]).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(24);
    const expected = runs / 24;
    const chiSquare = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    // 23 degrees of freedom: a fair shuffle exceeds 75 about once in five million runs; the
    // classic bias (j drawn from the whole array instead of 0…i) lands in the thousands.
    expect(chiSquare).toBeLessThan(75);
  });
});
