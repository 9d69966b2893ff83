import { utcDay } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import { type Preference, type Staged, stagedInsert, writeRelaxed } from './stores.ts';

/**
 * The preferences of purchase requests (B2), staged off the request path so that a retrieval
 * writes nothing: a search adds its row here and answers, and the rows go into their day's
 * staging together, in one statement, every second (the market's workers), as soon as
 * `batchRows` wait, before the history duty moves a day, and when the market closes. A crash
 * loses at most the rows not yet written, which is harmless: they are counts of what was asked,
 * and the store is only ever released with noise. A purchase's own preference row is staged in
 * the purchase's transaction, not here.
 */
export class PreferenceBuffer {
  #waiting: { day: string; at: Date; row: Preference }[] = [];
  #writing: Promise<void> = Promise.resolve();
  readonly db: Db;
  readonly log: Logger;
  readonly limits: {
    batchRows: number;
    /** Held at most while the database cannot be written; the oldest beyond are dropped. */
    heldRows: number;
  };

  constructor(db: Db, log: Logger, limits = { batchRows: 500, heldRows: 100_000 }) {
    this.db = db;
    this.log = log;
    this.limits = limits;
  }

  /** Rows added and not yet written. */
  get waiting(): number {
    return this.#waiting.length;
  }

  add(at: Date, row: Preference): void {
    this.#waiting.push({ day: utcDay(at), at, row });
    if (this.#waiting.length >= this.limits.batchRows) void this.flush();
  }

  /** Writes every row added so far; never rejects (a failed write keeps its rows for the next). */
  flush(): Promise<void> {
    this.#writing = this.#writing.then(() => this.#write());
    return this.#writing;
  }

  async #write(): Promise<void> {
    const rows = this.#waiting;
    if (!rows.length) return;
    this.#waiting = [];
    const byDay = new Map<string, { at: Date; entries: Staged[] }>();
    for (const { day, at, row } of rows) {
      const batch = byDay.get(day) ?? { at, entries: [] };
      batch.entries.push({ store: 'preferences', row });
      byDay.set(day, batch);
    }
    try {
      await writeRelaxed(
        this.db,
        [...byDay.values()].map(({ at, entries }) => stagedInsert(this.db, at, entries)),
      );
    } catch (error) {
      const kept = [...rows, ...this.#waiting];
      const dropped = Math.max(0, kept.length - this.limits.heldRows);
      this.#waiting = kept.slice(dropped);
      this.log.error({ err: error, held: this.#waiting.length, dropped }, 'staging preferences failed');
    }
  }
}
