import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CROCKFORD } from './crockford.ts';
import { generateOrderId } from './order-id.ts';
import {
  generatePickupCode,
  PICKUP_CODE_PATTERN,
  parsePickupCode,
  parsePickupQr,
  pickupQrPayload,
} from './pickup-code.ts';

const compact = (code: string) => code.replaceAll('-', '');

describe('pickup codes', () => {
  it('are well-formed, parse back to themselves and are not repeated', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const code = generatePickupCode();
      expect(code).toMatch(PICKUP_CODE_PATTERN);
      expect(parsePickupCode(code)).toBe(code);
      seen.add(code);
    }
    expect(seen.size).toBe(5000);
  });

  it('use every digit in every random position (no stuck bits)', () => {
    const positions = Array.from({ length: 11 }, () => new Set<string>());
    for (let i = 0; i < 3000; i++) {
      const digits = compact(generatePickupCode()).slice(0, 11);
      for (const [pos, ch] of [...digits].entries()) positions[pos]?.add(ch);
    }
    for (const seen of positions) expect(seen.size).toBe(32);
  });

  it('catch every single mistyped character, so a typo costs no attempt', () => {
    fc.assert(
      fc.property(fc.integer(), () => {
        const code = compact(generatePickupCode());
        for (let pos = 0; pos < code.length; pos++) {
          for (const ch of CROCKFORD) {
            if (ch === code[pos]) continue;
            expect(parsePickupCode(code.slice(0, pos) + ch + code.slice(pos + 1))).toBeNull();
          }
        }
      }),
      { numRuns: 100, verbose: true },
    );
  });

  it('are read as typed: lower case, spaces, O for 0', () => {
    const code = generatePickupCode();
    expect(parsePickupCode(` ${compact(code).toLowerCase().replaceAll('0', 'o')} `)).toBe(code);
    expect(parsePickupCode(compact(code).slice(1))).toBeNull();
  });

  it('travel with the order ID in the QR payload, and nothing else parses as one', () => {
    const orderId = generateOrderId();
    const code = generatePickupCode();
    const payload = pickupQrPayload(orderId, code);
    expect(payload).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
    expect(parsePickupQr(payload)).toEqual({ orderId, code });
    expect(parsePickupQr(payload.toLowerCase())).toEqual({ orderId, code });
    expect(parsePickupQr(orderId)).toBeNull();
    expect(parsePickupQr(`TKP:${orderId}`)).toBeNull();
    expect(parsePickupQr(`${payload}:X`)).toBeNull();
    expect(parsePickupQr(`TKP:${orderId}:${compact(code).slice(1)}`)).toBeNull();
  });
});
