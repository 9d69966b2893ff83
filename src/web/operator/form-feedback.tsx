import { useCallback, useMemo, useRef, useState } from 'react';
import { ApiError } from '../app/api.ts';
import { useFocusFirstInvalid } from '../app/forms.ts';
import { Notice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { Translate } from './format.ts';

/** Errors of a form keyed by the request path they concern, e.g. `name` or `attributes.1.min`. */
export type FieldErrors = Record<string, string>;

/** What a failed save left to say: messages next to fields, and what belongs to no field. */
export interface FormProblem {
  fields: FieldErrors;
  general: string | null;
}

export const noProblem: FormProblem = { fields: {}, general: null };

/** Adds a message for a path; a second message for the same path joins the first. */
export function addError(fields: FieldErrors, path: string, message: string) {
  fields[path] = fields[path] ? `${fields[path]} ${message}` : message;
}

/**
 * The service's schema messages said the way a form says them: zod's wording in English, or its
 * Japanese locale's, as the service answers a Japanese page (src/platform/http/validation.ts).
 */
const PLAIN: [RegExp, (t: Translate, ...groups: string[]) => string][] = [
  [
    /^(?:Too small: expected string to have >=1 characters?|小さすぎる値: stringは1文字以上である必要があります)$/,
    (t) => t('operator.problem.enterValue'),
  ],
  [
    /^(?:Too small: expected string to have >=(\d+)|小さすぎる値: stringは(\d+)文字以上)/,
    (t, n = '') => t('operator.problem.minCharacters', { n }),
  ],
  [
    /^(?:Too big: expected string to have <=(\d+)|大きすぎる値: stringは(\d+)文字以下)/,
    (t, n = '') => t('operator.problem.maxCharacters', { n }),
  ],
  [
    /^(?:Too small: expected number to be >=(\S+)|小さすぎる値: numberは(\S+?)以上である)/,
    (t, n = '') => t('operator.problem.minNumber', { n }),
  ],
  [
    /^(?:Too big: expected number to be <=(\S+)|大きすぎる値: numberは(\S+?)以下である)/,
    (t, n = '') => t('operator.problem.maxNumber', { n }),
  ],
  [
    /^(?:Invalid input: expected int,|無効な入力: intが期待されました)/,
    (t) => t('operator.problem.notWhole'),
  ],
  [
    /^(?:Invalid input: expected number,|無効な入力: 数値が期待されました)/,
    (t) => t('operator.problem.notANumber'),
  ],
  [
    /^(?:Too small: expected array to have >=1 items?|小さすぎる値: arrayは1要素以上である必要があります)$/,
    (t) => t('operator.problem.oneValue'),
  ],
  [
    /^(?:Too big: expected array to have <=(\d+)|大きすぎる値: arrayは(\d+)要素以下)/,
    (t, n = '') => t('operator.problem.maxValues', { n }),
  ],
  [/^(?:Invalid string: must match pattern|無効な文字列: パターン)/, (t) => t('operator.problem.pattern')],
  [/^is a reserved name$/, (t) => t('operator.problem.reservedName')],
  [/^give the text in Japanese \(ja\), English \(en\) or both$/, (t) => t('operator.problem.textNeeded')],
];

/** A schema message in the form's words; one it does not know is the service's own, capitalised. */
export function plainMessage(message: string, t: Translate): string {
  for (const [pattern, say] of PLAIN) {
    const match = pattern.exec(message);
    // Each wording has its own group for a figure: the one that matched is the one defined.
    if (match) return say(t, ...match.slice(1).filter((g) => g !== undefined));
  }
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** The field errors a problem names in `errors[]`, keyed by their path. */
export function schemaErrors(error: unknown, t: Translate): FieldErrors {
  const fields: FieldErrors = {};
  if (!(error instanceof ApiError)) return fields;
  for (const e of error.problem.errors ?? []) {
    if (e.path !== undefined) addError(fields, e.path, plainMessage(e.message, t));
  }
  return fields;
}

/** The message of a failed call that no field can hold. */
export function generalMessage(error: unknown): string {
  if (error instanceof ApiError)
    return [error.problem.title, error.problem.detail].filter(Boolean).join(': ');
  return String((error as Error)?.message ?? error);
}

/** A refused save as a form says it: next to the fields it names, else as a whole. */
export function refusalProblem(error: unknown, t: Translate): FormProblem {
  const fields = schemaErrors(error, t);
  return { fields, general: Object.keys(fields).length ? null : generalMessage(error) };
}

/**
 * What a form has to say about its last submission, with focus moved to the first field in error
 * each time it fails (`form` is the form's ref): `fail` with a problem the form found or the
 * market's refusal as `refusalProblem` reads it, `clear` once it is sent again.
 */
export function useFormProblem() {
  const [problem, setProblem] = useState<FormProblem>(noProblem);
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, attempt);
  const fail = useCallback((failed: FormProblem) => {
    setProblem(failed);
    setAttempt((n) => n + 1);
  }, []);
  const clear = useCallback(() => setProblem(noProblem), []);
  return useMemo(() => ({ form, problem, errors: problem.fields, fail, clear }), [problem, fail, clear]);
}

/** The summary above a form that failed: what went wrong as a whole, and where to look. */
export function FormProblemNotice(props: { problem: FormProblem; title: string }) {
  const t = useT();
  const count = Object.keys(props.problem.fields).length;
  if (!count && !props.problem.general) return null;
  return (
    <Notice tone="error" title={props.title}>
      {props.problem.general && <p>{props.problem.general}</p>}
      {count > 0 && <p>{t('operator.problem.fieldsToChange', { count })}</p>}
    </Notice>
  );
}
