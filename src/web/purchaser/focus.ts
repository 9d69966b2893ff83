import { useEffect, useRef } from 'react';
import { useLocation } from 'wouter';
import { focusElement } from '../app/focus.ts';

/**
 * After moving to another page of the terminal, focus goes to its heading, so that keyboard and
 * screen-reader users start where the new page starts. The first page load keeps the browser's
 * own focus (the skip link is first).
 */
export function useFocusHeadingOnNavigation(): void {
  const [path] = useLocation();
  const previous = useRef(path);
  useEffect(() => {
    if (previous.current === path) return;
    previous.current = path;
    focusElement(document.getElementById('page-title'));
  }, [path]);
}
