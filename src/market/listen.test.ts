import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { notify } from '../platform/db/database.ts';
import { describeOnPostgres } from '../platform/testing/for-each-database.ts';
import { KINDS_CHANNEL } from './kinds/kinds.ts';
import { startTestMarket, type TestMarket } from './testing/market-harness.ts';

describeOnPostgres('LISTEN survives losing its connection', () => {
  let m: TestMarket;
  beforeAll(async () => {
    m = await startTestMarket('postgres');
  });
  afterAll(() => m?.close());

  const until = async (done: () => boolean, ms: number, meanwhile?: () => Promise<unknown>) => {
    for (const stop = Date.now() + ms; !done() && Date.now() < stop; ) {
      await meanwhile?.();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('listens again, on every channel it had, after the server ends the listening connection', async () => {
    const { database } = m.market.ctx;
    const heard: string[] = [];
    await database.listen('tokumei_test', (payload) => heard.push(payload));

    const admin = new pg.Client({ connectionString: m.testDb.url });
    await admin.connect();
    try {
      const ended = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'tokumei-listen'`,
      );
      expect(ended.rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    // What is sent while it connects again is missed (which is why every listener also polls),
    // so the test sends until it is heard: a bound on the wait, not a guess at its length.
    let sent = 0;
    await until(
      () => heard.length > 0,
      60_000,
      () => notify(database.db, 'tokumei_test', String(sent++)),
    );
    expect(heard.length).toBeGreaterThan(0);

    // The market's own channels were listened to again as well: a kind's change reaches the cache.
    const kindsHeard: string[] = [];
    await database.listen(KINDS_CHANNEL, (kindId) => kindsHeard.push(kindId));
    await notify(database.db, KINDS_CHANNEL, 'smartphone');
    await until(() => kindsHeard.includes('smartphone'), 10_000);
    expect(kindsHeard).toEqual(['smartphone']);
  });
});
