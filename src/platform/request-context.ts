import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The request a piece of work is done for, so that one request ID follows it: into every log
 * line written on its behalf (the logger's mixin reads it) and, as `X-Request-ID`, into the
 * calls it makes to the other services, which log it in turn. An operator finds one payment in
 * the market's, settlement's and delivery's logs by that ID. It is a correlation ID and nothing
 * more: made here at random, or taken from a caller (a load balancer's) only in a plain shape.
 */
const current = new AsyncLocalStorage<{ requestId: string; language?: string }>();

export const REQUEST_ID_HEADER = 'x-request-id';

/** UUIDs and the hex or alphanumeric IDs of load balancers; nothing with room for prose or markup. */
const WELL_FORMED = /^[0-9A-Za-z-]{16,64}$/;

/** The caller's request ID when it is well-formed, else a new one. */
export const acceptedRequestId = (header: string | string[] | undefined): string =>
  typeof header === 'string' && WELL_FORMED.test(header) ? header : randomUUID();

/**
 * Runs `work` as done for this request; `language`, the one its caller is answered in, goes on
 * with the request ID to the services it calls, so that a problem they answer and the market
 * passes on is in the caller's language too.
 */
export const runForRequest = <T>(requestId: string, work: () => T, language?: string): T =>
  current.run(language ? { requestId, language } : { requestId }, work);

export const currentRequestId = (): string | undefined => current.getStore()?.requestId;

/**
 * The headers that pass the current request on to another service, if there is one: its ID,
 * and the language its caller is answered in.
 */
export function forwardedHeaders(): Record<string, string> {
  const store = current.getStore();
  if (!store) return {};
  return {
    [REQUEST_ID_HEADER]: store.requestId,
    ...(store.language && { 'accept-language': store.language }),
  };
}
