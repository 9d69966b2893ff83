import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import { forwardedHeaders } from '../request-context.ts';
import { signPayload, verifySignature } from '../webhook-signature.ts';
import { problem, sendProblem } from './problem.ts';

/**
 * Calls between two services across the public network (market ↔ delivery) are signed with a
 * key only the two share: an HMAC over the time, the method, the path with its query and the
 * raw body, in the webhook signature's format, with its 5-minute tolerance. A signature is
 * good for one request only: another path or body does not verify.
 */
export const REQUEST_SIGNATURE_HEADER = 'tokumei-signature';

/** The OpenAPI security requirement of a route only a peer service may call. */
export const SIGNED_BY_PEER = [{ peerSignature: [] }];

export interface SignedRequest {
  method: string;
  /** Path and query, exactly as sent. */
  path: string;
  body?: string;
}

const canonical = (r: SignedRequest) => `${r.method.toUpperCase()}\n${r.path}\n${r.body ?? ''}`;

export const signRequest = (secret: string, request: SignedRequest, at: Date): string =>
  signPayload(secret, canonical(request), at);

/** A signed request to another service; an answer of any status is the caller's to read. */
export function signedFetch(
  baseUrl: string,
  secret: string,
  request: SignedRequest & { now: Date; timeoutMs: number; accept?: string },
): Promise<Response> {
  const headers: Record<string, string> = {
    ...forwardedHeaders(),
    [REQUEST_SIGNATURE_HEADER]: signRequest(secret, request, request.now),
    accept: request.accept ?? 'application/json',
  };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers,
    body: request.body,
    redirect: 'error',
    signal: AbortSignal.timeout(request.timeoutMs),
  });
}

/**
 * A preHandler that lets through only requests signed with one of `secrets` (several, so the
 * key can be rotated); any other gets one 401 that does not say what was wrong with it.
 */
export function requireSignedRequest(options: { secrets: () => readonly string[]; clock: Clock }) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers[REQUEST_SIGNATURE_HEADER];
    const check = verifySignature(
      typeof header === 'string' ? header : undefined,
      options.secrets(),
      canonical({ method: request.method, path: request.url, body: request.rawBody }),
      options.clock.now(),
    );
    if (check !== 'valid') {
      request.log.warn({ check }, 'refused a request without a valid signature');
      return sendProblem(reply, problem(401, 'invalid_signature'));
    }
  };
}
