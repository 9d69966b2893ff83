import { ApiError } from '../app/api.ts';
import { Notice } from '../app/ui.tsx';

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

/** The service's schema messages (zod's wording) said the way a form says them. */
const PLAIN: [RegExp, (...groups: string[]) => string][] = [
  [/^Too small: expected string to have >=1 characters?$/, () => 'Enter a value.'],
  [/^Too small: expected string to have >=(\d+)/, (n) => `Use at least ${n} characters.`],
  [/^Too big: expected string to have <=(\d+)/, (n) => `Use at most ${n} characters.`],
  [/^Too small: expected number to be >=(\S+)/, (n) => `Must be at least ${n}.`],
  [/^Too big: expected number to be <=(\S+)/, (n) => `Must be at most ${n}.`],
  [/^Too small: expected array to have >=1 items?$/, () => 'Give at least one value.'],
  [/^Too big: expected array to have <=(\d+)/, (n) => `Give at most ${n}.`],
  [
    /^Invalid string: must match pattern/,
    () => 'Use lower-case letters, digits and _, starting with a letter.',
  ],
  [/^is a reserved name$/, () => 'This name is reserved: every offer already has it.'],
];

export function plainMessage(message: string): string {
  for (const [pattern, say] of PLAIN) {
    const match = pattern.exec(message);
    if (match) return say(...match.slice(1));
  }
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** The field errors a problem names in `errors[]`, keyed by their path. */
export function schemaErrors(error: unknown): FieldErrors {
  const fields: FieldErrors = {};
  if (!(error instanceof ApiError)) return fields;
  for (const e of error.problem.errors ?? []) {
    if (e.path !== undefined) addError(fields, e.path, plainMessage(e.message));
  }
  return fields;
}

/** The message of a failed call that no field can hold. */
export function generalMessage(error: unknown): string {
  if (error instanceof ApiError)
    return [error.problem.title, error.problem.detail].filter(Boolean).join(': ');
  return String((error as Error)?.message ?? error);
}

/** The summary above a form that failed: what went wrong as a whole, and where to look. */
export function FormProblemNotice(props: { problem: FormProblem; title: string }) {
  const count = Object.keys(props.problem.fields).length;
  if (!count && !props.problem.general) return null;
  return (
    <Notice tone="error" title={props.title}>
      {props.problem.general && <p>{props.problem.general}</p>}
      {count > 0 && (
        <p>
          {count === 1 ? 'One field needs a change' : `${count} fields need a change`}: see the messages
          below.
        </p>
      )}
    </Notice>
  );
}
