import { ApiError, type Problem } from '../app/api.ts';

/** Error messages keyed by the form field they belong next to. */
export type FieldErrors = Partial<Record<string, string>>;

export type ProblemItem = NonNullable<Problem['errors']>[number];

/**
 * The field errors of a refused call: `place` says which field an item of the problem's
 * `errors[]` belongs to (and how to word it), or null when no field of the form shows it.
 */
export function fieldErrorsOf(
  error: unknown,
  place: (item: ProblemItem) => [field: string, message: string] | null,
): FieldErrors {
  const fields: FieldErrors = {};
  if (!(error instanceof ApiError)) return fields;
  for (const item of error.problem.errors ?? []) {
    const placed = place(item);
    if (placed && !fields[placed[0]]) fields[placed[0]] = placed[1];
  }
  return fields;
}

/** Places an item whose body path is one of the form's own fields. */
export const byPath =
  (fields: readonly string[]) =>
  (item: ProblemItem): [string, string] | null =>
    item.path && fields.includes(item.path) ? [item.path, sentence(item.message)] : null;

/** A message that starts a sentence. */
export const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const hasErrors = (errors: FieldErrors) => Object.values(errors).some(Boolean);
