import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { untranslated } from '../../platform/http/messages.ts';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import type { MarketContext } from '../context.ts';
import { message, problem } from '../problems/catalogue.ts';
import { currentSeller, requireSeller } from '../sellers/seller-auth.ts';
import { type ImportFormat, parseImport } from './import-parse.ts';
import { runImport } from './import-run.ts';

export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

const FORMAT_BY_TYPE: Record<string, ImportFormat | undefined> = {
  'text/csv': 'csv',
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
};

const progressLine = z.object({
  type: z.literal('progress'),
  processed: z.number().int(),
  total: z.number().int(),
});
const resultLine = z.object({
  type: z.literal('result'),
  loaded: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  failed: z.number().int(),
  atomic: z.boolean(),
  committed: z.boolean().describe('False when atomic and a row was bad: nothing was loaded'),
  errors: z.array(z.object({ line: z.number().int(), code: z.string(), reason: z.string() })),
});
const errorLine = z.object({
  type: z.literal('error'),
  code: z.string(),
  reason: z.string(),
  requestId: z.string(),
});
export const importLineSchema = z
  .discriminatedUnion('type', [progressLine, resultLine, errorLine])
  .meta({ id: 'ImportStreamLine' });
export type ImportLine = z.infer<typeof importLineSchema>;

export function importRoutes(app: HttpServer, ctx: MarketContext) {
  const auth = requireSeller(ctx);

  // The parsers are scoped to this plugin: elsewhere JSON bodies stay parsed and size-limited.
  app.register(async (scope: HttpServer) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      Object.keys(FORMAT_BY_TYPE),
      { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );

    scope.post(
      '/seller/imports',
      {
        preHandler: auth,
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          operationId: 'importOffers',
          tags: ['catalog'],
          // A1–A2.
          summary: 'Import in bulk commodity information and offers from CSV, JSON or NDJSON',
          description: [
            'The body is the file itself. CSV: a header row with kind, model, name, price, currency, stock and one column per attribute (an empty cell is an absent attribute). JSON: an array of offers, each as createOffer takes it. NDJSON: one such offer per line.',
            'The answer streams NDJSON: progress lines as batches finish, then one result line listing every bad row with its line number and reason. Without atomic the good rows load; with atomic=true nothing loads when any row is bad.',
            'A file that cannot be read at all is a 400 before anything loads.',
          ].join('\n\n'),
          security: [{ sellerKey: [] }],
          consumes: Object.keys(FORMAT_BY_TYPE),
          querystring: z.object({
            atomic: z.enum(['true', 'false']).default('false').describe('Load nothing if any row is bad'),
          }),
          body: z.string(),
          response: {
            200: {
              description: 'NDJSON stream',
              content: { 'application/x-ndjson': { schema: importLineSchema } },
            },
            ...problemResponses(400, 401, 403, 413, 415),
          },
        },
      },
      async (request, reply) => {
        const format = FORMAT_BY_TYPE[mediaType(request.headers['content-type'])];
        if (!format) {
          return sendProblem(
            reply,
            problem(415, 'unsupported_media_type', {
              title: message('unsupported_media_type.import'),
              detail: message('unsupported_media_type.import.detail', {
                types: Object.keys(FORMAT_BY_TYPE).join(', '),
              }),
            }),
          );
        }
        const parsed = parseImport(request.body, format);
        if (!parsed.ok) {
          return sendProblem(
            reply,
            // The parser's own words (CSV, JSON), in English.
            problem(400, 'unreadable_file', { detail: untranslated(parsed.error) }),
          );
        }
        const seller = currentSeller(request);
        const atomic = request.query.atomic === 'true';
        const out = new PassThrough();
        const write = (line: ImportLine) => out.write(`${JSON.stringify(line)}\n`);
        write({ type: 'progress', processed: 0, total: parsed.value.length });
        reply.type('application/x-ndjson').send(out as never);

        // The status line is already sent, so a crash half-way is reported in the stream.
        runImport(ctx.db, seller.id, parsed.value, {
          atomic,
          now: ctx.clock.now(),
          onProgress: (processed, total) => write({ type: 'progress', processed, total }),
        })
          .then((result) => write({ type: 'result', ...result }))
          .catch((error: unknown) => {
            request.log.error({ err: error }, 'import failed');
            write({ type: 'error', code: 'internal', reason: 'Internal error', requestId: request.id });
          })
          .finally(() => out.end());
        return reply;
      },
    );
  });
}

const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
