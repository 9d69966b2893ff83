import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestDelivery, type TestDelivery } from '../../src/delivery/testing/delivery-harness.ts';
import { startTestMarket, type TestMarket } from '../../src/market/testing/market-harness.ts';
import { seedEmbeddedDataDir } from '../../src/platform/testing/databases.ts';
import { describeEachDatabase } from '../../src/platform/testing/for-each-database.ts';
import { startServiceProcess } from '../../src/platform/testing/service-process.ts';
import { SETTLEMENT_MIGRATIONS } from '../../src/settlement/db/migrations-folder.ts';

/**
 * Settlement as in production, its own process on the closed link's socket, its data kept between
 * starts. Its own database is embedded whatever the market's is, so one process on one data
 * directory serves the suites of both kinds, each stopping and starting it again.
 */
let dir: string;
let settlement: ChildProcess | undefined;
const startSettlement = async () => {
  settlement = (
    await startServiceProcess('settlement', {
      env: {
        TOKUMEI_SETTLEMENT_DATA_DIR: join(dir, 'settlement'),
        TOKUMEI_SETTLEMENT_SOCKET: join(dir, 'link', 'settlement.sock'),
        TOKUMEI_SETTLEMENT_DEMO_DATA: 'false',
        TOKUMEI_LOG_LEVEL: 'warn',
      },
    })
  ).child;
};
const stopSettlement = async () => {
  const exited = once(settlement as ChildProcess, 'exit');
  settlement?.kill('SIGTERM');
  await exited;
  settlement = undefined;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tokumei-health-'));
  // A database of its own that is not new: a service's first start is private-data's and start's.
  await seedEmbeddedDataDir(join(dir, 'settlement'), SETTLEMENT_MIGRATIONS);
  await startSettlement();
});
afterAll(() => {
  settlement?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describeEachDatabase(
  '/livez and /readyz: a dependency stops, readiness fails and recovers, liveness stays',
  (dbKind) => {
    let delivery: TestDelivery;
    let market: TestMarket;

    beforeAll(async () => {
      // Each suite starts where the last left it: settlement running.
      if (!settlement) await startSettlement();
      delivery = await startTestDelivery(dbKind);
      market = await startTestMarket(dbKind, {
        config: {
          deliveryUrl: delivery.url,
          settlement: { kind: 'socket', path: join(dir, 'link', 'settlement.sock') },
        },
      });
    });
    afterAll(async () => {
      await market?.close();
      await delivery?.close();
    });

    const probe = async (url: string, path: '/livez' | '/readyz') => {
      const res = await fetch(`${url}${path}`);
      return { status: res.status, body: (await res.json()) as any };
    };
    const checks = (body: { checks: { name: string; ok: boolean }[] }) =>
      Object.fromEntries(body.checks.map((c) => [c.name, c.ok]));

    it('is ready when its database, settlement and delivery answer, and names each check', async () => {
      expect(await probe(market.url, '/livez')).toEqual({ status: 200, body: { status: 'ok' } });
      const ready = await probe(market.url, '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('ready');
      expect(checks(ready.body)).toEqual({ database: true, settlement: true, delivery: true });
      expect(await probe(delivery.url, '/readyz')).toMatchObject({
        status: 200,
        body: { status: 'ready', checks: [{ name: 'database', ok: true }] },
      });
    });

    it('is not ready while settlement is stopped, and ready again once it is back; alive throughout', async () => {
      await stopSettlement();
      const down = await probe(market.url, '/readyz');
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('not_ready');
      expect(checks(down.body)).toEqual({ database: true, settlement: false, delivery: true });
      expect(down.body.checks.find((c: { name: string }) => c.name === 'settlement').error).toEqual(
        expect.any(String),
      );
      expect((await probe(market.url, '/livez')).status).toBe(200);
      // Settlement's metrics, read through the market, say it cannot be reached.
      const metrics = await fetch(`${market.url}/metrics/settlement`, {
        headers: { authorization: `Bearer ${market.operatorKey}` },
      });
      expect({ status: metrics.status, code: ((await metrics.json()) as { code: string }).code }).toEqual({
        status: 503,
        code: 'settlement_unavailable',
      });

      await startSettlement();
      const up = await probe(market.url, '/readyz');
      expect({ status: up.status, checks: checks(up.body) }).toEqual({
        status: 200,
        checks: { database: true, settlement: true, delivery: true },
      });
    });

    if (dbKind === 'postgres') {
      /** A real outage of one test database: it refuses new connections and its open ones are cut. */
      async function whileRefusing(databaseUrl: string, during: () => Promise<void>) {
        const name = new URL(databaseUrl).pathname.slice(1);
        const admin = new pg.Client({ connectionString: process.env.TOKUMEI_TEST_DATABASE_URL });
        await admin.connect();
        try {
          await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(name)} ALLOW_CONNECTIONS false`);
          await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
            name,
          ]);
          await during();
        } finally {
          await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(name)} ALLOW_CONNECTIONS true`);
          await admin.end();
        }
      }

      it("is not ready while its own database is down, nor while delivery's is, naming why", async () => {
        await whileRefusing(market.testDb.url as string, async () => {
          const down = await probe(market.url, '/readyz');
          expect(down.status).toBe(503);
          expect(checks(down.body)).toEqual({ database: false, settlement: true, delivery: true });
          expect((await probe(market.url, '/livez')).status).toBe(200);
        });
        expect((await probe(market.url, '/readyz')).status).toBe(200);

        await whileRefusing(delivery.testDb.url as string, async () => {
          const deliveryDown = await probe(delivery.url, '/readyz');
          expect(deliveryDown.status).toBe(503);
          expect(checks(deliveryDown.body)).toEqual({ database: false });
          const down = await probe(market.url, '/readyz');
          expect(checks(down.body)).toEqual({ database: true, settlement: true, delivery: false });
          expect(down.body.checks.find((c: { name: string }) => c.name === 'delivery').error).toBe(
            'delivery is not ready (database)',
          );
          expect((await probe(delivery.url, '/livez')).status).toBe(200);
        });
        expect((await probe(delivery.url, '/readyz')).status).toBe(200);
        expect((await probe(market.url, '/readyz')).status).toBe(200);
      });
    }
  },
);
