import { z } from 'zod';
import { type BackupSettings, backupSettingsFromEnv } from '../platform/backup/settings.ts';
import type { ClosedLinkEndpoint } from '../platform/closed-link/endpoint.ts';
import {
  DEFAULT_CLOSED_LINK_SOCKET,
  fingerprintList,
  hostPort,
  readTlsMaterial,
} from '../platform/closed-link/endpoint.ts';
import { ConfigError, envBoolean, envDuration, readEnv } from '../platform/config.ts';

export interface SettlementConfig {
  /** This host's backups: their folder, when one is stale, and whether the service makes them; TOKUMEI_BACKUP_*. */
  backup?: BackupSettings;
  /** PostgreSQL URL; when absent settlement runs on PGlite in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Keys card numbers and PINs before they are stored; generated into `dataDir` when absent. */
  secretKey?: string;
  /** The only listener: the socket, or TCP with mutual TLS. */
  link: ClosedLinkEndpoint;
  /** SHA-256 fingerprints of the market's client certificates (TLS link only). */
  allowedClients: string[];
  marketFeeBasisPoints: number;
  maxPinAttempts: number;
  pinLockMs: number;
  idempotencyRetentionMs: number;
  demoData: boolean;
  /** The currency of the demo cards. */
  demoCurrency: string;
}

/** Every settlement setting comes from a `TOKUMEI_SETTLEMENT_*` variable; see README "Configuration". */
export function settlementConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SettlementConfig {
  const e = readEnv(
    {
      TOKUMEI_SETTLEMENT_DATABASE_URL: z.string().url().optional(),
      TOKUMEI_SETTLEMENT_DATA_DIR: z.string().default('./data/settlement'),
      TOKUMEI_SETTLEMENT_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
      TOKUMEI_SETTLEMENT_SOCKET: z.string().default(DEFAULT_CLOSED_LINK_SOCKET),
      TOKUMEI_SETTLEMENT_TLS_LISTEN: hostPort.optional(),
      TOKUMEI_SETTLEMENT_TLS_CERT: z.string().optional(),
      TOKUMEI_SETTLEMENT_TLS_KEY: z.string().optional(),
      TOKUMEI_SETTLEMENT_TLS_CA: z.string().optional(),
      TOKUMEI_SETTLEMENT_TLS_CLIENT_FINGERPRINTS: fingerprintList.optional(),
      TOKUMEI_SETTLEMENT_MARKET_FEE_BP: z.coerce.number().int().min(0).max(10_000).default(300),
      TOKUMEI_SETTLEMENT_MAX_PIN_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
      TOKUMEI_SETTLEMENT_PIN_LOCK: envDuration.default(15 * 60_000),
      TOKUMEI_SETTLEMENT_IDEMPOTENCY_RETENTION: envDuration.default(48 * 3_600_000),
      TOKUMEI_SETTLEMENT_DEMO_DATA: envBoolean.default(true),
      TOKUMEI_SETTLEMENT_DEMO_CURRENCY: z
        .string()
        .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as JPY')
        .default('JPY'),
    },
    env,
  );
  const listen = e.TOKUMEI_SETTLEMENT_TLS_LISTEN;
  if (listen && !e.TOKUMEI_SETTLEMENT_TLS_CLIENT_FINGERPRINTS?.length) {
    throw new ConfigError(
      'Invalid configuration:\n  TOKUMEI_SETTLEMENT_TLS_CLIENT_FINGERPRINTS: must name the market’s client certificate',
    );
  }
  const link: ClosedLinkEndpoint = listen
    ? {
        kind: 'tls',
        ...listen,
        tls: readTlsMaterial({
          cert: { variable: 'TOKUMEI_SETTLEMENT_TLS_CERT', path: e.TOKUMEI_SETTLEMENT_TLS_CERT },
          key: { variable: 'TOKUMEI_SETTLEMENT_TLS_KEY', path: e.TOKUMEI_SETTLEMENT_TLS_KEY },
          ca: { variable: 'TOKUMEI_SETTLEMENT_TLS_CA', path: e.TOKUMEI_SETTLEMENT_TLS_CA },
        }),
      }
    : { kind: 'socket', path: e.TOKUMEI_SETTLEMENT_SOCKET };
  return {
    databaseUrl: e.TOKUMEI_SETTLEMENT_DATABASE_URL,
    dataDir: e.TOKUMEI_SETTLEMENT_DATA_DIR,
    backup: backupSettingsFromEnv(env),
    secretKey: e.TOKUMEI_SETTLEMENT_SECRET_KEY,
    link,
    allowedClients: e.TOKUMEI_SETTLEMENT_TLS_CLIENT_FINGERPRINTS ?? [],
    marketFeeBasisPoints: e.TOKUMEI_SETTLEMENT_MARKET_FEE_BP,
    maxPinAttempts: e.TOKUMEI_SETTLEMENT_MAX_PIN_ATTEMPTS,
    pinLockMs: e.TOKUMEI_SETTLEMENT_PIN_LOCK,
    idempotencyRetentionMs: e.TOKUMEI_SETTLEMENT_IDEMPOTENCY_RETENTION,
    demoData: e.TOKUMEI_SETTLEMENT_DEMO_DATA,
    demoCurrency: e.TOKUMEI_SETTLEMENT_DEMO_CURRENCY,
  };
}
