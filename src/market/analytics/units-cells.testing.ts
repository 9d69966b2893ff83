import type { Executor } from '../../platform/db/database.ts';
import { type CellSelection, readCells } from './aggregates.ts';

/** For tests: the stored units of personal computers in yen, per period or in total, in period then key order. */
export const unitsCells = (db: Executor, range: Pick<CellSelection, 'from' | 'to' | 'per' | 'sellerId'>) =>
  readCells(db, { kindId: 'personal-computer', currency: 'JPY', metric: 'units', scope: '', ...range }).then(
    (cells) =>
      cells.sort((a, b) => String(a.period).localeCompare(String(b.period)) || a.key.localeCompare(b.key)),
  );
