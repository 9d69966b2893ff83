import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { backupFreshness, backupFreshnessSchema } from './backup/freshness.ts';
import type { Database } from './db/database.ts';
import { withTimeout } from './health.ts';
import type { Logger } from './log.ts';

/** How one service is doing, in the shape every service on the operator's status page shares. */
export const serviceStatusSchema = z
  .object({
    name: z.string().describe('The service: market, settlement or delivery'),
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    startedAt: z.string(),
    uptimeSeconds: z.number().int(),
    database: z.object({
      driver: z
        .enum(['pglite', 'postgres'])
        .nullable()
        .describe('Null when the service itself did not answer'),
      ok: z.boolean(),
      latencyMs: z.number().nullable().describe('Round trip of `SELECT 1`; null when it did not answer'),
    }),
    counts: z
      .array(z.object({ name: z.string(), label: z.string(), value: z.number().int() }))
      .describe(
        'What the service holds, each count with a stable `name` and a label for people, so a status page can show any service. Empty when the database did not answer.',
      ),
    backup: backupFreshnessSchema,
    issues: z.array(z.string()).describe('Why the service is degraded; empty when it is ok'),
    checkedAt: z.string(),
  })
  .meta({ id: 'ServiceStatus' });
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;

/** "1 parcel is" / "3 parcels are": counts in a status issue, written for an operator to read. */
export const countIs = (n: number, noun: string) => `${n} ${noun}${n === 1 ? ' is' : 's are'}`;

/** A database that takes longer than this to answer is reported as not answering. */
const DATABASE_TIMEOUT_MS = 2_000;

/**
 * A service's status: its database's round trip, then what `inspect` counts and finds wrong,
 * both bounded in time. A database that does not answer makes the service degraded, not the
 * status page fail.
 */
export async function checkService(
  service: {
    name: string;
    version: string;
    startedAt: Date;
    now: Date;
    database: Database;
    log: Logger;
    /** Where this host keeps the service's backups, and how old the newest may be. */
    backups?: { dir: string; maxAgeMs?: number };
  },
  inspect: () => Promise<Pick<ServiceStatus, 'counts' | 'issues'>>,
): Promise<ServiceStatus> {
  const { now, startedAt } = service;
  const base = {
    name: service.name,
    version: service.version,
    startedAt: startedAt.toISOString(),
    uptimeSeconds: Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / 1000)),
    checkedAt: now.toISOString(),
  };
  const driver = service.database.driver;
  // Read from this host's backup folder, so it is reported whether the database answers or not.
  const backups = service.backups
    ? backupFreshness(service.name, service.backups, now)
    : { backup: null, issues: [] };
  try {
    const start = performance.now();
    await withTimeout(service.database.db.execute(sql`SELECT 1`), DATABASE_TIMEOUT_MS);
    const latencyMs = Math.round((performance.now() - start) * 10) / 10;
    const inspected = await withTimeout(inspect(), DATABASE_TIMEOUT_MS);
    const issues = [...inspected.issues, ...backups.issues];
    return {
      ...base,
      status: issues.length ? 'degraded' : 'ok',
      database: { driver, ok: true, latencyMs },
      counts: inspected.counts,
      backup: backups.backup,
      issues,
    };
  } catch (error) {
    service.log.warn({ err: error }, 'status check: the database did not answer');
    return {
      ...base,
      status: 'degraded',
      database: { driver, ok: false, latencyMs: null },
      counts: [],
      backup: backups.backup,
      issues: [`The database did not answer within ${DATABASE_TIMEOUT_MS / 1000} s.`, ...backups.issues],
    };
  }
}
