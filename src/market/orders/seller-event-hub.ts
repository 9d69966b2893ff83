import type { Database } from '../../platform/db/database.ts';
import { SELLER_EVENTS_CHANNEL } from './seller-events.ts';

/**
 * Wakes live streams when a seller has news. NOTIFY reaches every market process sharing the
 * database; a slow periodic wake-up covers a notification lost with a dropped connection.
 */
export class SellerEventHub {
  readonly #waiters = new Map<string, Set<() => void>>();
  #unlisten?: () => Promise<void>;
  #timer?: NodeJS.Timeout;

  async start(database: Database, fallbackMs = 5000): Promise<void> {
    this.#unlisten = await database.listen(SELLER_EVENTS_CHANNEL, (sellerId) => this.wake(sellerId));
    this.#timer = setInterval(() => {
      for (const sellerId of this.#waiters.keys()) this.wake(sellerId);
    }, fallbackMs);
    this.#timer.unref();
  }

  subscribe(sellerId: string, onWake: () => void): () => void {
    let set = this.#waiters.get(sellerId);
    if (!set) {
      set = new Set();
      this.#waiters.set(sellerId, set);
    }
    set.add(onWake);
    return () => {
      set.delete(onWake);
      if (set.size === 0) this.#waiters.delete(sellerId);
    };
  }

  wake(sellerId: string): void {
    for (const onWake of this.#waiters.get(sellerId) ?? []) onWake();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#unlisten?.();
  }
}
