import { randomUUID } from 'node:crypto';
import cors, { type FastifyCorsOptions } from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from '../log.ts';
import { HttpProblem, problem, sendProblem } from './problem.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body as received, for signature checks (see signed-requests.ts). */
    rawBody?: string;
  }
}

export type HttpServer = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpServerOptions {
  title: string;
  description: string;
  version: string;
  logger: Logger;
  bodyLimit?: number;
  /**
   * Requests per minute per client address on routes that do not opt out. Absent on the closed
   * link, whose one caller has no address (a socket) and bounds its own callers.
   */
  rateLimitPerMinute?: number;
  /**
   * Cross-origin access, registered before the rate limit so that its refusals (429) carry the
   * CORS headers too and a page can tell "slow down" from "unreachable".
   */
  cors?: FastifyCorsOptions;
  /** Makes the underlying server, e.g. HTTPS with client certificates for the closed link. */
  serverFactory?: (handler: import('node:http').RequestListener) => import('node:http').Server;
}

/**
 * What a request log line says of the request: the route it matched as declared
 * (`/orders/:orderId`), never the URL as sent, whose path and query hold values (an order, what a
 * purchaser typed, where it stands for "near me"), and no headers.
 */
const requestForLog = (request: FastifyRequest) => ({
  method: request.method,
  url: request.routeOptions.url ?? '(no such route)',
  remoteAddress: request.ip,
});

/**
 * A Fastify server with the conventions every service shares: zod-validated routes, OpenAPI 3.1
 * at /openapi.json with a docs page at /docs, problem+json errors, request IDs, body and rate
 * limits.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({
    loggerInstance: options.logger.child({}, { serializers: { req: requestForLog } }) as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    genReqId: () => randomUUID(),
    requestIdHeader: 'x-request-id',
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
  }).withTypeProvider<ZodTypeProvider>();

  // Signed requests are checked against the bytes that were signed, not a re-serialisation.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    parseJson(request, body as string, done);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: options.title, description: options.description, version: options.version },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API key or order secret' },
          signature: {
            type: 'apiKey',
            in: 'header',
            name: 'tokumei-signature',
            description:
              'Calls between services only: `t=<unix seconds>,v1=<hex HMAC-SHA256 under the key the two share of "t.METHOD\\npath?query\\nraw body">`, within 5 minutes',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (options.cors) await app.register(cors, options.cors);
  if (options.rateLimitPerMinute !== undefined)
    await app.register(rateLimit, {
      max: options.rateLimitPerMinute,
      timeWindow: 60_000,
      errorResponseBuilder: (_request, context) => {
        const body = problem(429, 'rate_limited', 'Too many requests', {
          detail: `Limit of ${context.max} requests per minute reached; retry after ${context.after}.`,
        });
        return new HttpProblem(body);
      },
    });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problem(404, 'route_not_found', 'No such route', { detail: `${request.method} ${request.url}` }),
    ),
  );

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpProblem) {
      if (error.body.status === 429) reply.header('retry-after', reply.getHeader('retry-after') ?? '60');
      return sendProblem(reply, error.body);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((v) => ({
        in: error.validationContext,
        path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        message: v.message,
      }));
      return sendProblem(
        reply,
        problem(400, 'invalid_request', 'The request does not match its schema', {
          detail: errors.map((e) => `${e.in} ${e.path || '(root)'}: ${e.message}`).join('; '),
          errors,
        }),
      );
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = (error as { code?: string }).code ?? 'bad_request';
      return sendProblem(reply, problem(status, code.toLowerCase(), (error as Error).message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, problem(500, 'internal', 'Internal error', { requestId: request.id }));
  });

  return app;
}
