import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CROCKFORD } from './crockford.ts';
import { generateOrderId, ORDER_ID_PATTERN, parseOrderId } from './order-id.ts';

const compact = (id: string) => id.replaceAll('-', '');
const regroup = (s: string) => `${s.slice(0, 6)}-${s.slice(6, 12)}-${s.slice(12)}`;

describe('order IDs', () => {
  it('are well-formed, parse back to themselves and are not repeated', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = generateOrderId();
      expect(id).toMatch(ORDER_ID_PATTERN);
      expect(parseOrderId(id)).toBe(id);
      seen.add(id);
    }
    expect(seen.size).toBe(2000);
  });

  it('are read leniently as a person types them', () => {
    const id = generateOrderId();
    const typed = compact(id).toLowerCase().replaceAll('0', 'o').replaceAll('1', 'l');
    expect(parseOrderId(` ${typed.slice(0, 9)} ${typed.slice(9)} `)).toBe(id);
  });

  it('catch every single wrong character and every swap of neighbours', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), () => {
        const id = compact(generateOrderId());
        for (let pos = 0; pos < id.length; pos++) {
          for (const ch of CROCKFORD) {
            if (ch === id[pos]) continue;
            const typo = id.slice(0, pos) + ch + id.slice(pos + 1);
            expect(parseOrderId(regroup(typo))).toBeNull();
          }
          if (pos + 1 < id.length && id[pos] !== id[pos + 1]) {
            const swapped = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
            expect(parseOrderId(regroup(swapped))).toBeNull();
          }
        }
      }),
      { numRuns: 200, verbose: true },
    );
  });

  it('refuse foreign characters and wrong lengths', () => {
    expect(parseOrderId('U'.repeat(18))).toBeNull();
    expect(parseOrderId(compact(generateOrderId()).slice(1))).toBeNull();
    expect(parseOrderId('')).toBeNull();
  });
});
