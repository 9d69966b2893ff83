import type { Database, Executor } from '../../platform/db/database.ts';
import { getKind, KINDS_CHANNEL, type Kind } from './kinds.ts';

/**
 * Kinds are read on every purchase request and change rarely. A change sends NOTIFY (at commit)
 * to every market process, which drops its copy; entries also age out after a minute in case a
 * notification was lost with a dropped connection.
 */
export class KindCache {
  readonly #entries = new Map<string, { kind: Kind; until: number }>();
  #unlisten?: () => Promise<void>;

  readonly #ttlMs: number;

  constructor(ttlMs = 60_000) {
    this.#ttlMs = ttlMs;
  }

  async start(database: Database): Promise<void> {
    this.#unlisten = await database.listen(KINDS_CHANNEL, (kindId) => this.#entries.delete(kindId));
  }

  async get(db: Executor, kindId: string): Promise<Kind | undefined> {
    const entry = this.#entries.get(kindId);
    if (entry && entry.until > Date.now()) return entry.kind;
    const kind = await getKind(db, kindId);
    if (kind) this.#entries.set(kindId, { kind, until: Date.now() + this.#ttlMs });
    return kind;
  }

  /** Drops this process's copy of a kind at once, as a notification would. */
  forget(kindId: string): void {
    this.#entries.delete(kindId);
  }

  async stop(): Promise<void> {
    await this.#unlisten?.();
  }
}
