import { asc, type Column, desc, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { message, problem } from './http/problem.ts';

/**
 * One paging convention for every list of every service. A page is `{ items, nextCursor }`; the
 * next one is asked for with `?cursor=<nextCursor>`, and `nextCursor` is null on the last. The
 * cursor is opaque to clients: the base64url of the last item's sort key as a JSON array,
 * always ending in a unique column, so rows that tie on the rest are neither skipped nor
 * repeated at a page boundary. On its way back the cursor is decoded and checked against the
 * list's key schema, so one the server did not write is a 400 `invalid_cursor`, never a
 * query that fails.
 */

export type CursorKey = readonly (string | number | null)[];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const INVALID_CURSOR = problem(400, 'invalid_cursor', { detail: message('invalid_cursor.detail') });

/** Long enough for any key this project writes; anything longer was not written here. */
const MAX_CURSOR_LENGTH = 512;

export const encodeCursor = (key: CursorKey): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

function decodeJson(text: string): unknown {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString());
  } catch {
    return undefined;
  }
}

/** Marks a validation issue as a bad cursor, so the error handler answers `invalid_cursor`. */
const CURSOR_ISSUE = { problem: 'invalid_cursor' } as const;

/**
 * The schema of a cursor parameter (a query's `cursor`, an SSE `Last-Event-ID`): the opaque
 * text, decoded into the list's key tuple. A cursor that does not decode, or whose key does not
 * match (a fraction where an integer was written, a number past the column's range, a null …),
 * is refused before the handler runs.
 */
export function cursorSchema<K extends z.ZodTuple>(key: K) {
  return z.string().transform((text, ctx): z.output<K> => {
    const parsed = key.safeParse(text.length <= MAX_CURSOR_LENGTH ? decodeJson(text) : undefined);
    if (parsed.success) return parsed.data;
    ctx.issues.push({
      code: 'custom',
      message: 'not a cursor this service wrote',
      input: text,
      params: CURSOR_ISSUE,
    });
    return z.NEVER;
  });
}

/** Whether a validation failure (fastify-type-provider-zod's shape) was a bad cursor. */
export const isCursorIssue = (validation: { params?: unknown }): boolean =>
  (validation.params as { params?: { problem?: string } } | undefined)?.params?.problem ===
  CURSOR_ISSUE.problem;

/** The query of a list: its cursor and a page size. */
export const pageQuery = <K extends z.ZodTuple>(key: K, limits: { max: number; default: number }) => ({
  cursor: cursorSchema(key)
    .optional()
    .describe('`nextCursor` of the previous page, as it came; absent for the first page'),
  limit: z.coerce.number().int().min(1).max(limits.max).default(limits.default),
});

/** The answer of a list. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
  });

/**
 * A page from rows fetched with `limit + 1`: the extra row only says there is more, and the
 * last row kept gives the cursor.
 */
export function toPage<R, T = R>(
  rows: R[],
  limit: number,
  keyOf: (row: R) => CursorKey,
  view: (row: R) => T = (row) => row as unknown as T,
): Page<T> {
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return {
    items: kept.map(view),
    nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null,
  };
}

type Direction = 'asc' | 'desc';

/**
 * Keyset SQL for columns sorted all one way: the row comparison `(a, b) > (x, y)` is exactly
 * "after this row" in `ORDER BY a, b`, ties included, and uses an index on (a, b). Values are
 * encoded as their column encodes them (a date as a timestamp).
 */
export function keysetAfter(columns: readonly Column[], key: readonly unknown[], direction: Direction): SQL {
  const values = columns.map((column, i) => sql.param(key[i], column));
  return sql`(${sql.join([...columns], sql`, `)}) ${sql.raw(direction === 'asc' ? '>' : '<')} (${sql.join(values, sql`, `)})`;
}

/** The ORDER BY that matches `keysetAfter` over the same columns. */
export const keysetOrder = (columns: readonly Column[], direction: Direction): SQL[] =>
  columns.map((column) => (direction === 'asc' ? asc(column) : desc(column)));
