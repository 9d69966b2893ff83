import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PICKUP_POINTS } from './demo/seed-demo.ts';
import { startTestDelivery, type TestDelivery } from './testing/delivery-harness.ts';

/** The market's pages, on another origin than delivery. */
const TERMINAL = 'https://market.example';

describe('delivery across origins (B8: the purchaser’s browser asks for pickup points)', () => {
  let d: TestDelivery;
  beforeAll(async () => {
    d = await startTestDelivery('pglite');
  });
  afterAll(() => d?.close());

  const fromTerminal = (headers: Record<string, string> = {}) => ({
    headers: { origin: TERMINAL, ...headers },
  });

  it('lets any page read pickup points, without credentials', async () => {
    for (const path of ['/pickup-points?q=Shinjuku', '/pickup-points/7E-SHINJUKU-03']) {
      const res = await d.call('GET', path, fromTerminal());
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(res.headers.get('access-control-allow-credentials'), path).toBeNull();
    }
    const preflight = await d.call(
      'OPTIONS',
      '/pickup-points?near=35.68,139.77',
      fromTerminal({ 'access-control-request-method': 'GET' }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
  });

  it('lets any page register a pickup code, without credentials (B9: the code skips the market)', async () => {
    const preflight = await d.call(
      'OPTIONS',
      '/pickup-codes',
      fromTerminal({
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const refused = await d.call('POST', '/pickup-codes', {
      body: { orderId: 'x', token: 'x', code: 'x' },
      ...fromTerminal(),
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    expect(refused.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('opens nothing else to other origins: not the operator’s routes, not writes', async () => {
    const point = { ...DEMO_PICKUP_POINTS[0], code: 'FM-CORS-01' };
    const registered = await d.call('POST', '/operator/pickup-points', {
      token: d.operatorKey,
      body: point,
      ...fromTerminal(),
    });
    expect(registered.status).toBe(201);
    expect(registered.headers.get('access-control-allow-origin')).toBeNull();
    for (const method of ['POST', 'PATCH']) {
      const preflight = await d.call(
        'OPTIONS',
        `/operator/pickup-points${method === 'PATCH' ? '/FM-CORS-01' : ''}`,
        fromTerminal({ 'access-control-request-method': method }),
      );
      expect(preflight.status, method).toBe(404);
      expect(preflight.headers.get('access-control-allow-origin'), method).toBeNull();
    }
    // Not the market's shipment routes, not the clerks', not pickup codes by another method.
    for (const [method, path] of [
      ['PUT', '/shipments/X'],
      ['GET', '/shipments/X'],
      ['POST', '/clerk/hand-over'],
      ['GET', '/clerk/parcels'],
      ['DELETE', '/pickup-codes'],
    ]) {
      const preflight = await d.call(
        'OPTIONS',
        path as string,
        fromTerminal({ 'access-control-request-method': method as string }),
      );
      expect(preflight.status, `${method} ${path}`).toBe(404);
      expect(preflight.headers.get('access-control-allow-origin'), `${method} ${path}`).toBeNull();
    }
    const clerkCall = await d.call('GET', '/clerk/parcels', fromTerminal());
    expect(clerkCall.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('says "slow down" across origins too: a 429 carries the CORS header', async () => {
    const limited = await startTestDelivery('pglite', { config: { rateLimitPerMinute: 2 } });
    try {
      const answers = [];
      for (let i = 0; i < 3; i++)
        answers.push(await limited.call('GET', '/pickup-points?q=x', fromTerminal()));
      const last = answers.at(-1);
      expect(last?.status).toBe(429);
      expect(last?.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await limited.close();
    }
  });
});
