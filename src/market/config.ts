import { z } from 'zod';
import { type BackupSettings, backupSettingsFromEnv } from '../platform/backup/settings.ts';
import {
  type ClosedLinkEndpoint,
  DEFAULT_CLOSED_LINK_SOCKET,
  readTlsMaterial,
} from '../platform/closed-link/endpoint.ts';
import { envBoolean, envDuration, envHttpUrl, envPort, readEnv } from '../platform/config.ts';

export interface MarketConfig {
  /** This host's backups: their folder, when one is stale, and whether the service makes them; TOKUMEI_BACKUP_*. */
  backup?: BackupSettings;
  host: string;
  port: number;
  /** Where clients reach the market, as its OpenAPI document names it; absent, the document's own origin. */
  publicUrl?: string;
  /** PostgreSQL URL; when absent the market runs on PGlite in `dataDir`. */
  databaseUrl?: string;
  /** A streaming replica of that database: retrieval reads there, everything else the primary. */
  readDatabaseUrl?: string;
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
  /** The closed link to settlement (B7–B8): its socket, or its address over mutual TLS. */
  settlement: ClosedLinkEndpoint;
  settlementTimeoutMs: number;
  /** The delivery service's public address: the market books shipments there, and purchasers' browsers ask it for pickup points. */
  deliveryUrl: string;
  /**
   * The key the market and delivery share: it signs their calls and pickup-code registration
   * tokens. Required to serve; `tokumei start` makes one for both.
   */
  deliveryKey?: string;
  deliveryTimeoutMs: number;
}

/** Every market setting comes from a `TOKUMEI_MARKET_*` variable; see README "Configuration". */
export function marketConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MarketConfig {
  const e = readEnv(
    {
      TOKUMEI_MARKET_HOST: z.string().default('127.0.0.1'),
      TOKUMEI_MARKET_PORT: envPort.default(8080),
      TOKUMEI_MARKET_PUBLIC_URL: envHttpUrl.optional(),
      TOKUMEI_MARKET_DATABASE_URL: z.string().url().optional(),
      TOKUMEI_MARKET_READ_DATABASE_URL: z.string().url().optional(),
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
      TOKUMEI_MARKET_SETTLEMENT_SOCKET: z.string().default(DEFAULT_CLOSED_LINK_SOCKET),
      TOKUMEI_MARKET_SETTLEMENT_URL: z
        .string()
        .url()
        .refine((u) => u.startsWith('https://'), 'must be an https:// URL (the link is mutual TLS)')
        .optional(),
      TOKUMEI_MARKET_SETTLEMENT_TLS_CERT: z.string().optional(),
      TOKUMEI_MARKET_SETTLEMENT_TLS_KEY: z.string().optional(),
      TOKUMEI_MARKET_SETTLEMENT_TLS_CA: z.string().optional(),
      TOKUMEI_MARKET_SETTLEMENT_TIMEOUT: envDuration.default(10_000),
      TOKUMEI_MARKET_DELIVERY_URL: z
        .string()
        .url()
        .refine((u) => /^https?:\/\//.test(u), 'must be an http:// or https:// URL')
        .default('http://127.0.0.1:8090'),
      TOKUMEI_MARKET_DELIVERY_KEY: z
        .string()
        .min(32, 'must be at least 32 characters (the same as TOKUMEI_DELIVERY_MARKET_KEY)')
        .optional(),
      TOKUMEI_MARKET_DELIVERY_TIMEOUT: envDuration.default(10_000),
    },
    env,
  );
  return {
    host: e.TOKUMEI_MARKET_HOST,
    port: e.TOKUMEI_MARKET_PORT,
    publicUrl: e.TOKUMEI_MARKET_PUBLIC_URL,
    databaseUrl: e.TOKUMEI_MARKET_DATABASE_URL,
    readDatabaseUrl: e.TOKUMEI_MARKET_READ_DATABASE_URL,
    dataDir: e.TOKUMEI_MARKET_DATA_DIR,
    backup: backupSettingsFromEnv(env),
    secretKey: e.TOKUMEI_MARKET_SECRET_KEY,
    defaultCurrency: e.TOKUMEI_MARKET_CURRENCY,
    searchTtlMs: e.TOKUMEI_MARKET_SEARCH_TTL,
    orderPaymentWindowMs: e.TOKUMEI_MARKET_PAYMENT_WINDOW,
    idempotencyRetentionMs: e.TOKUMEI_MARKET_IDEMPOTENCY_RETENTION,
    rateLimitPerMinute: e.TOKUMEI_MARKET_RATE_LIMIT,
    webhookAllowPrivate: e.TOKUMEI_MARKET_WEBHOOK_ALLOW_PRIVATE,
    demoData: e.TOKUMEI_MARKET_DEMO_DATA,
    webDir: e.TOKUMEI_MARKET_WEB_DIR,
    settlement: settlementEndpoint(e),
    settlementTimeoutMs: e.TOKUMEI_MARKET_SETTLEMENT_TIMEOUT,
    // The terminals append the route to it.
    deliveryUrl: e.TOKUMEI_MARKET_DELIVERY_URL.replace(/\/+$/, ''),
    deliveryKey: e.TOKUMEI_MARKET_DELIVERY_KEY,
    deliveryTimeoutMs: e.TOKUMEI_MARKET_DELIVERY_TIMEOUT,
  };
}

function settlementEndpoint(e: {
  TOKUMEI_MARKET_SETTLEMENT_SOCKET: string;
  TOKUMEI_MARKET_SETTLEMENT_URL?: string;
  TOKUMEI_MARKET_SETTLEMENT_TLS_CERT?: string;
  TOKUMEI_MARKET_SETTLEMENT_TLS_KEY?: string;
  TOKUMEI_MARKET_SETTLEMENT_TLS_CA?: string;
}): ClosedLinkEndpoint {
  if (!e.TOKUMEI_MARKET_SETTLEMENT_URL) return { kind: 'socket', path: e.TOKUMEI_MARKET_SETTLEMENT_SOCKET };
  const url = new URL(e.TOKUMEI_MARKET_SETTLEMENT_URL);
  return {
    kind: 'tls',
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || 443),
    tls: readTlsMaterial({
      cert: { variable: 'TOKUMEI_MARKET_SETTLEMENT_TLS_CERT', path: e.TOKUMEI_MARKET_SETTLEMENT_TLS_CERT },
      key: { variable: 'TOKUMEI_MARKET_SETTLEMENT_TLS_KEY', path: e.TOKUMEI_MARKET_SETTLEMENT_TLS_KEY },
      ca: { variable: 'TOKUMEI_MARKET_SETTLEMENT_TLS_CA', path: e.TOKUMEI_MARKET_SETTLEMENT_TLS_CA },
    }),
  };
}
