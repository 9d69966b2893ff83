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
    const forRequest = Object.fromEntries(
      SERVICES.map((s) => [s, logged(s).filter((line) => line.reqId === requestId)]),
    );
    expect(forRequest.market).toContainEqual(
      expect.objectContaining({
        msg: 'request completed',
        req: expect.objectContaining({ method: 'POST', url: '/orders/:orderId/payment' }),
        res: { statusCode: 200 },
      }),
    );
    expect(forRequest.settlement).toContainEqual(
      expect.objectContaining({
        msg: 'request completed',
        req: expect.objectContaining({ url: '/payments' }),
      }),
    );
    expect(forRequest.delivery).toContainEqual(
      expect.objectContaining({
        msg: 'request completed',
        req: expect.objectContaining({ url: '/pickup-points/:code' }),
      }),
    );
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
      expect(logged('market')).toContainEqual(
        expect.objectContaining({
          msg: 'request completed',
          reqId: made,
          req: expect.objectContaining({ url: '/kinds' }),
        }),
      );
      expect(readFileSync(logFile('market'), 'utf8')).not.toContain(header);
    }
    const plain = await system.call('GET', '/kinds');
    expect(plain.headers.get('x-request-id')).toEqual(expect.any(String));
  });
});
