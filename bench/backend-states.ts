import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { type CpuGroup, measureCpu } from './process-cpu.ts';

/**
 * What PostgreSQL's backends were doing while the buyers bought: the answer to "what bounds
 * purchases". A server short of CPU shows backends running; one bound by row locks or WAL
 * flushes shows them waiting on those; one bound by round trips shows them idle inside
 * transactions, waiting for the next statement from the service (or the replay's client).
 */
export const BACKEND_STATES = ['running', 'waiting for the client', 'lock', 'WAL', 'other'] as const;
export type BackendState = (typeof BACKEND_STATES)[number];

export interface BackendStates {
  /** Sampling rounds (one every SAMPLE_MS). */
  rounds: number;
  /** Backends that were not idle, on average per round. */
  busy: number;
  /** Each state's share of the non-idle backends seen. */
  shares: Record<BackendState, number>;
}

/** Often enough for a few hundred rounds a phase, rarely enough to cost the server nothing visible. */
const SAMPLE_MS = 20;

/**
 * Samples pg_stat_activity for the client backends of `databases` until `stop`: one grouped
 * query a round from a connection of its own on the admin URL.
 */
export async function sampleBackendStates(
  adminUrl: string,
  databases: string[],
): Promise<{ rounds(): number; stop(): Promise<BackendStates> }> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const counts = Object.fromEntries(BACKEND_STATES.map((s) => [s, 0])) as Record<BackendState, number>;
  let rounds = 0;
  let stopped = false;
  const sampling = (async () => {
    while (!stopped) {
      const { rows } = await client.query<{ state: BackendState; n: number }>(
        `SELECT CASE
             WHEN state LIKE 'idle in transaction%' OR wait_event_type = 'Client' THEN 'waiting for the client'
             WHEN wait_event_type IS NULL THEN 'running'
             WHEN wait_event_type = 'Lock' THEN 'lock'
             WHEN wait_event LIKE 'WAL%' THEN 'WAL'
             ELSE 'other'
           END AS state, count(*)::int AS n
         FROM pg_stat_activity
         WHERE backend_type = 'client backend' AND state <> 'idle'
           AND datname = ANY($1) AND pid <> pg_backend_pid()
         GROUP BY 1`,
        [databases],
      );
      for (const { state, n } of rows) counts[state] += n;
      rounds++;
      await sleep(SAMPLE_MS);
    }
  })();
  return {
    rounds: () => rounds,
    async stop() {
      stopped = true;
      await sampling;
      await client.end();
      const seen = Object.values(counts).reduce((a, b) => a + b, 0);
      return {
        rounds,
        busy: rounds ? seen / rounds : 0,
        shares: Object.fromEntries(BACKEND_STATES.map((s) => [s, seen ? counts[s] / seen : 0])) as Record<
          BackendState,
          number
        >,
      };
    },
  };
}

/** The database a connection URL names. */
export const databaseOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/** One purchase phase as the server and the machine saw it. */
export interface PhaseObservation {
  states: BackendStates;
  /** CPU seconds per process group over the phase (bench/process-cpu.ts). */
  cpu: Record<CpuGroup, number>;
  /** The phase's length, warm-up included, as the CPU was measured over it. */
  seconds: number;
}

/** Runs `work` while sampling the backends of `urls`' databases and the CPU of the processes. */
export async function observePhase<T>(
  adminUrl: string,
  urls: string[],
  work: () => Promise<T>,
): Promise<[T, PhaseObservation]> {
  const sampler = await sampleBackendStates(adminUrl, urls.map(databaseOf));
  const started = performance.now();
  const cpu = measureCpu();
  try {
    const result = await work();
    const spent = cpu.stop();
    const seconds = (performance.now() - started) / 1000;
    return [result, { states: await sampler.stop(), cpu: spent, seconds }];
  } catch (error) {
    await sampler.stop().catch(() => {});
    throw error;
  }
}
