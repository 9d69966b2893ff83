import { useSyncExternalStore } from 'react';

/**
 * The purchaser's orders, kept in this browser only (localStorage): the order ID, its secret
 * and the commodity's name for the list. The market has no account to keep them in, and this
 * browser sends them nowhere except to read one order's state with its own secret.
 */
export interface KeptOrder {
  orderId: string;
  secret: string;
  name: string;
  keptAt: string;
}

const STORAGE_KEY = 'tokumei.purchaser.orders';
const NONE: KeptOrder[] = [];

let cachedRaw: string | null = null;
let cached: KeptOrder[] = NONE;

function snapshot(): KeptOrder[] {
  const raw = localStorage.getItem(STORAGE_KEY);
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    try {
      cached = raw ? (JSON.parse(raw) as KeptOrder[]) : NONE;
    } catch {
      cached = NONE;
    }
  }
  return cached;
}

const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab of this browser kept or forgot an order.
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

/** Orders a full or disabled storage refused, kept for this page's life so the receipt still shows them. */
const unsaved = new Map<string, KeptOrder>();

function save(orders: KeptOrder[]): boolean {
  let saved = true;
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(orders));
  } catch {
    saved = false;
  }
  for (const listener of listeners) listener();
  return saved;
}

/** Newest first. */
export function useKeptOrders(): KeptOrder[] {
  return useSyncExternalStore(subscribe, snapshot);
}

export function useKeptOrder(orderId: string): KeptOrder | undefined {
  return useKeptOrders().find((o) => o.orderId === orderId) ?? unsaved.get(orderId);
}

/** Keeps an order in this browser; false when the browser's storage refused it. */
export function keepOrder(order: Omit<KeptOrder, 'keptAt'>): boolean {
  const kept = { ...order, keptAt: new Date().toISOString() };
  const others = snapshot().filter((o) => o.orderId !== order.orderId);
  const saved = save([kept, ...others]);
  if (!saved) unsaved.set(order.orderId, kept);
  return saved;
}

export function forgetOrder(orderId: string): void {
  unsaved.delete(orderId);
  save(snapshot().filter((o) => o.orderId !== orderId));
}
