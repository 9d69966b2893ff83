import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { HttpServer } from './server.ts';

/**
 * The terminals run on the public network but ask nothing personal; their pages say so in
 * headers too: no referrer leaves the site, nothing loads from elsewhere, nothing frames them,
 * and they call no one but their own service and the origins named to them.
 */
const pageHeaders = (connectSources: string[]) => ({
  'content-security-policy': [
    "default-src 'self'",
    ...(connectSources.length ? [`connect-src 'self' ${connectSources.join(' ')}`] : []),
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
});

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
  const headers = pageHeaders(options.connectSources ?? []);
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
