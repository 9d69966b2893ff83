import { useSyncExternalStore } from 'react';

/**
 * A credential kept for this browser tab only (sessionStorage): closing the tab signs out, and
 * nothing is written to disk beyond the browser's own session.
 */
export function useSessionKey(name: 'seller' | 'operator' | 'clerk' | 'pickup-operator') {
  const storageKey = `tokumei.${name}-key`;
  const key = useSyncExternalStore(subscribe, () => sessionStorage.getItem(storageKey));
  return {
    key,
    signIn(value: string) {
      sessionStorage.setItem(storageKey, value);
      notify();
    },
    signOut() {
      sessionStorage.removeItem(storageKey);
      notify();
    },
  };
}

const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function notify() {
  for (const listener of listeners) listener();
}
