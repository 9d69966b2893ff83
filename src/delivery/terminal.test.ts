import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clerkPointFor } from './clerk/clerk-keys.ts';
import { DEMO_PICKUP_POINTS, seedDeliveryDemo } from './demo/seed-demo.ts';
import { startTestDelivery, type TestDelivery } from './testing/delivery-harness.ts';

describe('the clerk terminal, served by delivery, and its demo keys', () => {
  let d: TestDelivery;
  const webDir = mkdtempSync(join(tmpdir(), 'tokumei-web-'));
  beforeAll(async () => {
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Tokumei</title>');
    writeFileSync(join(webDir, 'assets', 'app-1234.js'), 'console.log(1)');
    d = await startTestDelivery('pglite', { config: { webDir } });
  });
  afterAll(async () => {
    await d?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('serves the built pages at /clerk and below, with the terminals’ headers', async () => {
    for (const path of ['/clerk', '/clerk/hand-over']) {
      const page = await d.call('GET', path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.body).toContain('<title>Tokumei</title>');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect((await d.call('GET', '/assets/app-1234.js')).status).toBe(200);
    // The market's terminals are not delivery's to serve.
    expect((await d.call('GET', '/buy')).status).toBe(404);
  });

  it('seeds a clerk key for every demo pickup point, on the first start only', async () => {
    const demo = await seedDeliveryDemo(d.delivery.ctx.db, d.clock.now());
    expect(Object.keys(demo?.clerkKeys ?? {}).sort()).toEqual(DEMO_PICKUP_POINTS.map((p) => p.code).sort());
    for (const [code, key] of Object.entries(demo?.clerkKeys ?? {})) {
      expect((await clerkPointFor(d.delivery.ctx.db, key))?.code).toBe(code);
    }
    const [code, key] = Object.entries(demo?.clerkKeys ?? {})[0] as [string, string];
    const session = await d.call('GET', '/clerk/session', { token: key });
    expect(session.body.pickupPoint.code).toBe(code);
    expect(await seedDeliveryDemo(d.delivery.ctx.db, d.clock.now())).toBeNull();
  });
});
