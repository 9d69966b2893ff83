import { describe, expect, it } from 'vitest';
import { pickLabel } from './localized-text.ts';

describe('pickLabel', () => {
  it('gives the text in the language asked for when it has one', () => {
    const both = { ja: '炊飯器', en: 'Rice cooker' };
    expect(pickLabel(both, 'ja')).toBe('炊飯器');
    expect(pickLabel(both, 'en')).toBe('Rice cooker');
  });

  it('falls back to the other language when the one asked for is missing', () => {
    expect(pickLabel({ ja: '合' }, 'en')).toBe('合');
    expect(pickLabel({ en: 'Colour' }, 'ja')).toBe('Colour');
  });

  it('gives an empty text only for a text in neither language', () => {
    expect(pickLabel({}, 'ja')).toBe('');
    expect(pickLabel({}, 'en')).toBe('');
  });
});
