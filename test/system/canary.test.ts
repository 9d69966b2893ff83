import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sellerEvents } from '../../src/market/db/schema.ts';
import { runSettlementDuties } from '../../src/market/payments/settlement-duties.ts';
import { registerTestSeller } from '../../src/market/testing/market-harness.ts';
import { readStreamUntil } from '../../src/market/testing/seller-stream.ts';
import { runMarketDuties } from '../../src/market/workers.ts';
import { createLogger } from '../../src/platform/log.ts';
import { encodeCursor } from '../../src/platform/paging.ts';
import { describeEachDatabase } from '../../src/platform/testing/for-each-database.ts';
import { formatCardNumber } from '../../src/settlement/instruments/card-number.ts';
import type { IssuedCard } from '../../src/settlement/instruments/instruments.ts';
import { dumpDatabase } from './database-dump.ts';
import { payOrder, placeTestOrders } from './payment-helpers.ts';
import { startTestSystem, type TestSystem } from './system-harness.ts';

/** A value as a token of its own: not a run of digits inside a longer number, ID or timestamp. */
const asToken = (digits: string) => new RegExp(`(?<![0-9A-Za-z])${digits}(?![0-9A-Za-z])`);

/**
 * DESIGN §2: instrument data passes through the market in memory only. A canary card pays
 * through the public route; then every table of the market's database, every market log line
 * and everything a seller is shown (API, live stream, webhook) is searched for its number, its
 * last four digits and its PIN.
 */
describeEachDatabase('the market never keeps the instrument (canary)', (dbKind) => {
  let m: TestSystem;
  let webhook: Server;
  const webhookBodies: string[] = [];
  const logDir = mkdtempSync(join(tmpdir(), 'tokumei-canary-'));
  const logFile = join(logDir, 'market.log');

  beforeAll(async () => {
    // The logger `tokumei start` gives the market (redaction, serializers, file), at trace level.
    m = await startTestSystem(dbKind, { logger: createLogger('market', 'trace', logFile) });
    webhook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        webhookBodies.push(body);
        response.end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await m?.close();
    webhook?.close();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('finds the canary card nowhere the market keeps, logs or shows a seller', async () => {
    const seller = await registerTestSeller(m, 'Canary seller');
    const port = (webhook.address() as { port: number }).port;
    await m.call('PUT', '/seller/webhook', {
      token: seller.apiKey,
      body: { url: `http://127.0.0.1:${port}/hook` },
    });
    const [order, other] = await placeTestOrders(m, seller.apiKey, 2, 3_000);

    // A canary whose last four and PIN are not already tokens in what the market holds.
    const before = await everythingSellerSees(seller);
    let canary: IssuedCard;
    do canary = await m.settlement.prepaid(50_000);
    while (asToken(canary.number.slice(-4)).test(before) || asToken(canary.pin).test(before));

    const wrongPin = String((Number(canary.pin) + 1) % 1_000_000).padStart(canary.pin.length, '0');
    const refused = await payOrder(m, other!, { number: canary.number, pin: wrongPin });
    expect(refused.body.code).toBe('wrong_pin');
    const malformed = await payOrder(m, other!, { number: `${canary.number}x`, pin: `${canary.pin}!` });
    expect(malformed.status).toBe(400);
    const paid = await payOrder(m, order!, { number: formatCardNumber(canary.number), pin: canary.pin });
    expect(paid.status).toBe(200);
    await runSettlementDuties(m.market.ctx);
    await runMarketDuties(m.market.ctx);
    expect(webhookBodies.some((b) => b.includes('order.paid'))).toBe(true);

    const haystacks = {
      'market database': await dumpMarketDatabase(),
      'market logs': readFileSync(logFile, 'utf8'),
      'seller-facing answers, stream and webhooks': await everythingSellerSees(seller),
      'purchaser-facing answers': JSON.stringify([refused.body, malformed.body, paid.body]),
    };
    // The logs saw the payment (by its route: a request line holds no value of the request).
    expect(haystacks['market logs']).toContain('"url":"/orders/:orderId/payment"');
    for (const [where, text] of Object.entries(haystacks)) {
      expect(text.includes(canary.number), `card number in ${where}`).toBe(false);
      expect(text.includes(formatCardNumber(canary.number)), `formatted card number in ${where}`).toBe(false);
      expect(asToken(canary.number.slice(-4)).test(text), `last four digits in ${where}`).toBe(false);
      expect(asToken(canary.pin).test(text), `PIN in ${where}`).toBe(false);
    }
  });

  async function dumpMarketDatabase(): Promise<string> {
    const { tables, text } = await dumpDatabase(m.market.ctx.db);
    expect(tables).toEqual(expect.arrayContaining(['orders', 'outbox', 'seller_events']));
    return text;
  }

  async function everythingSellerSees({ id, apiKey }: { id: string; apiKey: string }): Promise<string> {
    const list = await m.call('GET', '/seller/orders?limit=200', { token: apiKey });
    const one = await Promise.all(
      list.body.items.map((o: { orderId: string }) =>
        m.call('GET', `/seller/orders/${o.orderId}`, { token: apiKey }),
      ),
    );
    return JSON.stringify([list.body, one.map((r) => r.body), await sellerStream(apiKey, id), webhookBodies]);
  }

  /** The seller's live stream replayed from its start, read until it has sent every event there is. */
  async function sellerStream(apiKey: string, sellerId: string): Promise<string> {
    const [kept] = await m.market.ctx.db
      .select({ n: count() })
      .from(sellerEvents)
      .where(eq(sellerEvents.sellerId, sellerId));
    expect(kept?.n, 'events kept for the seller').toBeGreaterThan(0);
    const response = await fetch(`${m.url}/seller/events`, {
      headers: { authorization: `Bearer ${apiKey}`, 'last-event-id': encodeCursor([0]) },
    });
    return JSON.stringify(await readStreamUntil(response, (events) => events.length >= (kept?.n ?? 1)));
  }
});
