import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { type AnswerLanguage, answerLanguage } from './language.ts';
import {
  type Catalogue,
  type Message,
  messageCatalogue,
  type PlainMessageId,
  wordMessage,
} from './messages.ts';
import { en } from './problems/en.ts';
import { ja } from './problems/ja.ts';

/**
 * RFC 9457 problem details with a stable machine-readable `code`; `title` and `detail` are for
 * people, in the language the request asks for.
 */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string().describe('What went wrong, for people, in the language of `Content-Language`'),
    status: z.number().int(),
    code: z.string().describe('Which problem it is: the same in every language'),
    detail: z.string().optional().describe('More about this occurrence, in the same language as `title`'),
  })
  .catchall(z.unknown())
  .meta({
    id: 'Problem',
    description:
      'A problem answer (RFC 9457). `title` and `detail` are in the language the request asks for with `Accept-Language`: Japanese (`ja`) or English (`en`), English when it names neither or is missing; `Content-Language` says which. Read `code`, which does not change with the language, to tell problems apart.',
  });

/**
 * How a problem is worded: its title and detail as messages, worded in the caller's language
 * when it is sent; or, for a problem another service worded (one the market passes on), the
 * language it came in. Not part of the body: a symbol key is neither serialised nor validated.
 */
type Wording = { title: Message; detail?: Message } | { language: string };
const WORDING = Symbol('wording');

export type Problem = z.infer<typeof problemSchema> & { [WORDING]?: Wording };

export const problemType = (code: string) => `urn:tokumei:problem:${code}`;

/** The fields of a problem beyond its type, title, status and code; `detail` is a message. */
export type ProblemFields = { detail?: Message } & Record<string, unknown>;

/**
 * The `problem` of a catalogue: a problem answer whose title is the message named by its code
 * (or `title`, where one code has several titles or its title takes arguments) and whose detail
 * is a message of the catalogue's `message`. Its body is in English until it is sent.
 */
export function problemCatalogue<const En extends Catalogue>(
  name: string,
  english: En,
  japanese: { readonly [K in keyof En]: string },
) {
  const message = messageCatalogue(name, english, japanese);
  function problem(
    status: number,
    code: PlainMessageId<En>,
    fields?: ProblemFields & { title?: Message },
  ): Problem;
  function problem(status: number, code: string, fields: ProblemFields & { title: Message }): Problem;
  function problem(status: number, code: string, fields: ProblemFields & { title?: Message } = {}): Problem {
    const { title = { catalogue: name, id: code }, detail, ...rest } = fields;
    return {
      type: problemType(code),
      title: wordMessage(title, 'en'),
      status,
      code,
      ...(detail && { detail: wordMessage(detail, 'en') }),
      ...rest,
      [WORDING]: detail ? { title, detail } : { title },
    };
  }
  return { problem, message };
}

/** The problems every service shares: the framework's refusals, validation, paging, keys. */
export const { problem, message } = problemCatalogue('platform', en, ja);

/** A problem another service worded, passed on as it came, in the language it names. */
export const wordedIn = (body: Problem, language: string): Problem => ({ ...body, [WORDING]: { language } });

/** The body in `language`, and the language it is then in (unknown for a body from elsewhere). */
export function inLanguage(body: Problem, language: AnswerLanguage): { body: Problem; language?: string } {
  const wording = body[WORDING];
  if (!wording) return { body };
  if ('language' in wording) return { body, language: wording.language };
  const title = wordMessage(wording.title, language);
  return wording.detail
    ? { body: { ...body, title, detail: wordMessage(wording.detail, language) }, language }
    : { body: { ...body, title }, language };
}

/** Where a stored body keeps its wording (see `storedBody`). */
const STORED_WORDING = '$wording';

/**
 * A response body as an idempotency record keeps it: a problem keeps its wording (plain data),
 * so that the replay is worded in the language its own caller asks for.
 */
export function storedBody(body: unknown): unknown {
  const wording = (body as Problem | null)?.[WORDING];
  return wording ? { ...(body as Problem), [STORED_WORDING]: wording } : body;
}

/** A stored body as it was before `storedBody`. */
export function revivedBody(body: unknown): unknown {
  if (!body || typeof body !== 'object' || !(STORED_WORDING in body)) return body;
  const { [STORED_WORDING]: wording, ...rest } = body as Record<string, unknown>;
  return { ...rest, [WORDING]: wording as Wording };
}

/** Thrown only where a typed result cannot travel (hooks, plugins); handlers return `sendProblem`. */
export class HttpProblem extends Error {
  readonly body: Problem;

  constructor(body: Problem) {
    super(body.title);
    this.body = body;
  }
}

/**
 * Sends a problem worded in the language the request asks for (`Accept-Language`), saying
 * which (`Content-Language`); an answer that differs by that header says so (`Vary`).
 */
export function sendProblem(reply: FastifyReply, body: Problem) {
  const worded = inLanguage(body, answerLanguage(reply.request.headers['accept-language']));
  if (worded.language) reply.header('content-language', worded.language);
  const vary = reply.getHeader('vary');
  if (!vary) reply.header('vary', 'Accept-Language');
  else if (!/\baccept-language\b/i.test(String(vary))) reply.header('vary', `${vary}, Accept-Language`);
  return reply.code(body.status).type('application/problem+json').send(worded.body);
}

/** A problem answer as OpenAPI describes it: its own media type, and what to read in it. */
const problemResponse = {
  description:
    'A problem (RFC 9457); its `code` says which. Its `title` and `detail` are in the language of `Accept-Language` (`ja` or `en`; English otherwise)',
  content: { 'application/problem+json': { schema: problemSchema } },
};

/** Response-schema entries for the problem statuses a route may answer, for OpenAPI. */
export function problemResponses<const S extends readonly number[]>(...statuses: S) {
  return Object.fromEntries(statuses.map((s) => [s, problemResponse])) as {
    [K in S[number]]: typeof problemResponse;
  };
}
