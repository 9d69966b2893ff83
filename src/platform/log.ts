import pino, { type Logger } from 'pino';

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

export function createLogger(name: string, level = process.env.TOKUMEI_LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}

export type { Logger };
