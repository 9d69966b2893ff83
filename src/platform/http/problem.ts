import type { FastifyReply } from 'fastify';
import { z } from 'zod';

/** RFC 9457 problem details with a stable machine-readable `code`. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;

export const problemType = (code: string) => `urn:tokumei:problem:${code}`;

export function problem(
  status: number,
  code: string,
  title: string,
  extra: { detail?: string } & Record<string, unknown> = {},
): Problem {
  return { type: problemType(code), title, status, code, ...extra };
}

/** Thrown only where a typed result cannot travel (hooks, plugins); handlers return `sendProblem`. */
export class HttpProblem extends Error {
  readonly body: Problem;

  constructor(body: Problem) {
    super(body.title);
    this.body = body;
  }
}

export function sendProblem(reply: FastifyReply, body: Problem) {
  return reply.code(body.status).type('application/problem+json').send(body);
}

/** A problem answer as OpenAPI describes it: its own media type, and what to read in it. */
const problemResponse = {
  description: 'A problem (RFC 9457); its `code` says which',
  content: { 'application/problem+json': { schema: problemSchema } },
};

/** Response-schema entries for the problem statuses a route may answer, for OpenAPI. */
export function problemResponses<const S extends readonly number[]>(...statuses: S) {
  return Object.fromEntries(statuses.map((s) => [s, problemResponse])) as {
    [K in S[number]]: typeof problemResponse;
  };
}
