import { setImmediate } from 'node:timers/promises';
import type { Db, Executor } from '../../platform/db/database.ts';
import { wordMessage } from '../../platform/http/messages.ts';
import { modelKey } from './commodity-identity.ts';
import type { ImportEntry } from './import-parse.ts';
import type { OfferInput } from './offer-input.ts';
import { registerOffers } from './register.ts';

export const IMPORT_BATCH_SIZE = 1000;

export interface ImportRowError {
  line: number;
  code: string;
  reason: string;
}

export interface ImportResult {
  loaded: number;
  created: number;
  updated: number;
  failed: number;
  atomic: boolean;
  committed: boolean;
  errors: ImportRowError[];
}

export interface ImportOptions {
  /** All rows in one transaction, rolled back when any row is bad. */
  atomic: boolean;
  now: Date;
  batchSize?: number;
  /** Called after each batch with the rows dealt with so far, good or bad. */
  onProgress?: (processed: number, total: number) => void;
}

class RollBack extends Error {}

/**
 * A1–A2 in bulk: loads a parsed import file for one seller in batches through `registerOffers`.
 * Without `atomic` each batch commits on its own, so the good rows load whatever else fails;
 * with it, one bad row anywhere leaves the catalogue as it was. Every bad row is reported with
 * its line either way.
 */
export async function runImport(
  db: Db,
  sellerId: string,
  entries: readonly ImportEntry[],
  options: ImportOptions,
): Promise<ImportResult> {
  const batchSize = options.batchSize ?? IMPORT_BATCH_SIZE;
  const errors: ImportRowError[] = [];
  const firstLine = new Map<string, number>();
  let created = 0;
  let updated = 0;

  const loadBatch = async (tx: Executor, batch: readonly ImportEntry[], offset: number) => {
    const rows: { index: number; row: OfferInput; fromText: boolean }[] = [];
    for (const [i, entry] of batch.entries()) {
      if (!entry.ok) {
        errors.push({ line: entry.line, code: entry.code, reason: entry.reason });
        continue;
      }
      // A commodity twice in one file is a mistake, whichever batches the two rows fall in.
      const identity = `${entry.row.kind}\0${modelKey(entry.row.model)}`;
      const earlier = firstLine.get(identity);
      if (earlier !== undefined) {
        errors.push({
          line: entry.line,
          code: 'duplicate_in_file',
          reason: `same commodity (kind ${entry.row.kind}, model ${entry.row.model}) as line ${earlier}`,
        });
        continue;
      }
      firstLine.set(identity, entry.line);
      rows.push({ index: offset + i, row: entry.row, fromText: entry.fromText });
    }
    if (rows.length === 0) return;
    const { registered, problems } = await registerOffers(tx, sellerId, rows, options.now);
    for (const r of registered) r.created ? created++ : updated++;
    for (const p of problems) {
      // The import's report is in English, as its parser's reasons are.
      errors.push({
        line: (entries[p.index] as ImportEntry).line,
        code: p.code,
        reason: wordMessage(p.reason, 'en'),
      });
    }
  };

  const loadAll = async (executorFor: (load: (tx: Executor) => Promise<void>) => Promise<void>) => {
    for (let offset = 0; offset < entries.length; offset += batchSize) {
      const batch = entries.slice(offset, offset + batchSize);
      await executorFor((tx) => loadBatch(tx, batch, offset));
      options.onProgress?.(Math.min(offset + batchSize, entries.length), entries.length);
      // PGlite answers without real I/O, so without this turn of the event loop the progress
      // (and every other request) would wait for the whole import.
      await setImmediate();
    }
  };

  let committed = true;
  if (options.atomic) {
    try {
      await db.transaction(async (tx) => {
        await loadAll((load) => load(tx));
        if (errors.length) throw new RollBack();
      });
    } catch (error) {
      if (!(error instanceof RollBack)) throw error;
      committed = false;
    }
  } else {
    await loadAll((load) => db.transaction(load));
  }

  errors.sort((a, b) => a.line - b.line);
  return {
    loaded: committed ? created + updated : 0,
    created: committed ? created : 0,
    updated: committed ? updated : 0,
    failed: errors.length,
    atomic: options.atomic,
    committed,
    errors,
  };
}
