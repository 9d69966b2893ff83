import pg from 'pg';
import { type Summary, summarize } from './stats.ts';

/** How fast one step can be repeated by `clients` at once, with nothing else in the way. */
export interface Rate {
  clients: number;
  seconds: number;
  count: number;
  perSecond: number;
  latency: Summary;
}

/** Runs `step` in one loop per state (a connection, or nothing) for `seconds`. */
async function loopFor<T>(states: T[], seconds: number, step: (state: T) => Promise<unknown>): Promise<Rate> {
  const latency: number[] = [];
  const started = performance.now();
  const end = started + seconds * 1000;
  const loop = async (state: T) => {
    while (performance.now() < end) {
      const began = performance.now();
      await step(state);
      latency.push(performance.now() - began);
    }
  };
  await Promise.all(states.map(loop));
  const elapsed = (performance.now() - started) / 1000;
  return {
    clients: states.length,
    seconds: elapsed,
    count: latency.length,
    perSecond: latency.length / elapsed,
    latency: summarize(latency),
  };
}

/**
 * The server's plain commit rate, the ceiling for anything that commits once per step: `clients`
 * connections each looping BEGIN; one small INSERT; COMMIT on a scratch table, through `pg` with
 * nothing of Tokumei in between. Each COMMIT waits for its WAL flush, as every purchase's do.
 */
export async function measureCommitRate(
  url: string,
  options: { clients: number; seconds: number },
): Promise<Rate> {
  const pool = new pg.Pool({ connectionString: url, max: options.clients });
  await pool.query('CREATE TABLE bench_commits (id bigserial PRIMARY KEY, note text NOT NULL)');
  // Connected before the clock starts: the rate is of commits, not of connection set-up.
  const connections = await Promise.all(Array.from({ length: options.clients }, () => pool.connect()));
  try {
    return await loopFor(connections, options.seconds, async (connection) => {
      await connection.query('BEGIN');
      await connection.query('INSERT INTO bench_commits (note) VALUES ($1)', ['commit']);
      await connection.query('COMMIT');
    });
  } finally {
    for (const connection of connections) connection.release();
    await pool.query('DROP TABLE bench_commits').catch(() => {});
    await pool.end();
  }
}
