import { describe, expect, it } from 'vitest';
import { answerLanguage } from './language.ts';

describe('the language of an answer', () => {
  it('follows Accept-Language by preference, a region asking for its language', () => {
    expect(answerLanguage('ja')).toBe('ja');
    expect(answerLanguage('ja-JP')).toBe('ja');
    expect(answerLanguage('ja-JP,ja;q=0.9,en;q=0.8')).toBe('ja');
    expect(answerLanguage('en-US,en;q=0.9,ja;q=0.8')).toBe('en');
    expect(answerLanguage('fr-FR, ja;q=0.5')).toBe('ja');
    expect(answerLanguage('ja;q=0, en')).toBe('en');
  });

  it('is English when the header is missing, empty, a wildcard, or names neither language', () => {
    for (const header of [undefined, '', '*', 'fr-FR', 'de, zh-CN;q=0.8', ['ja']])
      expect(answerLanguage(header), String(header)).toBe('en');
  });
});
