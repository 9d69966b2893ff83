import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, type Locale } from '../i18n/i18n.tsx';
import { plainMessage } from './form-feedback.tsx';
import type { Translate } from './format.ts';

const translator = (locale: Locale): Translate => {
  const intl = createIntl({ locale, messages: CATALOGUES[locale] });
  return (id, values) => intl.formatMessage({ id }, values);
};

describe('schema messages in a form’s words', () => {
  it('says zod’s English and its Japanese locale’s wording the same way, in the page’s language', () => {
    const ja = translator('ja');
    // As a service answers a Japanese page (zod's Japanese locale), then an English one.
    expect(plainMessage('大きすぎる値: numberは60以下である必要があります', ja)).toBe(
      '60 以下にしてください。',
    );
    expect(plainMessage('小さすぎる値: numberは-90以上である必要があります', ja)).toBe(
      '-90 以上にしてください。',
    );
    expect(plainMessage('無効な入力: intが期待されましたが、数値が入力されました', ja)).toBe(
      '整数を入力してください。',
    );
    expect(plainMessage('大きすぎる値: stringは64文字以下である必要があります', ja)).toBe(
      '64 文字以内で入力してください。',
    );
    expect(plainMessage('小さすぎる値: stringは1文字以上である必要があります', ja)).toBe(
      '値を入力してください。',
    );
    expect(plainMessage('Invalid input: expected int, received number', ja)).toBe('整数を入力してください。');
    const en = translator('en');
    expect(plainMessage('Too big: expected number to be <=60', en)).toBe('Must be at most 60.');
    expect(plainMessage('Invalid input: expected number, received null', en)).toBe(
      'Enter a number, like 12 or 2.5.',
    );
    // A message of the service's own it does not know stays as said.
    expect(plainMessage('something else', en)).toBe('Something else');
  });
});
