import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServerDatabase, dropServerDatabase } from '../../src/platform/testing/databases.ts';
import { describeOnPostgres } from '../../src/platform/testing/for-each-database.ts';
import { TEST_MARKET_DELIVERY_KEY } from '../../src/platform/testing/link-key.ts';
import { startServiceProcess } from '../../src/platform/testing/service-process.ts';
import { WEB_DIST } from '../../src/web/build.ts';

/**
 * Issue #11: no log line holds a value of a request: its query, its path, its body, or the
 * parameters of the SQL it led to. Delivery and the market run as real processes logging at
 * trace level through their own logger, each on a PostgreSQL database of its own; a column their
 * queries need is then renamed under them, so requests carrying canaries end in real SQL errors
 * whose parameters hold the canaries (as drizzle's "Failed query: … params: …" does), beside
 * validation errors, NUL bytes refused at the edge and unknown routes; then every line either
 * process wrote is searched for every canary.
 */
const databases: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'tokumei-log-canary-'));
const lines: string[] = [];
const children: ChildProcess[] = [];
let delivery: string;
let market: string;

const canary = () => `canary${randomUUID().replaceAll('-', '').slice(0, 16)}`;
// A position as "near me" sends it: digits no log would hold by chance.
const [latitude, longitude] = ['35.6604718', '139.6987253'];

const start = async (service: 'delivery' | 'market', env: NodeJS.ProcessEnv) => {
  const { child, address } = await startServiceProcess(service, {
    env: { ...env, TOKUMEI_LOG_LEVEL: 'trace' },
    stderr: 'pipe',
    onLine: (_stream, line) => lines.push(line),
  });
  children.push(child);
  return address;
};

describeOnPostgres('logs under real SQL errors', () => {
  beforeAll(async () => {
    const [deliveryDb, marketDb] = [await createServerDatabase(), await createServerDatabase()];
    databases.push(deliveryDb, marketDb);
    delivery = await start('delivery', {
      TOKUMEI_DELIVERY_DATABASE_URL: deliveryDb,
      TOKUMEI_DELIVERY_SECRET_KEY: 'delivery-secret-delivery-secret-0123456789',
      TOKUMEI_DELIVERY_DATA_DIR: join(dir, 'delivery'),
      TOKUMEI_DELIVERY_PORT: '0',
      TOKUMEI_DELIVERY_MARKET_KEY: TEST_MARKET_DELIVERY_KEY,
      TOKUMEI_DELIVERY_DEMO_DATA: 'false',
    });
    market = await start('market', {
      TOKUMEI_MARKET_DATABASE_URL: marketDb,
      TOKUMEI_MARKET_SECRET_KEY: 'market-secret-market-secret-market-0123456789',
      TOKUMEI_MARKET_DATA_DIR: join(dir, 'market'),
      TOKUMEI_MARKET_PORT: '0',
      TOKUMEI_MARKET_DELIVERY_KEY: TEST_MARKET_DELIVERY_KEY,
      TOKUMEI_MARKET_DELIVERY_URL: delivery,
      TOKUMEI_MARKET_SETTLEMENT_SOCKET: join(dir, 'link', 'settlement.sock'),
      TOKUMEI_MARKET_DEMO_DATA: 'false',
      TOKUMEI_MARKET_WEB_DIR: WEB_DIST,
    });
    // Every query naming these columns now fails in PostgreSQL, with its parameters in the error.
    await alter(deliveryDb, 'ALTER TABLE pickup_points RENAME COLUMN name TO name_gone');
    await alter(marketDb, 'ALTER TABLE sellers RENAME COLUMN name TO name_gone');
  });

  async function alter(url: string, statement: string) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }

  afterAll(async () => {
    for (const child of children) {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
    for (const url of databases) await dropServerDatabase(url);
    rmSync(dir, { recursive: true, force: true });
  });

  const send = async (base: string, method: string, path: string, body?: string) =>
    (
      await fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body,
      })
    ).status;

  it('no log line of delivery or the market holds a query, path or body value, or an SQL parameter', async () => {
    const canaries: string[] = [latitude, longitude];
    const next = () => {
      const value = canary();
      canaries.push(value);
      return value;
    };
    const near = `near=${latitude},${longitude}`;

    // "Near me" with a text, on a table its query no longer fits: the position is among the SQL's parameters.
    expect(await send(delivery, 'GET', `/pickup-points?q=${next()}&${near}`)).toBe(500);
    expect(await send(delivery, 'GET', `/pickup-points/${next()}`)).toBe(500);
    expect(await send(delivery, 'GET', `/pickup-points?q=${next()}%00&${near}`)).toBe(400);
    expect(await send(delivery, 'GET', `/pickup-points?near=${next()}`)).toBe(400);
    expect(await send(delivery, 'GET', `/${next()}?q=${next()}`)).toBe(404);

    // The market: a body value in a failing insert, a NUL refused at the edge, one its schema
    // refuses, broken JSON, and values in the path and query of routes that exist and do not.
    expect(await send(market, 'POST', '/sellers', JSON.stringify({ name: next() }))).toBe(500);
    expect(await send(market, 'POST', '/sellers', JSON.stringify({ name: `${next()}\u0000` }))).toBe(400);
    expect(await send(market, 'POST', '/sellers', JSON.stringify({ name: { [next()]: next() } }))).toBe(400);
    expect(await send(market, 'POST', '/sellers', `{"name": "${next()}`)).toBe(400);
    expect(await send(market, 'GET', `/orders/${next()}%00?x=${next()}`)).toBeGreaterThanOrEqual(400);
    expect(await send(market, 'GET', `/${next()}?q=${next()}`)).toBe(404);

    // Each refused query was logged, as an error of its class and code with its stack.
    const errors = lines.filter((line) => line.includes('"unhandled error"'));
    expect(errors.length).toBeGreaterThanOrEqual(3);
    // 42703: undefined column.
    for (const line of errors) expect(line).toMatch(/"type":"DrizzleQueryError".*"code":"42703"/);
    expect(lines.some((line) => line.includes('"url":"/pickup-points"'))).toBe(true);

    const leaks = canaries.flatMap((value) =>
      lines.filter((line) => line.includes(value)).map((line) => ({ value, line })),
    );
    expect(leaks).toEqual([]);
  });
});
