import { Writable } from 'node:stream';
import pino from 'pino';
import { expect, it } from 'vitest';
import { createHttpServer } from './server.ts';

it('request logs name the path and leave out the query and the headers', async () => {
  const lines: string[] = [];
  const logger = pino(
    { level: 'trace' },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  const app = await createHttpServer({ title: 't', description: 't', version: '0', logger });
  app.get('/pickup-points', async () => ({ ok: true }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const answer = await fetch(`${url}/pickup-points?near=35.6604,139.6987&q=shibuya`, {
      headers: { authorization: 'Bearer some-key' },
    });
    expect(answer.status).toBe(200);
  } finally {
    await app.close();
  }
  const log = lines.join('');
  expect(log).toContain('"url":"/pickup-points"');
  for (const kept of ['35.66', '139.69', 'shibuya', 'some-key']) expect(log).not.toContain(kept);
});
