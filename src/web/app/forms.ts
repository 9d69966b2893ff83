import { type RefObject, useEffect } from 'react';

/**
 * Moves focus to the first field in error once errors are shown, so keyboard and screen reader
 * users land on what needs fixing: after each submission the form itself refused (`attempt`
 * counts them) and after each refusal by the market (`refusal`, the failed call's error). A
 * place to land is a control marked aria-invalid, or an element marked data-invalid (such as a
 * focusable message about a group of controls).
 */
export function useFocusFirstInvalid(
  form: RefObject<HTMLElement | null>,
  attempt: number,
  refusal?: unknown,
) {
  useEffect(() => {
    if (attempt || refusal)
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid]')?.focus();
  }, [form, attempt, refusal]);
}
