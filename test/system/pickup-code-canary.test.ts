import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runDeliveryDuties } from '../../src/delivery/workers.ts';
import { runSettlementDuties } from '../../src/market/payments/settlement-duties.ts';
import { registerTestSeller } from '../../src/market/testing/market-harness.ts';
import { runMarketDuties } from '../../src/market/workers.ts';
import { REDACTED_PATHS } from '../../src/platform/log.ts';
import { describeEachDatabase } from '../../src/platform/testing/for-each-database.ts';
import { generatePickupCode } from '../../src/protocol/pickup-code.ts';
import { dumpDatabase } from './database-dump.ts';
import { payOrder, placeTestOrders } from './payment-helpers.ts';
import { startTestSystem, TEST_PICKUP_POINT, type TestSystem } from './system-harness.ts';

/**
 * DESIGN §2: the pickup code is a bearer secret only the purchaser holds. A canary code is
 * registered from "the browser", a second one tried over it, a third typed wrongly at the
 * counter, and the first one hands the parcel over; then every table of all three services'
 * databases and every log line of each, at trace level, are searched for all three codes, as
 * printed and as typed without hyphens.
 */
describeEachDatabase('the pickup code is kept by no service (canary)', (dbKind) => {
  let s: TestSystem;
  const logs = { market: [] as string[], settlement: [] as string[], delivery: [] as string[] };
  const traceLogger = (lines: string[]) =>
    pino(
      { level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );

  beforeAll(async () => {
    s = await startTestSystem(dbKind, {
      logger: traceLogger(logs.market),
      loggers: { settlement: traceLogger(logs.settlement), delivery: traceLogger(logs.delivery) },
    });
  });
  afterAll(() => s?.close());

  it('finds the code in no database and no log of market, settlement or delivery', async () => {
    const seller = await registerTestSeller(s, 'Canary seller');
    const [order] = await placeTestOrders(s, seller.apiKey, 1, 2_000);
    const card = await s.settlement.prepaid(10_000);
    const paid = await payOrder(s, order!, card, { pickupPointId: TEST_PICKUP_POINT.code });
    expect(paid.status).toBe(200);
    const { url, token } = paid.body.pickupCodeRegistration as { url: string; token: string };
    expect(url).toBe(`${s.delivery.url}/pickup-codes`);

    // B9: the purchaser's browser makes the code and gives it to delivery alone.
    const code = generatePickupCode();
    const intruder = generatePickupCode();
    const mistyped = generatePickupCode();
    const register = (c: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: s.url },
        body: JSON.stringify({ orderId: order!.orderId, token, code: c }),
      });
    expect((await register(code)).status).toBe(201);
    expect((await register(intruder)).status).toBe(409);

    const booked = await s.call('PUT', `/seller/orders/${order!.orderId}/shipment`, {
      token: seller.apiKey,
      body: { parcelSize: 'small' },
    });
    expect(booked.status).toBe(201);
    const clerk = await s.delivery.call(
      'POST',
      `/operator/pickup-points/${TEST_PICKUP_POINT.code}/clerk-keys`,
      {
        token: s.delivery.operatorKey,
      },
    );
    expect(clerk.status).toBe(201);
    for (const step of ['drop-off', 'dispatch', 'arrival']) {
      const moved = await s.delivery.call('POST', `/clerk/${step}`, {
        token: clerk.body.key,
        body: { orderId: order!.orderId },
      });
      expect(moved.status, step).toBe(200);
    }
    const handOver = (c: string) =>
      s.delivery.call('POST', '/clerk/hand-over', {
        token: clerk.body.key,
        body: { orderId: order!.orderId, code: c },
      });
    expect((await handOver(mistyped)).body.code).toBe('wrong_code');
    expect((await handOver(code)).status).toBe(200);
    expect((await handOver(code)).body.code).toBe('already_picked_up');

    await runDeliveryDuties(s.delivery.delivery.ctx);
    await runMarketDuties(s.market.ctx);
    await runSettlementDuties(s.market.ctx);
    const tracking = await s.call('GET', `/orders/${order!.orderId}/tracking`, { token: order!.orderSecret });
    expect(tracking.body.parcel.state).toBe('picked_up');

    const databases = {
      market: await dumpDatabase(s.market.ctx.db),
      settlement: await dumpDatabase(s.settlement.settlement.ctx.db),
      delivery: await dumpDatabase(s.delivery.delivery.ctx.db),
    };
    // The dumps and logs hold the order, so an absent code is absent, not unlooked-for.
    for (const [service, dump] of Object.entries(databases))
      expect(dump.text, `${service} database`).toContain(order!.orderId);
    expect(logs.delivery.join('')).toContain('/clerk/hand-over');
    expect(logs.market.join('')).toContain('"url":"/orders/:orderId/payment"');

    const haystacks = {
      ...Object.fromEntries(
        Object.entries(databases).map(([service, dump]) => [`${service} database`, dump.text]),
      ),
      ...Object.fromEntries(
        Object.entries(logs).map(([service, lines]) => [`${service} logs`, lines.join('')]),
      ),
      'what the market tells purchaser and seller': JSON.stringify([paid.body, booked.body, tracking.body]),
    };
    for (const canary of [code, intruder, mistyped]) {
      for (const [where, text] of Object.entries(haystacks)) {
        expect(text.includes(canary), `pickup code in ${where}`).toBe(false);
        expect(text.includes(canary.replaceAll('-', '')), `pickup code without hyphens in ${where}`).toBe(
          false,
        );
      }
    }
  });
});
