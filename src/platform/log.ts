import pino, { type Logger } from 'pino';
import { fileAndConsoleDestination } from './log-output.ts';

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

/** JSON lines on stdout, or with `file` (TOKUMEI_LOG_FILE) to that file and warnings readably on stderr. */
export function createLogger(
  name: string,
  level = process.env.TOKUMEI_LOG_LEVEL ?? 'info',
  file = process.env.TOKUMEI_LOG_FILE,
): Logger {
  return pino(
    { name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    file ? fileAndConsoleDestination(file, level) : undefined,
  );
}

export type { Logger };
