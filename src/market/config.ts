import { z } from 'zod';
import { envBoolean, envDuration, envPort, readEnv } from '../platform/config';

export interface MarketConfig {
  host: string;
  port: number;
  /** PostgreSQL URL; when absent the market runs on PGlite in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Keys order secrets (HMAC); generated into the data directory when not configured. */
  secretKey?: string;
  defaultCurrency: string;
  searchTtlMs: number;
  orderPaymentWindowMs: number;
  idempotencyRetentionMs: number;
  rateLimitPerMinute: number;
  webhookAllowPrivate: boolean;
  demoData: boolean;
  /** The built terminals to serve (see src/web); absent, the market serves its API only. */
  webDir?: string;
}

/** Every market setting comes from a `TOKUMEI_MARKET_*` variable; see README "Configuration". */
export function marketConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MarketConfig {
  const e = readEnv(
    {
      TOKUMEI_MARKET_HOST: z.string().default('127.0.0.1'),
      TOKUMEI_MARKET_PORT: envPort.default(8080),
      TOKUMEI_MARKET_DATABASE_URL: z.string().url().optional(),
      TOKUMEI_MARKET_DATA_DIR: z.string().default('./data/market'),
      TOKUMEI_MARKET_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
      TOKUMEI_MARKET_CURRENCY: z
        .string()
        .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as JPY')
        .default('JPY'),
      TOKUMEI_MARKET_SEARCH_TTL: envDuration.default(30 * 60_000),
      TOKUMEI_MARKET_PAYMENT_WINDOW: envDuration.default(30 * 60_000),
      TOKUMEI_MARKET_IDEMPOTENCY_RETENTION: envDuration.default(48 * 3_600_000),
      TOKUMEI_MARKET_RATE_LIMIT: z.coerce.number().int().positive().default(600),
      TOKUMEI_MARKET_WEBHOOK_ALLOW_PRIVATE: envBoolean.default(false),
      TOKUMEI_MARKET_DEMO_DATA: envBoolean.default(true),
      TOKUMEI_MARKET_WEB_DIR: z.string().optional(),
    },
    env,
  );
  return {
    host: e.TOKUMEI_MARKET_HOST,
    port: e.TOKUMEI_MARKET_PORT,
    databaseUrl: e.TOKUMEI_MARKET_DATABASE_URL,
    dataDir: e.TOKUMEI_MARKET_DATA_DIR,
    secretKey: e.TOKUMEI_MARKET_SECRET_KEY,
    defaultCurrency: e.TOKUMEI_MARKET_CURRENCY,
    searchTtlMs: e.TOKUMEI_MARKET_SEARCH_TTL,
    orderPaymentWindowMs: e.TOKUMEI_MARKET_PAYMENT_WINDOW,
    idempotencyRetentionMs: e.TOKUMEI_MARKET_IDEMPOTENCY_RETENTION,
    rateLimitPerMinute: e.TOKUMEI_MARKET_RATE_LIMIT,
    webhookAllowPrivate: e.TOKUMEI_MARKET_WEBHOOK_ALLOW_PRIVATE,
    demoData: e.TOKUMEI_MARKET_DEMO_DATA,
    webDir: e.TOKUMEI_MARKET_WEB_DIR,
  };
}
