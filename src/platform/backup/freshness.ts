import { z } from 'zod';
import { listBackups } from './backup.ts';

/** A service's newest backup, as its status reports it. */
export const backupFreshnessSchema = z
  .object({
    lastAt: z
      .string()
      .nullable()
      .describe('When the newest backup in the backup folder was made; null when none is'),
    maxAgeSeconds: z
      .number()
      .int()
      .nullable()
      .describe('TOKUMEI_BACKUP_MAX_AGE: a newest backup older than this makes the service degraded'),
  })
  .nullable()
  .describe('Null when the service did not answer');

/**
 * How old the service's newest backup on this host is, and whether that is too old: a backup
 * that stopped being taken is otherwise silent until the day it is needed.
 */
export function backupFreshness(
  service: string,
  settings: { dir: string; maxAgeMs?: number },
  now: Date,
): { backup: z.infer<typeof backupFreshnessSchema>; issues: string[] } {
  const newest = listBackups(settings.dir, service)[0];
  const lastAt = newest?.manifest.createdAt ?? null;
  const maxAgeMs = settings.maxAgeMs;
  const backup = { lastAt, maxAgeSeconds: maxAgeMs === undefined ? null : Math.round(maxAgeMs / 1000) };
  if (maxAgeMs === undefined) return { backup, issues: [] };
  const limit = duration(maxAgeMs);
  if (!lastAt)
    return {
      backup,
      issues: [
        `No backup has been taken (one at most ${limit} old is expected): run \`tokumei backup ${service}\`.`,
      ],
    };
  const ageMs = now.getTime() - Date.parse(lastAt);
  return {
    backup,
    issues:
      ageMs > maxAgeMs
        ? [
            `The newest backup is ${duration(ageMs)} old, older than ${limit}: run \`tokumei backup ${service}\`.`,
          ]
        : [],
  };
}

/** "26 hours", "3.5 days": tenths where they say something. */
const duration = (ms: number) =>
  ms >= 48 * 3_600_000
    ? `${Number((ms / 86_400_000).toFixed(1))} days`
    : `${Number((ms / 3_600_000).toFixed(1))} hours`;
