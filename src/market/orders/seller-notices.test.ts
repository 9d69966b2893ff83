import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { outbox } from '../../platform/outbox.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { verifySignature } from '../../platform/webhook-signature.ts';
import {
  buyFound,
  listAndFind,
  registerTestSeller,
  startTestMarket,
  type TestMarket,
} from '../testing/market-harness.ts';
import { readStreamUntil } from '../testing/seller-stream.ts';
import { runMarketDuties } from '../workers.ts';
import { WEBHOOK_TOPIC } from './seller-events.ts';
import { SIGNATURE_HEADER } from './webhooks.ts';

describeEachDatabase('seller notices (B6 arrow e): live stream and webhooks', (dbKind) => {
  let m: TestMarket;
  let seller: { id: string; apiKey: string };
  let hook: Server;
  let hookUrl: string;
  let hookFailures = 0;
  const received: { body: string; signature: string | undefined }[] = [];

  async function placeOrder(cpu: number) {
    const order = await buyFound(m, await listAndFind(m, seller.apiKey, cpu));
    expect(order.status).toBe(201);
    return order.body;
  }

  beforeAll(async () => {
    m = await startTestMarket(dbKind);
    seller = await registerTestSeller(m);
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        if (hookFailures > 0) {
          hookFailures--;
          res.writeHead(503).end();
          return;
        }
        received.push({ body, signature: req.headers[SIGNATURE_HEADER] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await m.close();
    hook.close();
  });

  it('streams a new order to the seller live, and resumes after Last-Event-ID', async () => {
    const stream = await fetch(`${m.url}/seller/events`, {
      headers: { authorization: `Bearer ${seller.apiKey}` },
    });
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const reading = readStreamUntil(stream, (e) => e.length >= 1);
    const order = await placeOrder(7001);
    const [event] = await reading;
    expect(event).toMatchObject({
      event: 'order.created',
      data: { orderId: order.orderId, state: 'awaiting_payment' },
    });

    const second = await placeOrder(7002);
    const resumed = await fetch(`${m.url}/seller/events`, {
      headers: { authorization: `Bearer ${seller.apiKey}`, 'last-event-id': event?.id as string },
    });
    const missed = await readStreamUntil(resumed, (e) => e.length >= 1);
    expect(missed.map((e) => e.data.orderId)).toEqual([second.orderId]);
  });

  it('refuses the stream without a seller key', async () => {
    expect((await fetch(`${m.url}/seller/events`)).status).toBe(401);
  });

  it('delivers signed webhooks at least once, retrying failures', async () => {
    const set = await m.call('PUT', '/seller/webhook', { token: seller.apiKey, body: { url: hookUrl } });
    expect(set.status).toBe(200);
    const secret = set.body.secret as string;
    hookFailures = 1;
    const order = await placeOrder(7003);
    await runMarketDuties(m.market.ctx);
    expect(received).toHaveLength(0);
    m.clock.advance(5_000);
    await runMarketDuties(m.market.ctx);
    expect(received).toHaveLength(1);
    const delivery = received[0] as { body: string; signature: string };
    expect(JSON.parse(delivery.body)).toMatchObject({
      type: 'order.created',
      data: { orderId: order.orderId },
    });
    expect(verifySignature(delivery.signature, [secret], delivery.body, m.clock.now())).toBe('valid');
    expect(verifySignature(delivery.signature, ['whsec_other'], delivery.body, m.clock.now())).toBe(
      'mismatch',
    );
    expect(verifySignature(delivery.signature, [secret], `${delivery.body} `, m.clock.now())).toBe(
      'mismatch',
    );
    m.clock.advance(10 * 60_000);
    expect(verifySignature(delivery.signature, [secret], delivery.body, m.clock.now())).toBe('stale');
    await runMarketDuties(m.market.ctx);
    expect(received).toHaveLength(1);
  });

  it('refuses private webhook targets unless configured, in plain words of the caller’s language', async () => {
    const strict = await startTestMarket(dbKind, { config: { webhookAllowPrivate: false }, kinds: false });
    try {
      const s = await registerTestSeller(strict);
      for (const url of [
        'http://example.com/hook',
        'https://127.0.0.1/hook',
        'https://10.1.2.3/x',
        'https://[::1]/x',
        'https://[::ffff:127.0.0.1]/x',
        'https://[::ffff:7f00:1]/x',
        'https://100.64.0.1/x',
        'https://[::]/x',
        'https://0.0.0.0/x',
        'https://169.254.169.254/latest/meta-data',
      ]) {
        const res = await strict.call('PUT', '/seller/webhook', { token: s.apiKey, body: { url } });
        expect(res, url).toMatchObject({ status: 422, body: { code: 'invalid_webhook_url' } });
      }
      const refused = (url: string, language: string) =>
        strict.call('PUT', '/seller/webhook', {
          token: s.apiKey,
          body: { url },
          headers: { 'accept-language': language },
        });
      expect((await refused('https://100.64.0.1/x', 'en')).body.detail).toBe(
        '100.64.0.1 is a shared address (carrier-grade NAT); webhooks go to public addresses only.',
      );
      expect((await refused('https://100.64.0.1/x', 'ja')).body).toMatchObject({
        title: 'この Webhook URL は使用できません',
        detail:
          '100.64.0.1 は共有アドレス（キャリアグレード NAT）です。Webhook の送り先は公開アドレスに限られます。',
      });
      expect((await refused('http://example.com/hook', 'ja')).body.detail).toBe(
        'URL は https でなければなりません。',
      );
      expect((await refused('http://example.com/hook', 'en')).body.detail).toBe(
        'The URL must be an https URL.',
      );
    } finally {
      await strict.close();
    }
  });

  it('refuses at send time a name that resolved to a public address when named (DNS rebinding)', async () => {
    let lookups = 0;
    // Public when the seller names it; loopback, where `hook` listens, from then on.
    const rebinding: LookupFunction = (_hostname, options, callback) => {
      const address = lookups++ === 0 ? '93.184.215.14' : '127.0.0.1';
      if (options.all) (callback as (e: null, a: LookupAddress[]) => void)(null, [{ address, family: 4 }]);
      else callback(null, address, 4);
    };
    const strict = await startTestMarket(dbKind, {
      config: { webhookAllowPrivate: false },
      webhookLookup: rebinding,
    });
    let connections = 0;
    const countConnection = () => {
      connections++;
    };
    hook.on('connection', countConnection);
    try {
      const s = await registerTestSeller(strict);
      const port = (hook.address() as AddressInfo).port;
      const set = await strict.call('PUT', '/seller/webhook', {
        token: s.apiKey,
        body: { url: `https://hooks.seller.example:${port}/hook` },
      });
      expect(set.status).toBe(200);
      const order = await buyFound(strict, await listAndFind(strict, s.apiKey, 7101));
      expect(order.status).toBe(201);
      await runMarketDuties(strict.market.ctx);

      expect(connections).toBe(0);
      const [job] = await strict.market.ctx.db.select().from(outbox).where(eq(outbox.topic, WEBHOOK_TOPIC));
      expect(job).toMatchObject({ attempts: 1, deliveredAt: null, failedAt: null });
      expect(job?.lastError).toMatch(/127\.0\.0\.1.*is not allowed/);
    } finally {
      hook.off('connection', countConnection);
      await strict.close();
    }
  });
});
