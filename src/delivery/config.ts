import { z } from 'zod';
import { type BackupSettings, backupSettingsFromEnv } from '../platform/backup/settings.ts';
import { envBoolean, envDuration, envHttpUrl, envPort, readEnv } from '../platform/config.ts';

export interface DeliveryConfig {
  /** This host's backups: their folder, when one is stale, and whether the service makes them; TOKUMEI_BACKUP_*. */
  backup?: BackupSettings;
  host: string;
  port: number;
  /** Where clients reach delivery, as its OpenAPI document names it; absent, the document's own origin. */
  publicUrl?: string;
  /** PostgreSQL URL; when absent delivery runs on PGlite in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Keys delivery's own secrets; generated into `dataDir` when absent. */
  secretKey?: string;
  rateLimitPerMinute: number;
  demoData: boolean;
  /** The market's public address, where delivery sends parcel events (B9). */
  marketUrl: string;
  /**
   * The key delivery and the market share: it signs their calls and pickup-code registration
   * tokens. Required to serve; `tokumei start` makes one for both.
   */
  marketKey?: string;
  marketTimeoutMs: number;
  /** The built terminals, for the pickup clerk's (src/web); absent, delivery serves its API only. */
  webDir?: string;
  /** B9: wrong pickup codes for one order before it is locked. */
  pickupAttempts: number;
  /** B9: how long an order stays locked after that many wrong codes. */
  pickupLockMs: number;
  /** B9: wrong pickup codes at one pickup point, for any orders, before it takes no more for a while. */
  pointAttempts: number;
  /** The window over which a pickup point's wrong codes are counted. */
  pointWindowMs: number;
  /** B9: how long past its deadline a parcel waits for a clerk to send it back before delivery does. */
  returnGraceMs: number;
}

/** Every delivery setting comes from a `TOKUMEI_DELIVERY_*` variable; see README "Configuration". */
export function deliveryConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DeliveryConfig {
  const e = readEnv(
    {
      TOKUMEI_DELIVERY_HOST: z.string().default('127.0.0.1'),
      TOKUMEI_DELIVERY_PORT: envPort.default(8090),
      TOKUMEI_DELIVERY_PUBLIC_URL: envHttpUrl.optional(),
      TOKUMEI_DELIVERY_DATABASE_URL: z.string().url().optional(),
      TOKUMEI_DELIVERY_DATA_DIR: z.string().default('./data/delivery'),
      TOKUMEI_DELIVERY_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
      TOKUMEI_DELIVERY_RATE_LIMIT: z.coerce.number().int().positive().default(600),
      TOKUMEI_DELIVERY_DEMO_DATA: envBoolean.default(true),
      TOKUMEI_DELIVERY_MARKET_URL: z
        .string()
        .url()
        .refine((u) => /^https?:\/\//.test(u), 'must be an http:// or https:// URL')
        .default('http://127.0.0.1:8080'),
      TOKUMEI_DELIVERY_MARKET_KEY: z
        .string()
        .min(32, 'must be at least 32 characters (the same as TOKUMEI_MARKET_DELIVERY_KEY)')
        .optional(),
      TOKUMEI_DELIVERY_MARKET_TIMEOUT: envDuration.default(10_000),
      TOKUMEI_DELIVERY_WEB_DIR: z.string().optional(),
      TOKUMEI_DELIVERY_PICKUP_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
      TOKUMEI_DELIVERY_PICKUP_LOCK: envDuration.default(3_600_000),
      TOKUMEI_DELIVERY_POINT_ATTEMPTS: z.coerce.number().int().min(1).max(100_000).default(30),
      TOKUMEI_DELIVERY_POINT_WINDOW: envDuration.default(600_000),
      TOKUMEI_DELIVERY_RETURN_GRACE: envDuration.default(3 * 86_400_000),
    },
    env,
  );
  return {
    host: e.TOKUMEI_DELIVERY_HOST,
    port: e.TOKUMEI_DELIVERY_PORT,
    publicUrl: e.TOKUMEI_DELIVERY_PUBLIC_URL,
    databaseUrl: e.TOKUMEI_DELIVERY_DATABASE_URL,
    dataDir: e.TOKUMEI_DELIVERY_DATA_DIR,
    backup: backupSettingsFromEnv(env),
    secretKey: e.TOKUMEI_DELIVERY_SECRET_KEY,
    rateLimitPerMinute: e.TOKUMEI_DELIVERY_RATE_LIMIT,
    demoData: e.TOKUMEI_DELIVERY_DEMO_DATA,
    marketUrl: e.TOKUMEI_DELIVERY_MARKET_URL.replace(/\/+$/, ''),
    marketKey: e.TOKUMEI_DELIVERY_MARKET_KEY,
    marketTimeoutMs: e.TOKUMEI_DELIVERY_MARKET_TIMEOUT,
    webDir: e.TOKUMEI_DELIVERY_WEB_DIR,
    pickupAttempts: e.TOKUMEI_DELIVERY_PICKUP_ATTEMPTS,
    pickupLockMs: e.TOKUMEI_DELIVERY_PICKUP_LOCK,
    pointAttempts: e.TOKUMEI_DELIVERY_POINT_ATTEMPTS,
    pointWindowMs: e.TOKUMEI_DELIVERY_POINT_WINDOW,
    returnGraceMs: e.TOKUMEI_DELIVERY_RETURN_GRACE,
  };
}
