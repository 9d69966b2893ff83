import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from './db/database.ts';
import { createLogger } from './log.ts';
import {
  drainOutbox,
  enqueue,
  OUTBOX_LEASE_MS,
  OUTBOX_MAX_BACKOFF_MS,
  type OutboxJob,
  outbox,
} from './outbox.ts';
import { createTestDatabase, type TestDatabase } from './testing/databases.ts';
import { describeEachDatabase } from './testing/for-each-database.ts';

const T0 = new Date('2026-11-21T10:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const log = createLogger('outbox-test', 'silent');

/**
 * The statements drizzle-kit generates for the outbox table, in a process of its own: its API
 * adds `Array.prototype.random`, which would stay in the worker for the test files after this one.
 */
function outboxStatements(): string[] {
  const generate = `
    import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
    import { outbox } from ${JSON.stringify(join(import.meta.dirname, 'outbox.ts'))};
    const statements = await generateMigration(generateDrizzleJson({}), generateDrizzleJson({ outbox }));
    process.stdout.write(JSON.stringify(statements));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', generate], {
    cwd: import.meta.dirname,
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

/**
 * A migrations folder holding only the outbox, made from the table definition itself: the
 * services include that same definition in their schemas (and drizzle-kit checks their
 * migrations against it), so this is the table they run on.
 */
function outboxMigrations(): string {
  const folder = mkdtempSync(join(tmpdir(), 'tokumei-outbox-'));
  const statements = outboxStatements();
  mkdirSync(join(folder, 'meta'));
  writeFileSync(join(folder, '0000_outbox.sql'), statements.join('\n--> statement-breakpoint\n'));
  const entry = { idx: 0, version: '7', when: T0.getTime(), tag: '0000_outbox', breakpoints: true };
  writeFileSync(
    join(folder, 'meta', '_journal.json'),
    JSON.stringify({ version: '7', dialect: 'postgresql', entries: [entry] }),
  );
  return folder;
}

describeEachDatabase('the transactional outbox', (kind) => {
  let folder: string;
  let test: TestDatabase;
  let db: Db;
  let topics = 0;
  /** Each test its own topic, so that the jobs of one never reach another's drainer. */
  const newTopic = () => `test.topic-${++topics}`;

  beforeAll(async () => {
    folder = outboxMigrations();
    test = await createTestDatabase(kind, folder);
    db = test.database.db;
  });
  afterAll(async () => {
    await test?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  const queue = (topic: string, payload: unknown, key?: string, now = T0) =>
    enqueue(db, { topic, payload, key, now });
  const jobsOf = (topic: string) =>
    db.select().from(outbox).where(eq(outbox.topic, topic)).orderBy(outbox.seq);

  /** A drainer that records what it was given and fails while `fail` says so. */
  function recorder(topic: string, fail: (job: OutboxJob) => string | null = () => null) {
    const delivered: unknown[] = [];
    const tried: unknown[] = [];
    const drain = (now: Date, options: { maxAttempts?: number; batch?: number } = {}) =>
      drainOutbox(db, {
        topic,
        now,
        log,
        maxAttempts: options.maxAttempts ?? 10,
        batch: options.batch,
        deliver: async (job) => {
          tried.push(job.payload);
          const failure = fail(job);
          if (failure === null) delivered.push(job.payload);
          return failure;
        },
      });
    /** Drains until nothing more is due at `now`, as the services' duties do. */
    const drainAll = async (now: Date, options?: { maxAttempts?: number; batch?: number }) => {
      while ((await drain(now, options)) > 0) {}
    };
    return { delivered, tried, drain, drainAll };
  }

  it('delivers the jobs of its topic once, in the order they were queued, and leaves other topics alone', async () => {
    const topic = newTopic();
    const other = newTopic();
    for (const n of [1, 2, 3, 4, 5]) await queue(topic, { n });
    await queue(other, { n: 'other' });
    const r = recorder(topic);

    expect(await r.drain(T0, { batch: 2 })).toBe(2);
    await r.drainAll(T0, { batch: 2 });
    expect(r.delivered).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }]);
    await r.drainAll(later(OUTBOX_MAX_BACKOFF_MS * 2));
    expect(r.tried).toHaveLength(5);

    const jobs = await jobsOf(topic);
    expect(jobs.every((j) => j.deliveredAt?.getTime() === T0.getTime() && j.attempts === 1)).toBe(true);
    const [untouched] = await jobsOf(other);
    expect(untouched).toMatchObject({ attempts: 0, deliveredAt: null });
  });

  it('waits until a job is due', async () => {
    const topic = newTopic();
    await queue(topic, { n: 1 }, undefined, later(5_000));
    const r = recorder(topic);
    expect(await r.drain(later(4_999))).toBe(0);
    expect(await r.drain(later(5_000))).toBe(1);
    expect(r.delivered).toEqual([{ n: 1 }]);
  });

  it('backs off exponentially after each failure, up to an hour, and a thrown error is a failure', async () => {
    const topic = newTopic();
    await queue(topic, { n: 1 });
    let failures = 14;
    const r = recorder(topic, () => {
      if (failures-- === 14) throw new Error('connection reset');
      return failures >= 0 ? 'busy' : null;
    });

    let now = T0;
    const expectedWaits: number[] = [];
    for (let attempt = 1; attempt <= 14; attempt++) {
      expect(await r.drain(now, { maxAttempts: 20 })).toBe(1);
      const [job] = await jobsOf(topic);
      const wait = (job?.availableAt.getTime() ?? 0) - now.getTime();
      expectedWaits.push(Math.min(2 ** attempt * 1000, OUTBOX_MAX_BACKOFF_MS));
      expect(wait).toBe(expectedWaits.at(-1));
      expect(job).toMatchObject({
        attempts: attempt,
        lastError: attempt === 1 ? 'connection reset' : 'busy',
      });
      // Not a moment before.
      expect(await r.drain(new Date(now.getTime() + wait - 1), { maxAttempts: 20 })).toBe(0);
      now = new Date(now.getTime() + wait);
    }
    expect(expectedWaits.slice(0, 3)).toEqual([2_000, 4_000, 8_000]);
    expect(expectedWaits.at(-1)).toBe(OUTBOX_MAX_BACKOFF_MS);

    expect(await r.drain(now, { maxAttempts: 20 })).toBe(1);
    const [done] = await jobsOf(topic);
    expect(done).toMatchObject({ attempts: 15, lastError: null, failedAt: null });
    expect(done?.deliveredAt).toEqual(now);
  });

  it('parks a job after its attempts run out, for an operator, and tries it no more', async () => {
    const topic = newTopic();
    await queue(topic, { n: 1 });
    const r = recorder(topic, () => 'refused');
    for (let hour = 0; hour < 6; hour++) await r.drainAll(later(hour * 3_600_000), { maxAttempts: 3 });
    expect(r.tried).toHaveLength(3);
    const [parked] = await jobsOf(topic);
    expect(parked).toMatchObject({ attempts: 3, lastError: 'refused', deliveredAt: null });
    expect(parked?.failedAt).toEqual(later(2 * 3_600_000));
  });

  it('delivers the jobs of one key in queue order: a failing one holds the later ones of its key, and no others', async () => {
    const topic = newTopic();
    const other = newTopic();
    await queue(topic, { key: 'a', n: 1 }, 'a');
    await queue(topic, { key: 'b', n: 1 }, 'b');
    await queue(topic, { key: 'a', n: 2 }, 'a');
    await queue(topic, { n: 'unkeyed' });
    await queue(topic, { key: 'a', n: 3 }, 'a');
    await queue(topic, { key: 'b', n: 2 }, 'b');
    // The same key in another topic is another line.
    await queue(other, { key: 'a', n: 1 }, 'a');
    let aFails = 2;
    const r = recorder(topic, (job) =>
      (job.payload as { key?: string; n: unknown }).key === 'a' && aFails-- > 0 ? 'busy' : null,
    );

    await r.drainAll(T0);
    expect(r.delivered).toEqual([{ key: 'b', n: 1 }, { n: 'unkeyed' }, { key: 'b', n: 2 }]);
    expect(r.tried).toEqual([{ key: 'a', n: 1 }, ...r.delivered]);

    // Still failing after its backoff: the later ones of its key still wait.
    await r.drainAll(later(2_000));
    expect(r.delivered).toHaveLength(3);
    await r.drainAll(later(2_000 + 4_000));
    expect(r.delivered.slice(3)).toEqual([
      { key: 'a', n: 1 },
      { key: 'a', n: 2 },
      { key: 'a', n: 3 },
    ]);

    const o = recorder(other);
    await o.drainAll(T0);
    expect(o.delivered).toEqual([{ key: 'a', n: 1 }]);
  });

  it('lets the later jobs of a key go once an earlier one is parked', async () => {
    const topic = newTopic();
    await queue(topic, { n: 1 }, 'k');
    await queue(topic, { n: 2 }, 'k');
    const r = recorder(topic, (job) => ((job.payload as { n: number }).n === 1 ? 'refused' : null));
    await r.drainAll(T0, { maxAttempts: 2 });
    await r.drainAll(later(2_000), { maxAttempts: 2 });
    expect(r.tried).toEqual([{ n: 1 }, { n: 1 }, { n: 2 }]);
    expect(r.delivered).toEqual([{ n: 2 }]);
    expect((await jobsOf(topic)).map((j) => [j.failedAt !== null, j.deliveredAt !== null])).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it('leases a job while it is being delivered: no other drainer takes it (or a later one of its key) until the lease runs out', async () => {
    const topic = newTopic();
    await queue(topic, { n: 1 }, 'k');
    await queue(topic, { n: 2 }, 'k');
    let release = () => {};
    const stuck = new Promise<void>((resolve) => {
      release = resolve;
    });
    let first = true;
    const slow = drainOutbox(db, {
      topic,
      now: T0,
      log,
      maxAttempts: 10,
      // The first delivery hangs, as a process would that died in the middle of it.
      deliver: async () => {
        if (!first) return null;
        first = false;
        await stuck;
        return null;
      },
    });
    await expect.poll(() => first).toBe(false);

    const r = recorder(topic);
    expect(await r.drain(later(OUTBOX_LEASE_MS - 1))).toBe(0);
    // The lease has run out: the job is tried again (at least once), and its key's order holds.
    await r.drainAll(later(OUTBOX_LEASE_MS));
    expect(r.delivered).toEqual([{ n: 1 }, { n: 2 }]);
    const [job] = await jobsOf(topic);
    expect(job?.attempts).toBe(2);

    release();
    expect(await slow).toBe(1);
  });

  it('hands each job to one of several drainers at once, and keeps each key in order', async () => {
    const topic = newTopic();
    const keys = ['a', 'b', 'c'];
    for (let n = 1; n <= 8; n++) for (const key of keys) await queue(topic, { key, n }, key);
    await queue(topic, { n: 'unkeyed' });
    const delivered: { key?: string; n: unknown }[] = [];
    const drainer = async () => {
      const again = () =>
        drainOutbox(db, {
          topic,
          now: T0,
          log,
          maxAttempts: 10,
          batch: 2,
          deliver: async (job) => {
            await new Promise((resolve) => setTimeout(resolve, 1));
            delivered.push(job.payload as { key?: string; n: unknown });
            return null;
          },
        });
      while ((await again()) > 0) {}
    };
    await Promise.all([drainer(), drainer(), drainer()]);
    // A drainer stops when nothing is due for it; one last pass picks up any key it left waiting.
    await drainer();

    expect(delivered).toHaveLength(keys.length * 8 + 1);
    for (const key of keys)
      expect(delivered.filter((p) => p.key === key).map((p) => p.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
