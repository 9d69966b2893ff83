import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../clock.ts';
import { createLogger } from '../log.ts';
import { createHttpServer, type HttpServer } from './server.ts';
import {
  REQUEST_SIGNATURE_HEADER,
  requireSignedRequest,
  signedFetch,
  signRequest,
} from './signed-requests.ts';

const KEY = 'shared-key-between-two-services-0123456789';
const clock = new ManualClock('2026-11-21T10:00:00Z');
let app: HttpServer;
let url: string;

beforeAll(async () => {
  app = await createHttpServer({
    title: 't',
    description: 't',
    version: '0',
    logger: createLogger('signed-test', 'silent'),
  });
  const guard = requireSignedRequest({
    secrets: () => ['an-older-key-still-accepted-0123456789', KEY],
    clock,
  });
  app.post(
    '/events',
    { preHandler: guard, schema: { body: z.object({ n: z.number() }) } },
    async (request) => ({ got: request.body.n }),
  );
  app.get('/things/:id', { preHandler: guard }, async () => ({ ok: true }));
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => app.close());

const send = (init: { method: string; path: string; body?: string; signature?: string }) =>
  fetch(`${url}${init.path}`, {
    method: init.method,
    headers: {
      ...(init.body !== undefined && { 'content-type': 'application/json' }),
      ...(init.signature && { [REQUEST_SIGNATURE_HEADER]: init.signature }),
    },
    body: init.body,
  });

describe('signed requests between services', () => {
  it('pass with the shared key, for a body and for a query', async () => {
    const posted = await signedFetch(url, KEY, {
      method: 'POST',
      path: '/events',
      body: JSON.stringify({ n: 7 }),
      now: clock.now(),
      timeoutMs: 2000,
    });
    expect(posted.status).toBe(200);
    expect(await posted.json()).toEqual({ got: 7 });
    const got = await signedFetch(url, KEY, {
      method: 'GET',
      path: '/things/a?format=pdf',
      now: clock.now(),
      timeoutMs: 2000,
    });
    expect(got.status).toBe(200);
  });

  it('are refused unsigned, with another key, for another body, path or method, or too old', async () => {
    const body = JSON.stringify({ n: 7 });
    const good = signRequest(KEY, { method: 'POST', path: '/events', body }, clock.now());
    const refused = [
      await send({ method: 'POST', path: '/events', body }),
      await send({
        method: 'POST',
        path: '/events',
        body,
        signature: signRequest(
          'not-the-key-not-the-key-0123456789',
          { method: 'POST', path: '/events', body },
          clock.now(),
        ),
      }),
      await send({ method: 'POST', path: '/events', body: JSON.stringify({ n: 8 }), signature: good }),
      // The same JSON with other bytes: what was signed is the bytes.
      await send({ method: 'POST', path: '/events', body: '{"n": 7}', signature: good }),
      await send({
        method: 'GET',
        path: '/things/b?format=pdf',
        signature: signRequest(KEY, { method: 'GET', path: '/things/a?format=pdf' }, clock.now()),
      }),
      await send({
        method: 'POST',
        path: '/events',
        body,
        signature: signRequest(
          KEY,
          { method: 'POST', path: '/events', body },
          new Date(clock.now().getTime() - 6 * 60_000),
        ),
      }),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(401);
      expect((await answer.json()).code).toBe('invalid_signature');
    }
    expect((await send({ method: 'POST', path: '/events', body, signature: good })).status).toBe(200);
  });

  it('leave ordinary JSON parsing as it was: bad JSON is a 400, poisoned keys refused', async () => {
    const body = '{"n": 7';
    const signature = signRequest(KEY, { method: 'POST', path: '/events', body }, clock.now());
    expect((await send({ method: 'POST', path: '/events', body, signature })).status).toBe(400);
    const poisoned = '{"n": 7, "__proto__": {"x": 1}}';
    const poisonedSignature = signRequest(
      KEY,
      { method: 'POST', path: '/events', body: poisoned },
      clock.now(),
    );
    expect(
      (await send({ method: 'POST', path: '/events', body: poisoned, signature: poisonedSignature })).status,
    ).toBe(400);
  });
});
