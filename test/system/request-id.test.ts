import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerTestSeller } from '../../src/market/testing/market-harness.ts';
import { createLogger } from '../../src/platform/log.ts';
import { describeEachDatabase } from '../../src/platform/testing/for-each-database.ts';
import { placeTestOrders } from './payment-helpers.ts';
import { startTestSystem, type TestSystem } from './system-harness.ts';

const SERVICES = ['market', 'settlement', 'delivery'] as const;

describeEachDatabase('one request ID follows a payment through the three services’ logs', (dbKind) => {
  let dir: string;
  let system: TestSystem;
  const logFile = (service: string) => join(dir, `${service}.log`);
  /** The lines a service logged, as the real logger wrote them to its file. */
  const logged = (service: string) =>
    readFileSync(logFile(service), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  /**
   * A request's line is written once its answer has gone out, so it may follow the answer by a
   * moment: the test waits for it (a bound, not a guess).
   */
  const loggedLine = async (service: string, match: (line: Record<string, unknown>) => boolean) => {
    for (const stop = Date.now() + 10_000; Date.now() < stop; ) {
      const line = logged(service).find(match);
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return undefined;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tokumei-request-id-'));
    const [market, settlement, delivery] = SERVICES.map((s) => createLogger(s, 'info', logFile(s)));
    system = await startTestSystem(dbKind, { logger: market, loggers: { settlement, delivery } });
  });
  afterAll(async () => {
    await system?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a well-formed ID from the caller, passes it on, and names it in every line written for the request', async () => {
    const seller = await registerTestSeller(system);
    const [order] = await placeTestOrders(system, seller.apiKey);
    const card = await system.settlement.prepaid(10_000);
    const requestId = 'a1b2c3d4-0000-4000-8000-00000000cafe';
    const paid = await system.call('POST', `/orders/${order!.orderId}/payment`, {
      token: order!.orderSecret,
      headers: { 'x-request-id': requestId, 'idempotency-key': 'request-id-test' },
      body: {
        amount: order!.amount,
        currency: 'JPY',
        instrument: { number: card.number, pin: card.pin },
        pickupPointId: 'PP-SHIBUYA-01',
      },
    });
    expect(paid.status).toBe(200);
    expect(paid.body.outcome).toBe('approved');
    expect(paid.headers.get('x-request-id')).toBe(requestId);

    // The market answered the payment; settlement took it over the closed link; delivery was
    // asked about the pickup point: each logged the request under the purchaser's request's ID.
    const answered = (service: string, url: string) =>
      loggedLine(
        service,
        (l) => l.reqId === requestId && (l.req as { url?: string } | undefined)?.url === url,
      );
    expect(await answered('market', '/orders/:orderId/payment')).toMatchObject({
      msg: 'request completed',
      req: { method: 'POST' },
      res: { statusCode: 200 },
    });
    expect(await answered('settlement', '/payments')).toMatchObject({ msg: 'request completed' });
    expect(await answered('delivery', '/pickup-points/:code')).toMatchObject({ msg: 'request completed' });
    // One line a request, each naming its ID once (a line is JSON: a second reqId key would be lost here).
    for (const service of SERVICES) {
      const raw = readFileSync(logFile(service), 'utf8')
        .split('\n')
        .filter((l) => l.includes(requestId));
      expect(
        raw.every((l) => l.split('"reqId"').length === 2),
        service,
      ).toBe(true);
    }
    expect(logged('market').filter((l) => l.msg === 'incoming request')).toEqual([]);
  });

  it('makes its own ID when the caller’s is not plain, and every request gets one', async () => {
    for (const header of ['<script>alert(1)</script>', 'short', 'x'.repeat(65), 'name=Taro Yamada']) {
      const res = await system.call('GET', '/kinds', { headers: { 'x-request-id': header } });
      const made = res.headers.get('x-request-id');
      expect(made).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const line = await loggedLine('market', (l) => l.reqId === made);
      expect(line).toMatchObject({ msg: 'request completed', req: { url: '/kinds' } });
      expect(readFileSync(logFile('market'), 'utf8')).not.toContain(header);
    }
    const plain = await system.call('GET', '/kinds');
    expect(plain.headers.get('x-request-id')).toEqual(expect.any(String));
  });
});
