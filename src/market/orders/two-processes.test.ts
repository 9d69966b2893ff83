import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../platform/db/database.ts';
import { createServerDatabase, dropServerDatabase } from '../../platform/testing/databases.ts';
import { describeOnPostgres } from '../../platform/testing/for-each-database.ts';
import { startServiceProcess } from '../../platform/testing/service-process.ts';
import { MARKET_MIGRATIONS } from '../db/migrations-folder.ts';
import { DEMO_KINDS } from '../demo/demo-kinds.ts';
import { createKind } from '../kinds/kinds.ts';
import { cpuSearch, firstItemSelection, pcOffer } from '../testing/market-harness.ts';

/** Where the processes keep their files: apart from the checkout's ./data. */
const dataDir = mkdtempSync(join(tmpdir(), 'tokumei-two-'));

/** `tokumei serve market` as a real process, on the shared database. */
const startProcess = (url: string) =>
  startServiceProcess('market', {
    env: {
      TOKUMEI_MARKET_DATABASE_URL: url,
      TOKUMEI_MARKET_DATA_DIR: join(dataDir, 'market'),
      TOKUMEI_MARKET_PORT: '0',
      TOKUMEI_MARKET_SECRET_KEY: 'two-process-test-secret-key-0123456789',
      TOKUMEI_MARKET_DELIVERY_KEY: 'process-test-market-delivery-key-0123456789',
      TOKUMEI_MARKET_DEMO_DATA: 'false',
      TOKUMEI_MARKET_RATE_LIMIT: '100000',
      TOKUMEI_LOG_LEVEL: 'warn',
    },
  });

const call = async (base: string, method: string, path: string, body?: unknown, token?: string) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
};

describeOnPostgres('two market processes on one PostgreSQL', () => {
  let url: string;
  const processes: ChildProcess[] = [];
  let a: string;
  let b: string;

  beforeAll(async () => {
    url = await createServerDatabase();
    const started = await Promise.all([startProcess(url), startProcess(url)]);
    processes.push(...started.map((s) => s.child));
    [a, b] = started.map((s) => s.address) as [string, string];
    const database = await openDatabase({ location: { url }, migrationsFolder: MARKET_MIGRATIONS });
    for (const k of DEMO_KINDS) await createKind(database.db, k, new Date());
    await database.close();
  });
  afterAll(async () => {
    for (const child of processes) {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
    await dropServerDatabase(url);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('two market processes on one PostgreSQL sell the last unit exactly once', async () => {
    const seller = await call(a, 'POST', '/sellers', { name: 'Shared' });
    const key = seller.body.apiKey as string;
    for (let round = 0; round < 3; round++) {
      const cpu = 8100 + round;
      await call(a, 'POST', '/seller/offers', pcOffer(`TWO-${cpu}`, { stock: 1 }, { cpu_mhz: cpu }), key);
      const found = await call(b, 'POST', '/searches', cpuSearch(cpu));
      const selection = firstItemSelection(found.body);
      const results = await Promise.all(
        Array.from({ length: 16 }, (_, i) => call(i % 2 ? a : b, 'POST', '/orders', selection)),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409 && r.body.code === 'insufficient_stock')).toHaveLength(
        15,
      );
    }
    const orders = await call(a, 'GET', '/seller/orders', undefined, key);
    expect(orders.body.items).toHaveLength(3);
  });
});
