import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerTestSeller } from '../../src/market/testing/market-harness.ts';
import { describeEachDatabase } from '../../src/platform/testing/for-each-database.ts';
import { payOrder, placeTestOrders } from './payment-helpers.ts';
import { startTestSystem, type TestSystem } from './system-harness.ts';

/** One sample of a Prometheus text exposition, by name and labels; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describeEachDatabase('Prometheus metrics, for the operator only', (dbKind) => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem(dbKind);
  });
  afterAll(() => system?.close());

  const scrape = async (url: string, path = '/metrics', key?: string) => {
    const res = await fetch(`${url}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  it('are refused without the operator key, on the market and on delivery', async () => {
    for (const [url, path] of [
      [system.url, '/metrics'],
      [system.url, '/metrics/settlement'],
      [system.delivery.url, '/metrics'],
    ] as const) {
      expect((await scrape(url, path)).status, `${url}${path}`).toBe(401);
      expect((await scrape(url, path, 'not-a-key')).status, `${url}${path}`).toBe(401);
    }
  });

  it('count requests by route, payments by outcome and escrow held; settlement’s are read over the closed link', async () => {
    const seller = await registerTestSeller(system);
    const orders = await placeTestOrders(system, seller.apiKey, 2, 1_500);
    const card = await system.settlement.prepaid(10_000);
    const before = await scrape(system.url, '/metrics/settlement', system.operatorKey);
    const approvedBefore =
      sample(before.text, 'tokumei_payments_total', { outcome: 'approved', code: 'none' }) ?? 0;

    expect((await payOrder(system, orders[0]!, card)).body.outcome).toBe('approved');
    const declined = await payOrder(system, orders[1]!, { number: card.number, pin: '0000' });
    expect(declined.body.code).toBe('wrong_pin');

    const market = await scrape(system.url, '/metrics', system.operatorKey);
    expect(market.status).toBe(200);
    expect(market.type).toMatch(/^text\/plain; version=0\.0\.4/);
    // Requests by route as declared (never the order in the path), by status.
    const payments = (status: number) =>
      sample(market.text, 'tokumei_http_request_duration_seconds_count', {
        service: 'market',
        route: '/orders/:orderId/payment',
        method: 'POST',
        status_code: String(status),
      });
    expect([payments(200), payments(declined.status)]).toEqual([1, 1]);
    for (const { orderId } of orders) expect(market.text).not.toContain(orderId);
    expect(market.text).toContain('process_cpu_seconds_total{service="market"}');

    const settlement = await scrape(system.url, '/metrics/settlement', system.operatorKey);
    expect(settlement.status).toBe(200);
    expect(
      sample(settlement.text, 'tokumei_payments_total', {
        service: 'settlement',
        outcome: 'approved',
        code: 'none',
      }),
    ).toBe(approvedBefore + 1);
    expect(
      sample(settlement.text, 'tokumei_payments_total', { outcome: 'declined', code: 'wrong_pin' }),
    ).toBe(1);
    expect(sample(settlement.text, 'tokumei_escrow_held', { currency: 'JPY' })).toBeGreaterThanOrEqual(1_500);
    expect(sample(settlement.text, 'tokumei_outbox_pending_messages', { topic: 'market' })).toBe(1);
    for (const { orderId } of orders) expect(settlement.text).not.toContain(orderId);

    // Delivery: requests (the pickup point the payment asked about) and its own gauges.
    const delivery = await scrape(system.delivery.url, '/metrics', system.delivery.operatorKey);
    expect(delivery.status).toBe(200);
    expect(
      sample(delivery.text, 'tokumei_http_request_duration_seconds_count', {
        service: 'delivery',
        route: '/pickup-points/:code',
      }),
    ).toBeGreaterThanOrEqual(1);
  });
});
