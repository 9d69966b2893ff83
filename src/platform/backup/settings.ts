import { z } from 'zod';
import { envDuration, readEnv } from '../config.ts';

export const DEFAULT_BACKUP_DIR = './data/backups';
export const DEFAULT_BACKUP_KEEP = 7;

/** Where a host's backups go and how they are kept: the same TOKUMEI_BACKUP_* variables on every host. */
export interface BackupSettings {
  dir: string;
  keyFile?: string;
  keep: number;
  /** A service whose newest backup is older than this is degraded on the status page. */
  maxAgeMs?: number;
  /** A running service backs itself up this often (see startScheduledBackups). */
  every?: number;
}

export function backupSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): BackupSettings {
  const e = readEnv(
    {
      TOKUMEI_BACKUP_DIR: z.string().default(DEFAULT_BACKUP_DIR),
      TOKUMEI_BACKUP_KEY_FILE: z.string().optional(),
      TOKUMEI_BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_BACKUP_KEEP),
      TOKUMEI_BACKUP_MAX_AGE: envDuration.optional(),
      TOKUMEI_BACKUP_EVERY: envDuration.optional(),
    },
    env,
  );
  return {
    dir: e.TOKUMEI_BACKUP_DIR,
    keyFile: e.TOKUMEI_BACKUP_KEY_FILE,
    keep: e.TOKUMEI_BACKUP_KEEP,
    maxAgeMs: e.TOKUMEI_BACKUP_MAX_AGE,
    every: e.TOKUMEI_BACKUP_EVERY,
  };
}
