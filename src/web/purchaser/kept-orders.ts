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
  /**
   * B9: the pickup code this browser made once the order was paid, kept like the secret (and
   * only here: it never goes to the market), with how far its registration at delivery got.
   */
  pickup?: KeptPickupCode;
}

export interface KeptPickupCode {
  code: string;
  /**
   * `unregistered`: made, not yet known to delivery (registered on the next visit if the page
   * closed first); `registered`: delivery keeps its verifier; `taken`: delivery already had
   * another code for the order, so this one may not open the parcel.
   */
  state: 'unregistered' | 'registered' | 'taken';
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
  const stored = useKeptOrders().find((o) => o.orderId === orderId);
  // What storage refused lives here, newer than any stored copy.
  const inMemory = useSyncExternalStore(subscribe, () => unsaved.get(orderId));
  return inMemory ?? stored;
}

/** A kept order as it stands now, outside React (e.g. in a query). */
export const keptOrder = (orderId: string): KeptOrder | undefined =>
  unsaved.get(orderId) ?? snapshot().find((o) => o.orderId === orderId);

/** Keeps an order in this browser; false when the browser's storage refused it. */
export function keepOrder(order: Omit<KeptOrder, 'keptAt'>): boolean {
  const kept = { ...order, keptAt: new Date().toISOString() };
  const others = snapshot().filter((o) => o.orderId !== order.orderId);
  const saved = save([kept, ...others]);
  if (!saved) unsaved.set(order.orderId, kept);
  return saved;
}

/**
 * Changes a kept order, e.g. to keep its pickup code. An order a full storage refused changes
 * in this page's memory; false when the order is not kept at all.
 */
export function updateKeptOrder(orderId: string, patch: Partial<Omit<KeptOrder, 'orderId'>>): boolean {
  const stored = snapshot().find((o) => o.orderId === orderId);
  const inMemory = unsaved.get(orderId);
  if (!stored && !inMemory) return false;
  if (stored) {
    const updated = { ...stored, ...patch };
    if (save(snapshot().map((o) => (o.orderId === orderId ? updated : o)))) return true;
    unsaved.set(orderId, updated);
  } else if (inMemory) unsaved.set(orderId, { ...inMemory, ...patch });
  for (const listener of listeners) listener();
  return true;
}

export function forgetOrder(orderId: string): void {
  unsaved.delete(orderId);
  save(snapshot().filter((o) => o.orderId !== orderId));
}
