import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from './db/database.ts';
import type { HttpServer } from './http/server.ts';
import type { Logger } from './log.ts';

/**
 * Probes in Kubernetes' convention. `/livez`: the process answers, and nothing else is checked,
 * so a database outage never gets a healthy process restarted. `/readyz`: each of what the
 * service needs to serve answers within a bound; 503 while one does not, so a load balancer
 * sends requests elsewhere until it does. Each check is named in the body.
 */

/** One thing a service needs to serve: resolves when it answers, throws (or times out) when not. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<unknown>;
}

/** Longer than this and a check counts as not answering: a probe must answer quickly itself. */
export const READINESS_TIMEOUT_MS = 2_000;

export const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.array(
    z.object({
      name: z.string(),
      ok: z.boolean(),
      latencyMs: z.number(),
      error: z.string().optional().describe('Why it failed; never more than a line'),
    }),
  ),
});
export type Readiness = z.infer<typeof readinessSchema>;

/** A service's own database answers `SELECT 1`. */
export const databaseCheck = (database: Database): ReadinessCheck => ({
  name: 'database',
  check: () => database.db.execute(sql`SELECT 1`),
});

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * For a service that asks another's `/readyz`: resolves when it answered 200, else throws with
 * the checks it named as failing.
 */
export function expectReady(service: string, status: number, body: unknown): void {
  if (status === 200) return;
  const parsed = readinessSchema.safeParse(body);
  const failed = parsed.success ? parsed.data.checks.filter((c) => !c.ok).map((c) => c.name) : [];
  throw new Error(`${service} is not ready (${failed.length ? failed.join(', ') : `HTTP ${status}`})`);
}

/** Runs every check at once, each bounded in time. */
export async function readiness(checks: readonly ReadinessCheck[]): Promise<Readiness> {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      const started = performance.now();
      const latencyMs = () => Math.round((performance.now() - started) * 10) / 10;
      try {
        await withTimeout(check(), READINESS_TIMEOUT_MS);
        return { name, ok: true, latencyMs: latencyMs() };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { name, ok: false, latencyMs: latencyMs(), error: message.split('\n')[0]?.slice(0, 200) };
      }
    }),
  );
  return { status: results.every((r) => r.ok) ? 'ready' : 'not_ready', checks: results };
}

/** `/livez` and `/readyz`, outside the rate limit (a probe every few seconds is not a client). */
export function healthRoutes(app: HttpServer, checks: readonly ReadinessCheck[], log: Logger): void {
  const probe = { schema: { hide: true }, config: { rateLimit: false } } as const;
  app.get('/livez', probe, async () => ({ status: 'ok' }));
  app.get('/readyz', probe, async (_request, reply) => {
    const answer = await readiness(checks);
    if (answer.status !== 'ready') {
      log.warn({ failed: answer.checks.filter((c) => !c.ok) }, 'not ready');
      reply.code(503);
    }
    return answer;
  });
}
