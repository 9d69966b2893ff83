import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyFound, listAndFind } from '../../src/market/testing/market-harness.ts';
import { generatePickupCode } from '../../src/protocol/pickup-code.ts';
import { payOrder } from './payment-helpers.ts';
import { startTestSystem, TEST_PICKUP_POINT, type TestSystem } from './system-harness.ts';

/** Headers do not depend on the database: one kind is enough. */
describe('headers on the public services’ answers, over real HTTP', () => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await startTestSystem('pglite');
  });
  afterAll(() => s?.close());

  const services = () => [
    { name: 'market', url: s.url },
    { name: 'delivery', url: s.delivery.url },
  ];

  /** Each documented route, called as a stranger would: whatever it answers must not be kept. */
  it.each(['market', 'delivery'])(
    'every route %s documents answers Cache-Control: no-store',
    async (name) => {
      const { url } = services().find((x) => x.name === name) as { url: string };
      const spec = (await (await fetch(`${url}/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      const calls = Object.entries(spec.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => ({
          method: method.toUpperCase(),
          path: path.replace(/\{(\w+)\}/g, (_, param: string) =>
            /id$/i.test(param) ? '00000000-0000-4000-8000-000000000000' : 'X',
          ),
        })),
      );
      expect(calls.length).toBeGreaterThan(10);
      for (const { method, path } of calls) {
        const hasBody = ['POST', 'PUT', 'PATCH'].includes(method);
        const response = await fetch(`${url}${path}`, {
          method,
          headers: hasBody ? { 'content-type': 'application/json' } : {},
          body: hasBody ? '{}' : undefined,
        });
        await response.arrayBuffer();
        expect(response.headers.get('cache-control'), `${method} ${path} (${response.status})`).toBe(
          'no-store',
        );
      }
    },
  );

  it('answers that carry a secret or a purchaser’s own data send no-store when they succeed', async () => {
    const answers: [string, { status: number; headers: Headers }][] = [];
    const seen = <T extends { status: number; headers: Headers }>(what: string, answer: T): T => {
      answers.push([what, answer]);
      return answer;
    };

    const registered = await s.call('POST', '/sellers', { body: { name: 'Header seller' } });
    seen('seller registration (API key)', registered);
    const sellerKey = registered.body.apiKey as string;
    const created = seen(
      'order creation (order secret)',
      await buyFound(s, await listAndFind(s, sellerKey, 9_901, { price: 1_000 })),
    );
    const order = created.body as { orderId: string; orderSecret: string; amount: number };
    seen('order read', await s.call('GET', `/orders/${order.orderId}`, { token: order.orderSecret }));
    const card = await s.settlement.prepaid(10_000);
    const paid = seen('payment (registration token)', await payOrder(s, order, card));
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    const { url, token } = paid.body.pickupCodeRegistration;
    const registration = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: order.orderId, token, code: generatePickupCode() }),
    });
    seen('pickup-code registration at delivery', registration);
    seen(
      'pickup-code registration at the market',
      await s.call('GET', `/orders/${order.orderId}/pickup-code-registration`, { token: order.orderSecret }),
    );
    seen('tracking', await s.call('GET', `/orders/${order.orderId}/tracking`, { token: order.orderSecret }));
    seen('seller’s orders', await s.call('GET', '/seller/orders', { token: sellerKey }));
    seen('seller’s order', await s.call('GET', `/seller/orders/${order.orderId}`, { token: sellerKey }));
    const stream = await fetch(`${s.url}/seller/events`, {
      headers: { authorization: `Bearer ${sellerKey}` },
    });
    await stream.body?.cancel();
    seen('seller event stream', stream);
    const clerkKey = seen(
      'clerk key issuance',
      await s.delivery.call('POST', `/operator/pickup-points/${TEST_PICKUP_POINT.code}/clerk-keys`, {
        token: s.delivery.operatorKey,
      }),
    );
    seen('clerk session', await s.delivery.call('GET', '/clerk/session', { token: clerkKey.body.key }));
    seen('clerk parcels', await s.delivery.call('GET', '/clerk/parcels', { token: clerkKey.body.key }));

    for (const [what, answer] of answers) {
      expect(answer.status, what).toBeLessThan(300);
      expect(answer.headers.get('cache-control'), what).toBe('no-store');
    }
  });

  const PAGE_HEADERS = {
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  };

  it.each(['market', 'delivery'])(
    'the docs pages of %s carry the terminals’ security headers',
    async (name) => {
      const { url } = services().find((x) => x.name === name) as { url: string };
      for (const path of [
        '/docs',
        '/docs/',
        '/docs/static/swagger-ui.css',
        '/docs/static/swagger-ui-bundle.js',
        '/docs/static/swagger-initializer.js',
        '/docs/json',
        '/openapi.json',
      ]) {
        const response = await fetch(`${url}${path}`);
        await response.arrayBuffer();
        expect(response.status, path).toBe(200);
        expect(Object.fromEntries(response.headers), path).toMatchObject(PAGE_HEADERS);
        const csp = response.headers.get('content-security-policy') ?? '';
        for (const directive of ["default-src 'self'", "object-src 'none'", "frame-ancestors 'none'"])
          expect(csp, path).toContain(directive);
      }
    },
  );
});
