import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from '../platform/log.ts';
import { marketConfigFromEnv } from './config.ts';
import {
  buyFound,
  listAndFind,
  registerTestSeller,
  startTestMarket,
  type TestMarket,
} from './testing/market-harness.ts';

describe('market HTTP conventions', () => {
  let m: TestMarket;
  const logLines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    m = await startTestMarket('pglite', { logger });
  });
  afterAll(() => m.close());

  it('serves OpenAPI 3.1 describing every route, and a docs page', async () => {
    const spec = await m.call('GET', '/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toBe('3.1.0');
    for (const path of [
      '/searches',
      '/orders',
      '/orders/{orderId}',
      '/seller/offers',
      '/operator/kinds',
      '/kinds',
    ]) {
      expect(Object.keys(spec.body.paths)).toContain(path);
    }
    expect(spec.body.components.schemas.Problem).toBeDefined();
    const docs = await fetch(`${m.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('<html');
  });

  it('answers errors as problem+json with a stable code and a request ID', async () => {
    const missing = await m.call('GET', '/no/such/route');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.body).toMatchObject({
      code: 'route_not_found',
      type: 'urn:tokumei:problem:route_not_found',
    });
    expect(missing.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await m.call('POST', '/searches', { body: { kind: 'personal-computer', limit: 1.5 } });
    expect(bad).toMatchObject({
      status: 400,
      body: { code: 'invalid_request', errors: [{ path: 'limit' }] },
    });
    const notJson = await fetch(`${m.url}/searches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"kind":',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toContain('application/problem+json');
  });

  it('limits body size', async () => {
    const huge = await m.call('POST', '/searches', { body: { kind: 'x'.repeat(2 * 1024 * 1024) } });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
  });

  it('keeps secrets out of the logs', async () => {
    const seller = await registerTestSeller(m);
    const found = await listAndFind(m, seller.apiKey, 4321);
    const key = `canary-${crypto.randomUUID()}`;
    const order = await buyFound(m, found, 1, { 'idempotency-key': key });
    await m.call('GET', `/orders/${order.body.orderId}`, { token: order.body.orderSecret });
    const logs = logLines.join('');
    expect(logs).toContain('/orders');
    for (const secret of [seller.apiKey, order.body.orderSecret, key, m.operatorKey])
      expect(logs).not.toContain(secret);
  });

  it('rate-limits public routes with a problem answer', async () => {
    // A market of its own, so that no other test's requests count against its limit.
    const limited = await startTestMarket('pglite', { kinds: false, config: { rateLimitPerMinute: 3 } });
    try {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await limited.call('GET', '/kinds'));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
      expect(answers[3]?.body.code).toBe('rate_limited');
      expect(answers[3]?.headers.get('retry-after')).toBeTruthy();
      // Health checks are not counted.
      expect((await limited.call('GET', '/livez')).status).toBe(200);
      expect((await limited.call('GET', '/readyz')).status).not.toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('market configuration', () => {
  it('names the variable that is wrong', () => {
    expect(() => marketConfigFromEnv({ TOKUMEI_MARKET_PORT: 'eighty' })).toThrow(/TOKUMEI_MARKET_PORT/);
    expect(() => marketConfigFromEnv({ TOKUMEI_MARKET_SEARCH_TTL: 'soon' })).toThrow(
      /TOKUMEI_MARKET_SEARCH_TTL/,
    );
    expect(marketConfigFromEnv({ TOKUMEI_MARKET_PAYMENT_WINDOW: '2h' }).orderPaymentWindowMs).toBe(7_200_000);
  });

  it('takes the public address its OpenAPI document names, without a trailing slash', () => {
    expect(marketConfigFromEnv({ TOKUMEI_MARKET_PUBLIC_URL: 'https://market.example/' }).publicUrl).toBe(
      'https://market.example',
    );
    expect(marketConfigFromEnv({}).publicUrl).toBeUndefined();
    expect(() => marketConfigFromEnv({ TOKUMEI_MARKET_PUBLIC_URL: 'ftp://market.example' })).toThrow(
      /TOKUMEI_MARKET_PUBLIC_URL/,
    );
  });
});
