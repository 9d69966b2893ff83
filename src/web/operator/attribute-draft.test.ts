import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';
import { ApiError, type Problem } from '../app/api.ts';
import { CATALOGUES } from '../i18n/i18n.tsx';
import { draftsToInputs, errorsByRow, kindProblem, newDraft, slugify } from './attribute-draft.ts';
import type { Translate } from './format.ts';

// The messages in English, as the browser says them.
const intl = createIntl({ locale: 'en', messages: CATALOGUES.en });
const t: Translate = (id, values) => intl.formatMessage({ id }, values);

const failure = (problem: Partial<Problem>) =>
  new ApiError({ code: 'invalid_request', title: 'Invalid', status: 400, ...problem });

describe('the attribute editor', () => {
  it('suggests identifiers from labels', () => {
    expect(slugify('Screen size (in)', '_')).toBe('screen_size_in');
    expect(slugify('Café crème', '-')).toBe('cafe-creme');
    expect(slugify('4K display', '_')).toBe('k_display');
  });

  it('sends numbers as numbers and names the ones that are not', () => {
    const draft = {
      ...newDraft(),
      name: 'ram',
      labels: { ja: 'メモリ', en: 'RAM' },
      min: '1',
      max: 'lots',
      units: { ja: '', en: ' GB ' },
    };
    const text = {
      ...newDraft(),
      name: 'maker',
      labels: { ja: '', en: 'Maker' },
      type: 'text' as const,
      maxLength: '2.5',
    };
    const { inputs, errors } = draftsToInputs([draft, text], t);
    expect(inputs[0]).toMatchObject({
      type: 'number',
      label: { ja: 'メモリ', en: 'RAM' },
      min: 1,
      unit: { en: 'GB' },
    });
    expect(errors).toEqual({
      'attributes.0.max': 'Enter a number, like 12 or 2.5.',
      'attributes.1.maxLength': 'Enter a whole number.',
    });
  });

  it('sends the labels of the values listed, in the languages typed', () => {
    const colour = {
      ...newDraft(),
      name: 'colour',
      labels: { ja: 'カラー', en: '' },
      type: 'enum' as const,
      values: 'black, white',
      valueLabels: {
        black: { ja: 'ブラック', en: 'Black' },
        white: { ja: '', en: '' },
        // A value typed and then removed from the list: its label goes with it.
        red: { ja: 'レッド', en: 'Red' },
      },
    };
    expect(draftsToInputs([colour], t).inputs[0]).toEqual({
      name: 'colour',
      label: { ja: 'カラー' },
      required: false,
      type: 'enum',
      values: ['black', 'white'],
      valueLabels: { black: { ja: 'ブラック', en: 'Black' } },
    });
  });

  it('puts schema errors on their field, quoting the enum value at fault', () => {
    const sent = {
      attributes: [
        { name: 'colour', label: 'Colour', required: false, type: 'enum' as const, values: ['red', 'Blue'] },
      ],
    };
    const problem = kindProblem(
      failure({
        errors: [
          {
            path: 'attributes.0.values.1',
            message: 'lower-case letters, digits and _, starting with a letter, at most 40',
          },
          { path: 'name', message: 'Too small: expected string to have >=1 characters' },
        ],
      }),
      sent,
      t,
    );
    expect(problem).toEqual({
      fields: {
        'attributes.0.values': '“Blue”: Lower-case letters, digits and _, starting with a letter, at most 40',
        name: 'Enter a value.',
      },
      general: null,
    });
  });

  it('puts the kind rules on the attribute they name', () => {
    const a = { name: 'a', label: 'A', required: false, type: 'boolean' as const };
    const twice = kindProblem(
      failure({ code: 'invalid_kind', detail: 'attribute a is defined twice' }),
      {
        attributes: [a, a],
      },
      t,
    );
    expect(twice.fields).toEqual({ 'attributes.1.name': 'Another attribute already has this name.' });
    const range = kindProblem(
      failure({ code: 'invalid_kind', detail: 'attribute a: min is greater than max' }),
      {
        attributes: [a],
      },
      t,
    );
    expect(range.fields).toEqual({ 'attributes.0.max': 'The maximum is below the minimum.' });
    const slots = kindProblem(
      failure({ code: 'invalid_kind', detail: 'attribute a: a kind holds at most 4 boolean attributes' }),
      { attributes: [a] },
      t,
    );
    expect(slots.fields).toEqual({ 'attributes.0': 'A kind holds at most 4 boolean attributes' });
    const taken = kindProblem(failure({ code: 'kind_exists', status: 409 }), {}, t);
    expect(taken.fields.id).toMatch(/exists already/);
    expect(
      kindProblem(new ApiError({ code: 'network', title: 'The market cannot be reached', status: 0 }), {}, t),
    ).toEqual({ fields: {}, general: 'The market cannot be reached' });
  });

  it('keeps errors with their row when rows move', () => {
    const [first, second] = [newDraft(), newDraft()];
    expect(errorsByRow({ 'attributes.1.name': 'x', 'attributes.0': 'y', id: 'z' }, [first, second])).toEqual({
      [`row.${second.key}.name`]: 'x',
      [`row.${first.key}`]: 'y',
      id: 'z',
    });
  });
});
