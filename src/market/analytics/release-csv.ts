import { stringify as stringifyStream } from 'csv-stringify';
import { stringify } from 'csv-stringify/sync';
import type { ReleaseBody } from './release.ts';

/** A cell a spreadsheet would run as a formula (a seller-entered name such as "=HYPERLINK(…)") is quoted as text. */
const inert = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const CSV_OPTIONS = {
  header: true,
  // Structured values (a request's conditions) as JSON text in their cell.
  cast: { string: inert, object: (value: object) => inert(JSON.stringify(value)) },
};

/** Rows to CSV as they stream through, with a header of `columns`. */
export const csvStream = (columns: string[]) => stringifyStream({ ...CSV_OPTIONS, columns });

/** A release as CSV: one row per cell, with its measure's ε and accuracy; a suppressed cell has no value. */
export function releaseCsv(release: ReleaseBody): string {
  const rows = release.measures.flatMap((m) =>
    m.cells.map((c) => [
      m.name,
      c.period ?? '',
      c.key,
      c.label,
      c.value ?? '',
      c.suppressed,
      m.accuracy95,
      m.epsilon,
    ]),
  );
  return stringify(rows, {
    ...CSV_OPTIONS,
    columns: ['measure', 'period', 'key', 'label', 'value', 'suppressed', 'accuracy95', 'epsilon'],
  });
}
