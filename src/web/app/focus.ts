/** Moves focus to an element that is not focusable by itself (a heading, a result list, a message). */
export function focusElement(element: HTMLElement | null | undefined): void {
  if (!element) return;
  if (!element.hasAttribute('tabindex')) element.tabIndex = -1;
  element.focus();
}
