import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketConfigFromEnv } from './config.ts';
import { startTestMarket, type TestMarket } from './testing/market-harness.ts';

describe('the terminals’ configuration', () => {
  let m: TestMarket;
  // A stand-in for the built terminals: the page headers are what is tested here.
  const webDir = mkdtempSync(join(tmpdir(), 'tokumei-web-'));
  beforeAll(async () => {
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Tokumei</title>');
    m = await startTestMarket('pglite', {
      kinds: false,
      config: { webDir, defaultCurrency: 'EUR', deliveryUrl: 'https://delivery.example:8443/api' },
    });
  });
  afterAll(async () => {
    await m?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('tells the terminals the currency and where delivery is', async () => {
    const res = await m.call('GET', '/terminal-config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currency: 'EUR', deliveryUrl: 'https://delivery.example:8443/api' });
  });

  it('lets the pages call delivery’s origin, and no other', async () => {
    const page = await fetch(`${m.url}/buy/orders/X/pay`);
    const csp = page.headers.get('content-security-policy') ?? '';
    const directives = csp.split(';').map((d) => d.trim());
    expect(directives).toContain("connect-src 'self' https://delivery.example:8443");
    expect(directives).toContain("default-src 'self'");
    // The API answers carry no page policy.
    expect((await fetch(`${m.url}/terminal-config`)).headers.get('content-security-policy')).toBeNull();
  });

  it('reads the delivery address from TOKUMEI_MARKET_DELIVERY_URL, an http(s) URL', () => {
    expect(marketConfigFromEnv({}).deliveryUrl).toBe('http://127.0.0.1:8090');
    expect(
      marketConfigFromEnv({ TOKUMEI_MARKET_DELIVERY_URL: 'https://delivery.example/' }).deliveryUrl,
    ).toBe('https://delivery.example');
    expect(() => marketConfigFromEnv({ TOKUMEI_MARKET_DELIVERY_URL: 'ftp://delivery.example' })).toThrow(
      /TOKUMEI_MARKET_DELIVERY_URL/,
    );
  });
});
