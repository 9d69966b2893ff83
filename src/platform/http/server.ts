import { STATUS_CODES } from 'node:http';
import cors, { type FastifyCorsOptions } from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { Logger } from '../log.ts';
import type { ServiceMetrics } from '../metrics.ts';
import { INVALID_CURSOR, isCursorIssue } from '../paging.ts';
import { acceptedRequestId, REQUEST_ID_HEADER, runForRequest } from '../request-context.ts';
import { answerLanguage } from './language.ts';
import { type ApiDocumentOptions, documentedRoute, withReachableSchemas } from './openapi.ts';
import { HttpProblem, message, type Problem, problem, sendProblem } from './problem.ts';
import { pageSecurityHeaders } from './security-headers.ts';
import { validationIssues } from './validation.ts';

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
  /** Tags, credentials and address for the OpenAPI document; every route must then be documented. */
  api?: ApiDocumentOptions;
  logger: Logger;
  bodyLimit?: number;
  /** The longest path parameter routed (Fastify's 100 unless a route's IDs are longer). */
  maxParamLength?: number;
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
  /**
   * The docs page at /docs (default: served). Off on the closed link, where no one browses and
   * /openapi.json already describes every route.
   */
  docsPage?: boolean;
  /** Where each answered request is counted and timed, by route as declared. */
  metrics?: ServiceMetrics;
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
 * Fastify's own refusals, each under a code of ours, so a client reads one convention whether a
 * route or the framework refused it. Other Fastify 4xx errors keep their own code, lower-cased.
 */
const FRAMEWORK_PROBLEMS: Record<string, Problem> = {
  FST_ERR_BAD_URL: problem(400, 'bad_url'),
  FST_ERR_MAX_PARAM_LENGTH: problem(414, 'uri_too_long'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: problem(415, 'unsupported_media_type'),
  FST_ERR_CTP_BODY_TOO_LARGE: problem(413, 'body_too_large'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: problem(400, 'invalid_content_length'),
  FST_ERR_CTP_EMPTY_JSON_BODY: problem(400, 'invalid_json', { title: message('invalid_json.empty') }),
  FST_ERR_CTP_INVALID_JSON_BODY: problem(400, 'invalid_json'),
};

const frameworkProblem = (error: { code?: string }) =>
  error.code ? FRAMEWORK_PROBLEMS[error.code] : undefined;

/**
 * What the HTTP parser refuses before any request exists (an oversized head, bad framing): in
 * English, as no request says which language to answer in.
 */
const CLIENT_ERRORS: Record<string, Problem> = {
  HPE_HEADER_OVERFLOW: problem(431, 'headers_too_large'),
  ERR_HTTP_REQUEST_TIMEOUT: problem(408, 'request_timeout'),
};
const MALFORMED_REQUEST = problem(400, 'malformed_request');

function answerClientError(error: Error & { code?: string }, socket: import('node:stream').Duplex) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = (error.code && CLIENT_ERRORS[error.code]) || MALFORMED_REQUEST;
  const body = JSON.stringify(known);
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/problem+json\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}

/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere in a request is refused where it comes
 * in, before any route or signature check sees it: the same 400 for a path, a query and a body.
 */
const nulProblem = (where: 'URL' | 'body') =>
  new HttpProblem(problem(400, 'nul_character', { detail: message('nul_character.detail', { where }) }));
/** A `\u0000` escape in JSON text: one preceded by an even run of backslashes is not itself escaped. */
const JSON_NUL = /(?<!\\)(?:\\\\)*\\u0000/i;

/**
 * One log line a request, as it is answered, with the request in it (Fastify writes one as it
 * comes and one as it goes: two synchronous writes a request), written in the request's context
 * so that the line names its ID. Fastify's other lines (errors, unknown routes) are kept.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = { req: request, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime };
    runForRequest(request.id, () => {
      if (error) reply.log.error({ ...line, err: error }, 'request errored');
      else reply.log.info(line, 'request completed');
    });
  }
}

/**
 * A Fastify server with the conventions every service shares: zod-validated routes, OpenAPI 3.1
 * at /openapi.json with a docs page at /docs (unless turned off), problem+json errors, request
 * IDs, body and rate limits.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({
    loggerInstance: options.logger.child({}, { serializers: { req: requestForLog } }) as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    routerOptions: { maxParamLength: options.maxParamLength ?? 100 },
    genReqId: (request) => acceptedRequestId(request.headers[REQUEST_ID_HEADER]),
    requestIdHeader: false,
    // The request's ID reaches its log lines through the logger's mixin (request-context.ts), so
    // the request's logger does not bind it a second time.
    childLoggerFactory: (logger, _bindings, options) => logger.child({}, options),
    logController: new OneLinePerRequest(),
    frameworkErrors: (error, request, reply) => {
      // Some are refused before any hook has made the request's context.
      runForRequest(request.id, () => request.log.info({ code: error.code }, 'refused by the framework'));
      return sendProblem(reply, frameworkProblem(error) ?? problem(400, 'bad_request'));
    },
    clientErrorHandler: answerClientError,
    // Our plugins wait on nothing outside the process (databases are open before the server is
    // built), so a slow plugin is a busy CPU, not a hang: Fastify's 10 s default made start-up
    // fail on a loaded machine. Two minutes still names a plugin that truly never finishes.
    pluginTimeout: 120_000,
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
  }).withTypeProvider<ZodTypeProvider>();

  // Signed requests are checked against the bytes that were signed, not a re-serialisation.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    if (JSON_NUL.test(body as string)) return done(nulProblem('body'), undefined);
    parseJson(request, body as string, done);
  });
  // First of all hooks: everything after runs, and logs, as done for this request.
  app.addHook('onRequest', (request, _reply, done) =>
    runForRequest(request.id, done, answerLanguage(request.headers['accept-language'])),
  );
  app.addHook('onRequest', async (request) => {
    if (/%00/i.test(request.url)) throw nulProblem('URL');
  });
  const { metrics } = options;
  if (metrics) {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? '(no such route)';
      metrics.observeRequest(
        { method: request.method, route, status: reply.statusCode },
        reply.elapsedTime / 1000,
      );
    });
  }

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    // Answers carry secrets (order secrets, API keys, tokens) and purchasers' own orders: no
    // cache may keep them. What may be kept (static assets) says so with its own header.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  const { api } = options;
  if (api) app.addHook('onRoute', documentedRoute(api, options.rateLimitPerMinute !== undefined));
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: options.title,
        description: options.description,
        version: options.version,
        // package.json: UNLICENSED.
        license: { name: 'Proprietary: all rights reserved' },
      },
      ...(api && {
        servers: [{ url: api.publicUrl ?? '/' }],
        tags: Object.entries(api.tags).map(([name, description]) => ({ name, description })),
        components: {
          securitySchemes: api.securitySchemes as OpenAPIV3_1.ComponentsObject['securitySchemes'],
        },
        ...(api.security && { security: api.security }),
      }),
    },
    // Routes are at the root of the service, wherever its public address puts it.
    stripBasePath: false,
    transform: jsonSchemaTransform,
    transformObject: (document) =>
      withReachableSchemas(jsonSchemaTransformObject(document) as OpenAPIV3_1.Document),
  });
  // The docs are pages like the terminals, with the same headers, down to their assets.
  await app.register(async (docs) => {
    const headers = pageSecurityHeaders();
    docs.addHook('onSend', async (_request, reply) => {
      reply.headers(headers);
    });
    // No top bar: its logo carries an inline style the shared policy refuses, and its address
    // field would load other specs.
    if (options.docsPage !== false)
      await docs.register(swaggerUi, { routePrefix: '/docs', uiConfig: { layout: 'BaseLayout' } });
    docs.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  });

  if (options.cors) await app.register(cors, options.cors);
  if (options.rateLimitPerMinute !== undefined)
    await app.register(rateLimit, {
      max: options.rateLimitPerMinute,
      timeWindow: 60_000,
      errorResponseBuilder: (_request, context) => {
        const body = problem(429, 'rate_limited', {
          detail: message('rate_limited.detail', {
            max: context.max,
            seconds: Math.ceil(context.ttl / 1000),
          }),
        });
        return new HttpProblem(body);
      },
    });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problem(404, 'route_not_found', {
        detail: message('route_not_found.detail', { method: request.method, url: request.url }),
      }),
    ),
  );

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpProblem) {
      if (error.body.status === 429) reply.header('retry-after', reply.getHeader('retry-after') ?? '60');
      return sendProblem(reply, error.body);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      if (error.validation.some(isCursorIssue)) return sendProblem(reply, INVALID_CURSOR);
      const language = answerLanguage(request.headers['accept-language']);
      const { errors, detail } = validationIssues(error, request, language);
      return sendProblem(reply, problem(400, 'invalid_request', { detail, errors }));
    }
    const framework = frameworkProblem(error as { code?: string });
    if (framework) return sendProblem(reply, framework);
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = (error as { code?: string }).code ?? 'bad_request';
      return sendProblem(
        reply,
        problem(status, code.toLowerCase(), {
          title: message('request_refused', { reason: (error as Error).message }),
        }),
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, problem(500, 'internal', { requestId: request.id }));
  });

  return app;
}
