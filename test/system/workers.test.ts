import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MARKET_MIGRATIONS } from '../../src/market/db/migrations-folder.ts';
import { DEMO_KINDS } from '../../src/market/demo/demo-kinds.ts';
import { createKind } from '../../src/market/kinds/kinds.ts';
import { cpuSearch, firstItemSelection, pcOffer } from '../../src/market/testing/market-harness.ts';
import { readStreamUntil } from '../../src/market/testing/seller-stream.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { createServerDatabase, dropServerDatabase } from '../../src/platform/testing/databases.ts';
import { describeOnPostgres } from '../../src/platform/testing/for-each-database.ts';
import { startServiceProcess } from '../../src/platform/testing/service-process.ts';

/**
 * Each call on a connection of its own (`agent: false`), as separate clients would: the cluster
 * hands connections, not requests, to its workers in turn.
 */
function call(base: string, method: string, path: string, body?: unknown, token?: string) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method,
        agent: false,
        headers: {
          ...(payload && { 'content-type': 'application/json' }),
          ...(token && { authorization: `Bearer ${token}` }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describeOnPostgres('the market as several processes: tokumei serve market --workers 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokumei-workers-'));
  const lines: Record<string, unknown>[] = [];
  const hooks: string[] = [];
  let url: string;
  let market: ChildProcess;
  let address: string;
  let hook: Server;

  beforeAll(async () => {
    url = await createServerDatabase();
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        hooks.push(JSON.parse(body).data.orderId);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const started = await startServiceProcess('market', {
      env: {
        TOKUMEI_MARKET_DATABASE_URL: url,
        TOKUMEI_MARKET_DATA_DIR: join(dir, 'market'),
        TOKUMEI_MARKET_PORT: '0',
        TOKUMEI_MARKET_SECRET_KEY: 'workers-test-secret-key-0123456789-abcdef',
        TOKUMEI_MARKET_DELIVERY_KEY: 'process-test-market-delivery-key-0123456789',
        TOKUMEI_MARKET_DEMO_DATA: 'false',
        TOKUMEI_MARKET_RATE_LIMIT: '100000',
        TOKUMEI_MARKET_WEBHOOK_ALLOW_PRIVATE: 'true',
        TOKUMEI_LOG_LEVEL: 'info',
      },
      args: ['--workers', '2'],
      stderr: 'pipe',
      onLine: (stream, line) => {
        if (stream === 'stdout' && line.startsWith('{')) lines.push(JSON.parse(line));
      },
    });
    market = started.child;
    address = started.address;
    const database = await openDatabase({ location: { url }, migrationsFolder: MARKET_MIGRATIONS });
    for (const k of DEMO_KINDS) await createKind(database.db, k, new Date());
    await database.close();
  });
  afterAll(async () => {
    if (market?.exitCode === null) {
      market.kill('SIGKILL');
      await once(market, 'exit');
    }
    hook?.close();
    await dropServerDatabase(url);
    rmSync(dir, { recursive: true, force: true });
  });

  it('sells each unit once, streams and sends every order once, whichever process took it, and stops as one', async () => {
    const seller = await call(address, 'POST', '/sellers', { name: 'Two workers' });
    const key = seller.body.apiKey as string;
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    expect((await call(address, 'PUT', '/seller/webhook', { url: hookUrl }, key)).status).toBe(200);
    // The stream is held by one of the processes; the orders land on both.
    const stream = await fetch(`${address}/seller/events`, { headers: { authorization: `Bearer ${key}` } });
    const rounds = 6;
    const streamed = readStreamUntil(stream, (events) => events.length >= rounds, 120_000);

    const sold: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const cpu = 8200 + round;
      await call(
        address,
        'POST',
        '/seller/offers',
        pcOffer(`WORK-${cpu}`, { stock: 1 }, { cpu_mhz: cpu }),
        key,
      );
      const found = await call(address, 'POST', '/searches', cpuSearch(cpu));
      const selection = firstItemSelection(found.body);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => call(address, 'POST', '/orders', selection)),
      );
      const placed = results.filter((r) => r.status === 201);
      expect(placed).toHaveLength(1);
      expect(results.filter((r) => r.status === 409 && r.body.code === 'insufficient_stock')).toHaveLength(7);
      sold.push(placed[0]!.body.orderId);
    }
    // Both processes answered orders: each log line names the process that wrote it.
    const ordersBy = new Set(
      lines.filter((l) => (l.req as { url?: string } | undefined)?.url === '/orders').map((l) => l.pid),
    );
    expect(ordersBy.size).toBe(2);

    const events = await streamed;
    expect(events.map((e) => e.data.orderId).sort()).toEqual([...sold].sort());
    // Both processes run the webhook relay; each order's webhook comes once.
    for (const stop = Date.now() + 60_000; hooks.length < rounds && Date.now() < stop; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // A few more relay passes (each process runs one a second) in which a duplicate would show.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect([...hooks].sort()).toEqual([...sold].sort());

    const exited = once(market, 'exit');
    market.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    for (const pid of ordersBy) expect(() => process.kill(pid as number, 0)).toThrow();
  });
});
