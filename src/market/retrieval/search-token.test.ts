import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { purchaseRequestSchema } from './purchase-request.ts';
import { readShowing, type Showing, signShowing } from './search-token.ts';

const KEY = 'search-token-test-key-search-token-test-key';
const now = new Date('2026-12-01T10:00:00Z');

const showing = fc.record({
  request: fc
    .record({
      kind: fc.stringMatching(/^[a-z][a-z-]{0,30}$/),
      conditions: fc.array(
        fc.record({
          attribute: fc.string({ minLength: 1, maxLength: 20 }),
          op: fc.constantFrom('=', '>=', '≤', 'in'),
          value: fc.oneof(
            fc.integer(),
            fc.string({ maxLength: 30 }),
            fc.array(fc.boolean(), { minLength: 1 }),
          ),
        }),
        { maxLength: 5 },
      ),
      limit: fc.integer({ min: 1, max: 100 }),
    })
    .map((r) => purchaseRequestSchema.parse(r)),
  expiresAt: fc.integer({ min: 1, max: 7 * 86_400_000 }).map((ms) => new Date(now.getTime() + ms)),
  items: fc.array(
    fc.record({ offerId: fc.uuid(), unitPriceMinor: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }) }),
    { maxLength: 100 },
  ),
}) satisfies fc.Arbitrary<Showing>;

describe('search tokens', () => {
  it('give back what was signed: request, expiry, offers and prices', () => {
    fc.assert(
      fc.property(showing, (shown) => {
        expect(readShowing(KEY, signShowing(KEY, shown), now)).toEqual(shown);
      }),
    );
  });

  it('are refused when any byte is changed, when cut short, under another key and once expired', () => {
    fc.assert(
      fc.property(showing, fc.nat(), fc.integer({ min: 1, max: 255 }), (shown, position, flip) => {
        const token = signShowing(KEY, shown);
        const bytes = Buffer.from(token, 'base64url');
        const at = position % bytes.length;
        bytes[at] = (bytes[at] as number) ^ flip;
        expect(readShowing(KEY, bytes.toString('base64url'), now)).toBeUndefined();
        expect(readShowing(KEY, token.slice(0, -1 - (position % token.length)), now)).toBeUndefined();
        expect(readShowing(`${KEY}-other`, token, now)).toBeUndefined();
        expect(readShowing(KEY, token, shown.expiresAt)).toBeUndefined();
      }),
    );
  });

  it('refuse a signed request this release no longer takes', () => {
    const shown = {
      request: { kind: 'personal-computer', limit: 500 },
      expiresAt: new Date(now.getTime() + 60_000),
      items: [],
    };
    expect(readShowing(KEY, signShowing(KEY, shown as unknown as Showing), now)).toBeUndefined();
  });

  it('refuse what is not a token at all', () => {
    for (const text of ['', 'x', '%00', 'a'.repeat(100_000), '6f1c2b1e-2d1f-4a57-9c43-2b9f5e1d7a10', '...']) {
      expect(readShowing(KEY, text, now)).toBeUndefined();
    }
  });
});
