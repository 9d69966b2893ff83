import { describe, expect, it } from 'vitest';
import { pickLabel, pickText } from './localized-text.ts';

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

describe('pickText', () => {
  it('says which language it picked, so that a page can mark the other one', () => {
    expect(pickText({ ja: '炊飯器', en: 'Rice cooker' }, 'ja')).toEqual({ text: '炊飯器', language: 'ja' });
    expect(pickText({ ja: '合' }, 'en')).toEqual({ text: '合', language: 'ja' });
    expect(pickText({ en: 'Colour' }, 'ja')).toEqual({ text: 'Colour', language: 'en' });
    expect(pickText({}, 'en')).toEqual({ text: '', language: 'en' });
  });
});
