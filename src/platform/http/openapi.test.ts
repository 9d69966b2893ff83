import type { OpenAPIV3_1 } from 'openapi-types';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../log.ts';
import { type ApiDocumentOptions, bearer } from './openapi.ts';
import { createHttpServer, type HttpServer } from './server.ts';

const api: ApiDocumentOptions = {
  tags: { things: 'Things' },
  securitySchemes: { key: bearer('A key') },
};

let app: HttpServer | undefined;
afterEach(() => app?.close());

const server = async (options: { api?: ApiDocumentOptions; rateLimitPerMinute?: number } = {}) => {
  app = await createHttpServer({
    title: 'Things',
    description: 'Things',
    version: '0',
    logger: createLogger('openapi-test', 'silent'),
    api,
    ...options,
  });
  return app;
};

const answer = async () => ({ ok: true });
const documentOf = (app: HttpServer) => app.swagger() as OpenAPIV3_1.Document;

describe('a service documented in OpenAPI', () => {
  it('refuses a route without an operationId, so none is left for a client generator to guess', async () => {
    const app = await server();
    expect(() => app.get('/things', { schema: { tags: ['things'], security: [] } }, answer)).toThrow(
      'GET /things has no operationId in its schema',
    );
  });

  it('refuses a route that does not state its credentials, unless the service states them for all', async () => {
    const app = await server();
    expect(() => app.get('/things', { schema: { operationId: 'listThings' } }, answer)).toThrow(
      'GET /things does not state its security',
    );
    const linked = await server({ api: { ...api, security: [{ key: [] }] } });
    linked.get('/things', { schema: { operationId: 'listThings' } }, answer);
    await linked.ready();
    expect(documentOf(linked).security).toEqual([{ key: [] }]);
  });

  it('refuses a tag the document does not describe', async () => {
    const app = await server();
    expect(() =>
      app.get('/things', { schema: { operationId: 'listThings', security: [], tags: ['stuff'] } }, answer),
    ).toThrow('GET /things has tag "stuff", which the service does not describe');
  });

  it('carries only the schemas its operations reach, directly or through another', async () => {
    const part = z.object({ n: z.number() }).meta({ id: 'OpenApiTestPart' });
    const whole = z.object({ part }).meta({ id: 'OpenApiTestWhole' });
    z.object({ other: z.string() }).meta({ id: 'OpenApiTestElsewhere' });
    const app = await server();
    app.get(
      '/things',
      { schema: { operationId: 'listThings', security: [], response: { 200: whole } } },
      async () => ({ part: { n: 1 } }),
    );
    await app.ready();
    const schemas = Object.keys(documentOf(app).components?.schemas ?? {});
    expect(schemas).toEqual(expect.arrayContaining(['OpenApiTestWhole', 'OpenApiTestPart']));
    expect(schemas).not.toContain('OpenApiTestElsewhere');
  });

  it('names its server from its public address, or relative to the document without one', async () => {
    const relative = await server();
    await relative.ready();
    expect(documentOf(relative).servers).toEqual([{ url: '/' }]);
    const published = await server({ api: { ...api, publicUrl: 'https://market.example/api' } });
    published.get('/things', { schema: { operationId: 'listThings', security: [] } }, answer);
    await published.ready();
    expect(documentOf(published).servers).toEqual([{ url: 'https://market.example/api' }]);
    expect(Object.keys(documentOf(published).paths ?? {})).toEqual(['/things']);
  });

  it('declares the 429 of the rate limit on the routes it applies to', async () => {
    const app = await server({ rateLimitPerMinute: 100 });
    app.get('/things', { schema: { operationId: 'listThings', security: [] } }, answer);
    app.get(
      '/stream',
      { config: { rateLimit: false }, schema: { operationId: 'streamThings', security: [] } },
      answer,
    );
    await app.ready();
    const paths = documentOf(app).paths ?? {};
    expect(Object.keys(paths['/things']?.get?.responses ?? {})).toContain('429');
    expect(Object.keys(paths['/stream']?.get?.responses ?? {})).not.toContain('429');
  });
});
