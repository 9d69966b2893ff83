import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCardNumber, generateCardNumber, luhnValid, parseCardNumber } from './card-number.ts';

describe('instrument numbers', () => {
  it('agree with published Luhn examples', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('are 16 Luhn-valid digits with the kind’s prefix, read back however they are typed', () => {
    for (const kind of ['prepaid', 'credit'] as const) {
      const number = generateCardNumber(kind);
      expect(number).toMatch(kind === 'prepaid' ? /^9392\d{12}$/ : /^9393\d{12}$/);
      expect(parseCardNumber(formatCardNumber(number))).toBe(number);
      expect(parseCardNumber(` ${number.slice(0, 8)}-${number.slice(8)} `)).toBe(number);
    }
  });

  it('catch every single wrong digit', () => {
    fc.assert(
      fc.property(fc.nat(15), fc.integer({ min: 1, max: 9 }), (position, shift) => {
        const number = generateCardNumber('prepaid');
        const wrong = (Number(number[position]) + shift) % 10;
        const typo = number.slice(0, position) + wrong + number.slice(position + 1);
        expect(parseCardNumber(typo)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});
