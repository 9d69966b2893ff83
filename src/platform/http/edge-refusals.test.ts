import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../clock.ts';
import { createLogger } from '../log.ts';
import { send, type WireRequest } from '../testing/openapi-fuzz.ts';
import { createHttpServer, type HttpServer } from './server.ts';
import { REQUEST_SIGNATURE_HEADER, requireSignedRequest, signRequest } from './signed-requests.ts';

const KEY = 'edge-refusals-shared-key-0123456789abcdef';
const clock = new ManualClock('2026-11-21T10:00:00Z');
let app: HttpServer;
let url: string;
/** Whether a route's handler ran: a refusal at the edge never reaches one. */
let handled = 0;

beforeAll(async () => {
  app = await createHttpServer({
    title: 't',
    description: 't',
    version: '0',
    logger: createLogger('edge', 'silent'),
  });
  const schema = { params: z.object({ id: z.string() }), body: z.object({ text: z.string() }) };
  app.post('/things/:id', { schema }, async () => ({ ok: ++handled }));
  app.post(
    '/signed/:id',
    { schema, preHandler: requireSignedRequest({ secrets: () => [KEY], clock }) },
    async () => ({ ok: ++handled }),
  );
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => app.close());

const post = (path: string, body = '{"text":"a"}', headers: Record<string, string> = {}) => {
  const wire: WireRequest = {
    method: 'POST',
    path,
    body,
    headers: { 'content-type': 'application/json', ...headers },
  };
  return send(url, wire).then((answer) => ({ ...answer, body: JSON.parse(answer.text) }));
};
const signed = (path: string, body: string) =>
  post(path, body, {
    [REQUEST_SIGNATURE_HEADER]: signRequest(KEY, { method: 'POST', path, body }, clock.now()),
  });

it('refuses a NUL in the path, the query or a JSON string with one 400, before any route or signature check', async () => {
  const before = handled;
  for (const answer of [
    await post('/things/a%00b'),
    await post('/things/a?x=%00'),
    await post('/things/a', '{"text":"a\\u0000b"}'),
    await post('/things/a', '{"te\\u0000xt":"a"}'),
    await signed('/signed/a%00', '{"text":"a"}'),
    await signed('/signed/a', '{"text":"\\u0000"}'),
    // Unsigned too: the same answer, so a NUL says nothing about the signature.
    await post('/signed/a', '{"text":"\\u0000"}'),
  ]) {
    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 400, code: 'nul_character' });
  }
  expect(handled).toBe(before);
  // An escaped backslash before "u0000" is text, not a NUL.
  expect((await post('/things/a', '{"text":"\\\\u0000"}')).status).toBe(200);
  expect((await signed('/signed/a', '{"text":"ok"}')).status).toBe(200);
});

it("answers Fastify's own refusals as problem+json with codes of ours", async () => {
  const cases: [Promise<{ status: number; contentType: string; body: any }>, number, string][] = [
    [post('/things/%zz'), 400, 'bad_url'],
    [post(`/things/${'a'.repeat(200)}`), 414, 'uri_too_long'],
    [post('/things/a', '{"text":'), 400, 'invalid_json'],
    [post('/things/a', ''), 400, 'invalid_json'],
    [
      post('/things/a', 'text=a', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'unsupported_media_type',
    ],
    [post('/things/a', `{"text":"${'a'.repeat(1024 * 1024)}"}`), 413, 'body_too_large'],
    // Refused by Node's HTTP parser before there is a request at all.
    [post(`/things/a?q=${'a'.repeat(20_000)}`), 431, 'headers_too_large'],
  ];
  for (const [answer, status, code] of cases) {
    const { status: got, contentType, body } = await answer;
    expect({ got, contentType: contentType.split(';')[0], body }).toMatchObject({
      got: status,
      contentType: 'application/problem+json',
      body: { status, code, type: `urn:tokumei:problem:${code}` },
    });
  }
});
