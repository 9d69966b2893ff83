import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { databaseOf, sampleBackendStates } from '../../bench/backend-states.ts';
import { measureCpu } from '../../bench/process-cpu.ts';
import { createServerDatabase, dropServerDatabase } from '../../src/platform/testing/databases.ts';
import { describeOnPostgres } from '../../src/platform/testing/for-each-database.ts';

/**
 * The bench's account of what bounds purchases rests on these two readings: what PostgreSQL's
 * backends are doing, and the CPU the processes spend.
 */
describeOnPostgres('the bench’s readings of a purchase phase', () => {
  let url: string;
  const admin = process.env.TOKUMEI_TEST_DATABASE_URL as string;
  beforeAll(async () => {
    url = await createServerDatabase();
  });
  afterAll(async () => {
    await dropServerDatabase(url);
  });

  it('tells a backend waiting inside its transaction from one waiting on a row lock', async () => {
    const holder = new pg.Client({ connectionString: url });
    const waiter = new pg.Client({ connectionString: url });
    await holder.connect();
    await waiter.connect();
    try {
      await holder.query('CREATE TABLE stock (id int PRIMARY KEY, n int NOT NULL)');
      await holder.query('INSERT INTO stock VALUES (1, 10)');
      // The holder takes the row and goes quiet inside its transaction, as a service between
      // statements; the waiter asks for the same row.
      await holder.query('BEGIN');
      await holder.query('UPDATE stock SET n = n - 1 WHERE id = 1');
      await waiter.query('BEGIN');
      const blocked = waiter.query('UPDATE stock SET n = n - 1 WHERE id = 1');
      const probe = new pg.Client({ connectionString: admin });
      await probe.connect();
      await expect
        .poll(async () => {
          const { rows } = await probe.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
            [databaseOf(url)],
          );
          return rows[0].n;
        })
        .toBe(1);
      await probe.end();

      const sampler = await sampleBackendStates(admin, [databaseOf(url)]);
      await expect.poll(() => sampler.rounds()).toBeGreaterThanOrEqual(3);
      const states = await sampler.stop();
      expect(states.busy).toBe(2);
      expect(states.shares).toEqual({
        running: 0,
        'waiting for the client': 0.5,
        lock: 0.5,
        WAL: 0,
        other: 0,
      });

      await holder.query('COMMIT');
      await blocked;
      await waiter.query('COMMIT');
      const { rows } = await holder.query('SELECT n FROM stock');
      expect(rows[0].n).toBe(8);
    } finally {
      await holder.end();
      await waiter.end();
    }
  });

  it('counts the CPU of the PostgreSQL server on this machine, and its own', async (context) => {
    if (
      !['127.0.0.1', 'localhost', '[::1]'].includes(new URL(admin).hostname) ||
      process.platform !== 'linux'
    )
      context.skip('the server is not on this Linux machine: its processes cannot be read');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const cpu = measureCpu();
      // Work the server alone does, then work this process alone does.
      await client.query('SELECT sum(i) FROM generate_series(1, 5000000) AS i');
      let x = 0;
      for (const started = performance.now(); performance.now() - started < 200; ) x += Math.sqrt(x + 1);
      const spent = cpu.stop();
      expect(x).toBeGreaterThan(0);
      expect(spent.PostgreSQL).toBeGreaterThan(0.1);
      expect(spent.bench).toBeGreaterThan(0.1);
    } finally {
      await client.end();
    }
  });
});
