import { parse as parseCsv } from 'csv-parse/sync';
import { printParseErrorCode, visit } from 'jsonc-parser';
import type { z } from 'zod';
import { err, ok, type Result } from '../../platform/result.ts';
import { type OfferInput, offerInputSchema } from './offer-input.ts';

export type ImportFormat = 'csv' | 'json' | 'ndjson';

/** One data row of an import file, in file order: an offer to load, or why it cannot be. */
export type ImportEntry =
  | { line: number; ok: true; row: OfferInput; fromText: boolean }
  | { line: number; ok: false; code: string; reason: string };

export const REQUIRED_CSV_COLUMNS = ['kind', 'model', 'name', 'price', 'currency', 'stock'] as const;

/**
 * Reads an import file into rows, each with the line it starts on (A1–A2 in bulk). A row that
 * does not fit the offer schema becomes a row error; only a file that cannot be read at all
 * (bad quoting, invalid JSON, missing columns) is an error, with the line where reading failed.
 */
export function parseImport(text: string, format: ImportFormat): Result<ImportEntry[], string> {
  if (format === 'csv') return parseCsvImport(text);
  if (format === 'json') return parseJsonImport(text);
  return parseNdjsonImport(text);
}

function parseCsvImport(text: string): Result<ImportEntry[], string> {
  // Byte offsets from csv-parse are turned into line numbers here: its own line count drifts
  // on CRLF inside quoted cells.
  const bytes = Buffer.from(text, 'utf8');
  const recordStart = lineCursor((i) => bytes[i] as number, bytes.length);
  const starts: number[] = [];
  let end = 0;
  let records: string[][];
  try {
    records = parseCsv(bytes, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (record: string[], context: { bytes: number }) => {
        starts.push(recordStart(end, true));
        end = context.bytes;
        return record;
      },
    }) as string[][];
  } catch (error) {
    const message = (error as Error).message.replace(/ at line \d+/, '');
    return err(`line ${recordStart(end, true)}: ${message}`);
  }
  const [first, ...rows] = records;
  if (!first) return err('the file is empty: a CSV import starts with a header row');
  const header = first.map((name) => name.toLowerCase());
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) return err(`line 1: the header lacks the column(s) ${missing.join(', ')}`);
  const twice = header.find((c, i) => header.indexOf(c) !== i);
  if (twice !== undefined) return err(`line 1: the column ${twice || '(empty name)'} appears twice`);
  const unnamed = header.indexOf('');
  if (unnamed >= 0) return err(`line 1: column ${unnamed + 1} has no name`);

  const at = Object.fromEntries(REQUIRED_CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof REQUIRED_CSV_COLUMNS)[number],
    number
  >;
  const attributeColumns = header
    .map((name, i) => ({ name, i }))
    .filter(({ name }) => !(REQUIRED_CSV_COLUMNS as readonly string[]).includes(name));
  return ok(
    rows.flatMap((cells, r) => {
      const line = starts[r + 1] as number;
      // Spreadsheets export trailing rows of empty cells; they are not offers.
      if (cells.every((c) => c === '')) return [];
      if (cells.length !== header.length) {
        return rowError(line, 'invalid_row', `has ${cells.length} cells, the header has ${header.length}`);
      }
      const attributes: Record<string, string> = {};
      for (const { name, i } of attributeColumns) {
        const cell = cells[i] as string;
        if (cell !== '') attributes[name] = cell;
      }
      const cell = (i: number) => (cells[i] === '' ? undefined : cells[i]);
      return checkRow(line, true, {
        kind: cell(at.kind),
        model: cell(at.model),
        name: cell(at.name),
        attributes,
        price: textNumber(cell(at.price)),
        currency: cell(at.currency),
        stock: textNumber(cell(at.stock)),
      });
    }),
  );
}

/** A CSV number as written; a fraction stays a fraction so the schema refuses it, never rounds it. */
const textNumber = (text: string | undefined): unknown =>
  text !== undefined && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : text;

/**
 * Deepest nesting an import may hold: an offer sits two levels down and its attributes one more,
 * so this is ample. Deeper files are refused before parsing, whose recursion a crafted file of
 * thousands of levels would otherwise exhaust.
 */
export const MAX_IMPORT_DEPTH = 32;

/** The offset where JSON text first nests deeper than `max`, outside strings; undefined if it never does. */
function tooDeepAt(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return undefined;
}

const TOO_DEEP = `nests deeper than ${MAX_IMPORT_DEPTH} levels`;

function parseJsonImport(text: string): Result<ImportEntry[], string> {
  if (text.trim() === '') return err('the file is empty: a JSON import is an array of offers');
  const deep = tooDeepAt(text, MAX_IMPORT_DEPTH);
  if (deep !== undefined) {
    return err(`line ${lineCursor((i) => text.charCodeAt(i), text.length)(deep)}: the file ${TOO_DEEP}`);
  }
  // One scan finds where each element of the top-level array starts (and the first syntax
  // error); JSON.parse then builds the values. A full parse tree is ten times slower at 100k rows.
  const starts: number[] = [];
  let depth = 0;
  let failure: { error: number; offset: number } | undefined;
  const begin = (offset: number) => {
    if (depth++ === 1) starts.push(offset);
  };
  const end = () => {
    depth--;
  };
  visit(
    text,
    {
      onObjectBegin: begin,
      onArrayBegin: begin,
      onObjectEnd: end,
      onArrayEnd: end,
      onLiteralValue: (_value, offset) => {
        if (depth === 1) starts.push(offset);
      },
      onError: (error, offset) => {
        failure ??= { error, offset };
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  const lineAt = lineCursor((i) => text.charCodeAt(i), text.length);
  if (failure)
    return err(`line ${lineAt(failure.offset)}: invalid JSON (${printParseErrorCode(failure.error)})`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return err(`invalid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) {
    return err('a JSON import is an array of offers; send one object per line as application/x-ndjson');
  }
  return ok(
    value.map((element, i) => {
      const line = lineAt(starts[i] as number);
      return element !== null && typeof element === 'object' && !Array.isArray(element)
        ? checkRow(line, false, element)
        : rowError(line, 'invalid_row', 'is not an object');
    }),
  );
}

function parseNdjsonImport(text: string): Result<ImportEntry[], string> {
  const entries: ImportEntry[] = [];
  let readable = 0;
  text.split('\n').forEach((raw, i) => {
    const source = raw.trim();
    if (source === '') return;
    if (tooDeepAt(source, MAX_IMPORT_DEPTH) !== undefined) {
      entries.push(rowError(i + 1, 'invalid_row', TOO_DEEP));
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      entries.push(rowError(i + 1, 'invalid_json', `is not valid JSON: ${(error as Error).message}`));
      return;
    }
    readable++;
    entries.push(
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? checkRow(i + 1, false, value)
        : rowError(i + 1, 'invalid_row', 'is not an object'),
    );
  });
  // A file where no line is JSON is not NDJSON at all (a CSV sent by mistake, say).
  if (entries.length > 0 && readable === 0) return err(`line ${entries[0]?.line}: the file is not NDJSON`);
  return ok(entries);
}

/**
 * Line numbers (from 1) for increasing offsets into a text, each newline counted once. With
 * `skipBlank`, blank lines and indentation after the offset are passed over first.
 */
function lineCursor(codeAt: (i: number) => number, length: number) {
  let pos = 0;
  let line = 1;
  return (offset: number, skipBlank = false): number => {
    for (; pos < offset; pos++) if (codeAt(pos) === 10) line++;
    if (skipBlank) {
      for (; pos < length && [9, 10, 13, 32].includes(codeAt(pos)); pos++) if (codeAt(pos) === 10) line++;
    }
    return line;
  };
}

const rowError = (line: number, code: string, reason: string): ImportEntry => ({
  line,
  ok: false,
  code,
  reason,
});

function checkRow(line: number, fromText: boolean, input: unknown): ImportEntry {
  const valid = offerInputSchema.safeParse(input);
  if (!valid.success) return rowError(line, 'invalid_row', explain(input));
  // PostgreSQL text cannot hold NUL; caught here it is a row error, not a failed batch.
  const { kind, model, name, currency, attributes } = valid.data;
  const texts = [kind, model, name, currency, ...Object.values(attributes)];
  if (texts.some((t) => typeof t === 'string' && t.includes('\0'))) {
    return rowError(line, 'invalid_row', 'contains a NUL character');
  }
  return { line, ok: true, row: valid.data, fromText };
}

/** Every problem of a row, each naming its field. */
function explain(input: unknown): string {
  // The message map slows every parse down, so it is only used once a row has failed.
  const issues = offerInputSchema.safeParse(input, { error: issueMessage }).error?.issues ?? [];
  return issues.map((i) => (i.path.length ? `${i.path.join('.')} ${i.message}` : i.message)).join('; ');
}

/** Messages that read after the field name ("price must be a number"); the schema's own win. */
function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    return `must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
  }
  if (issue.code === 'too_small') {
    if (issue.origin === 'string') return 'must not be empty';
    return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${issue.minimum}`;
  }
  if (issue.code === 'too_big') {
    const unit = issue.origin === 'string' ? ' characters' : '';
    return `must be at most ${issue.maximum}${unit}`;
  }
  return undefined;
}
