import pino, { type Logger } from 'pino';
import { fileAndConsoleDestination } from './log-output.ts';
import { currentRequestId } from './request-context.ts';

/**
 * Paths never written to a log: instrument data, keys, secrets and codes. Fastify's request
 * serializer logs no bodies or headers; these cover anything logged by hand as well.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-order-secret"]',
  'req.headers["idempotency-key"]',
  '*.authorization',
  '*.apiKey',
  '*.secret',
  '*.orderSecret',
  '*.webhookSecret',
  '*.pin',
  '*.cardNumber',
  '*.number',
  '*.instrument',
  '*.pickupCode',
];

/** What a log line says of an error: where it came from and what kind it is, never what it held. */
export interface LoggedError {
  type: string;
  /** A stable code: a PostgreSQL SQLSTATE, a Node or Fastify code such as ECONNREFUSED. */
  code?: string;
  statusCode?: number;
  /** The constraint, table or column a database error names: schema names, not values. */
  constraint?: string;
  table?: string;
  column?: string;
  stack?: string;
  cause?: LoggedError;
  errors?: LoggedError[];
}

const SCHEMA_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const asName = (value: unknown) => (typeof value === 'string' && SCHEMA_NAME.test(value) ? value : undefined);

/**
 * The one way an error reaches a log. Messages and most properties carry values: a failed
 * query's SQL and parameters (drizzle's "Failed query: … params: …"), a constraint's detail
 * ("Key (x)=(…)"), a validation message quoting its input, a parser's raw packet with the query
 * string. So a logged error keeps its class, code, SQL state, the schema names a database error
 * gives and its stack frames (without the first line, the message), and so on down its causes.
 */
export function errorForLog(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) return { type: error === null ? 'null' : typeof error };
  const e = error as Error & Record<string, unknown>;
  const frames = e.stack
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  const logged: LoggedError = { type: e.constructor?.name || e.name };
  const code = asName(e.code);
  if (code) logged.code = code;
  if (typeof e.statusCode === 'number') logged.statusCode = e.statusCode;
  for (const key of ['constraint', 'table', 'column'] as const) {
    const name = asName(e[key]);
    if (name) logged[key] = name;
  }
  if (frames) logged.stack = frames;
  if (depth < 5) {
    if (e.cause !== undefined) logged.cause = errorForLog(e.cause, depth + 1);
    if (Array.isArray(e.errors)) logged.errors = e.errors.slice(0, 10).map((x) => errorForLog(x, depth + 1));
  }
  return logged;
}

/** JSON lines on stdout, or with `file` (TOKUMEI_LOG_FILE) to that file and warnings readably on stderr. */
export function createLogger(
  name: string,
  level = process.env.TOKUMEI_LOG_LEVEL ?? 'info',
  file = process.env.TOKUMEI_LOG_FILE,
): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: errorForLog },
    // Every line written for a request names it, whichever logger writes it (request-context.ts).
    mixin: () => {
      const reqId = currentRequestId();
      return reqId ? { reqId } : {};
    },
    hooks: {
      // Given an error and no message, pino takes the error's message for the line's: name its class instead.
      logMethod(args, method) {
        const [first] = args as unknown[];
        const error = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
        if (args.length === 1 && error instanceof Error) {
          return method.apply(this, [first as object, errorForLog(error).type]);
        }
        return method.apply(this, args);
      },
    },
  };
  return file ? pino(options, fileAndConsoleDestination(file, level)) : pino(options);
}

export type { Logger };
