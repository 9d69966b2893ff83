import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { pageSecurityHeaders } from './security-headers.ts';
import type { HttpServer } from './server.ts';

/**
 * Serves a built single-page app: its content-hashed assets, cached for good, and its index page
 * at each of the app's own paths, so that a reload or a shared link lands on the right page.
 */
export async function serveWebApp(
  app: HttpServer,
  options: {
    dir: string;
    pages: string[];
    /** Other origins the pages may call (`connect-src`), e.g. `https://delivery.example`. */
    connectSources?: string[];
  },
): Promise<void> {
  const index = readFileSync(join(options.dir, 'index.html'));
  // The index is asked for anew each time, so that a new build's assets are found.
  const headers = { ...pageSecurityHeaders(options.connectSources), 'cache-control': 'no-cache' };
  await app.register(fastifyStatic, {
    root: join(options.dir, 'assets'),
    prefix: '/assets/',
    index: false,
    immutable: true,
    maxAge: '365d',
  });
  for (const page of options.pages) {
    app.get(page, { schema: { hide: true } }, (_request, reply) =>
      reply.headers(headers).type('text/html; charset=utf-8').send(index),
    );
  }
}
