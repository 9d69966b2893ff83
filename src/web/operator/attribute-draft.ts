import { ApiError } from '../app/api.ts';
import type { AttributeInput, AttributeType } from './api-types.ts';
import {
  addError,
  type FieldErrors,
  type FormProblem,
  generalMessage,
  plainMessage,
  schemaErrors,
} from './form-feedback.tsx';
import type { Translate } from './format.ts';
import { emptyText, type TextDraft, textInput } from './localized-fields.tsx';

/** An attribute row of the editor as typed: numbers stay text until they are sent. */
export interface AttributeDraft {
  key: number;
  labels: TextDraft;
  name: string;
  /** Until the operator edits the name, it follows the English label. */
  nameEdited: boolean;
  type: AttributeType;
  units: TextDraft;
  min: string;
  max: string;
  integer: boolean;
  /** Enum values, separated by commas. */
  values: string;
  /** Labels of enum values, by value; those of values no longer listed are not sent. */
  valueLabels: Record<string, TextDraft>;
  maxLength: string;
  required: boolean;
}

let nextKey = 0;

export const newDraft = (): AttributeDraft => ({
  key: nextKey++,
  labels: emptyText(),
  name: '',
  nameEdited: false,
  type: 'number',
  units: emptyText(),
  min: '',
  max: '',
  integer: false,
  values: '',
  valueLabels: {},
  maxLength: '200',
  required: false,
});

/** An identifier suggested from a label: "Screen size (in)" → `screen_size_in`. */
export function slugify(text: string, separator: '_' | '-'): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(/^[^a-z]+/, '')
    .slice(0, 40)
    .replace(/[-_]+$/, '');
}

export const splitValues = (text: string): string[] =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** Where the API puts an attribute's errors: `attributes.<index>.<field>`, or the row as a whole. */
export const attributePath = (index: number, field?: string) =>
  field ? `attributes.${index}.${field}` : `attributes.${index}`;

/** Where the editor looks for a row's errors: by the row's key, which outlives added and removed rows. */
export const rowPath = (key: number, field?: string) => (field ? `row.${key}.${field}` : `row.${key}`);

/** Errors the API numbered by attribute index, moved to the rows that were sent in that order. */
export function errorsByRow(fields: FieldErrors, sent: readonly AttributeDraft[]): FieldErrors {
  return Object.fromEntries(
    Object.entries(fields).map(([path, message]) => {
      const match = /^attributes\.(\d+)(\..+)?$/.exec(path);
      const draft = match ? sent[Number(match[1])] : undefined;
      return [draft ? `row.${draft.key}${match?.[2] ?? ''}` : path, message];
    }),
  );
}

function optionalNumber(
  text: string,
  path: string,
  errors: FieldErrors,
  t: Translate,
  integer = false,
): number | undefined {
  if (!text.trim()) return undefined;
  const value = Number(text.trim());
  if (!Number.isFinite(value)) addError(errors, path, t('operator.problem.notANumber'));
  else if (integer && !Number.isInteger(value)) addError(errors, path, t('operator.problem.notWhole'));
  return value;
}

/**
 * The rows as the API takes them. A number that is not one is caught here (the API would only
 * see text); every other rule is the API's to say, next to the row it concerns.
 */
export function draftsToInputs(
  drafts: readonly AttributeDraft[],
  t: Translate,
): {
  inputs: AttributeInput[];
  errors: FieldErrors;
} {
  const errors: FieldErrors = {};
  const inputs = drafts.map((draft, index) => draftToInput(draft, index, errors, t));
  return { inputs, errors };
}

function draftToInput(d: AttributeDraft, index: number, errors: FieldErrors, t: Translate): AttributeInput {
  const common = { name: d.name.trim(), label: textInput(d.labels), required: d.required };
  switch (d.type) {
    case 'number': {
      const unit = textInput(d.units);
      return {
        ...common,
        type: 'number',
        integer: d.integer,
        ...(Object.keys(unit).length > 0 && { unit }),
        min: optionalNumber(d.min, attributePath(index, 'min'), errors, t),
        max: optionalNumber(d.max, attributePath(index, 'max'), errors, t),
      };
    }
    case 'enum': {
      const values = splitValues(d.values);
      const valueLabels = Object.fromEntries(
        values
          .map((value) => [value, textInput(d.valueLabels[value] ?? emptyText())] as const)
          .filter(([, text]) => Object.keys(text).length > 0),
      );
      return { ...common, type: 'enum', values, ...(Object.keys(valueLabels).length > 0 && { valueLabels }) };
    }
    case 'boolean':
      return { ...common, type: 'boolean' };
    case 'text':
      return {
        ...common,
        type: 'text',
        maxLength: optionalNumber(d.maxLength, attributePath(index, 'maxLength'), errors, t, true) ?? 200,
      };
  }
}

/** A value path (`…values.3`) said on the list field it was typed in, quoting the value. */
const VALUE_PATH = /^(attributes\.\d+\.values|enumValues\.[^.]+)\.(\d+)$/;
/** The kind service's own rule messages name the attribute: "attribute ram_gb: …". */
const ATTRIBUTE_RULE = /^attribute ([a-z][a-z0-9_]*):? (.+)$/;

/**
 * A failed create or extend said next to the field or attribute row it concerns: schema errors
 * by their path, the service's rule messages by the attribute they name.
 */
export function kindProblem(
  error: unknown,
  sent: { attributes?: AttributeInput[]; enumValues?: Record<string, string[]> },
  t: Translate,
): FormProblem {
  const fields: FieldErrors = {};
  for (const [path, message] of Object.entries(schemaErrors(error, t))) {
    const value = VALUE_PATH.exec(path);
    if (!value) addError(fields, path, message);
    else {
      const [, list = '', index = ''] = value;
      const typed = list.startsWith('enumValues.')
        ? sent.enumValues?.[list.slice('enumValues.'.length)]?.[Number(index)]
        : (sent.attributes?.[Number(list.split('.')[1])] as { values?: string[] } | undefined)?.values?.[
            Number(index)
          ];
      addError(fields, list, t('operator.problem.quotedValue', { value: typed ?? '', message }));
    }
  }
  if (Object.keys(fields).length) return { fields, general: null };
  if (!(error instanceof ApiError)) return { fields, general: generalMessage(error) };
  if (error.code === 'kind_exists') {
    return { fields: { id: t('operator.problem.kindExists') }, general: null };
  }
  const rule = error.code === 'invalid_kind' ? ATTRIBUTE_RULE.exec(error.problem.detail ?? '') : null;
  if (rule) {
    const [, name = '', what = ''] = rule;
    if (what.startsWith('is not an enum attribute')) {
      return { fields: { [`enumValues.${name}`]: t('operator.problem.notAnEnum') }, general: null };
    }
    const row = (sent.attributes ?? []).map((a) => a.name).lastIndexOf(name);
    if (row >= 0) {
      if (what === 'is defined twice') fields[attributePath(row, 'name')] = t('operator.problem.nameTaken');
      else if (what === 'min is greater than max')
        fields[attributePath(row, 'max')] = t('operator.problem.maxBelowMin');
      else if (what.includes('cannot be required'))
        fields[attributePath(row, 'required')] = t('operator.problem.addedRequired');
      else fields[attributePath(row)] = plainMessage(what, t);
      return { fields, general: null };
    }
  }
  return { fields, general: generalMessage(error) };
}
