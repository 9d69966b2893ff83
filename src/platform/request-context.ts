import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The request a piece of work is done for, so that one request ID follows it: into every log
 * line written on its behalf (the logger's mixin reads it) and, as `X-Request-ID`, into the
 * calls it makes to the other services, which log it in turn. An operator finds one payment in
 * the market's, settlement's and delivery's logs by that ID. It is a correlation ID and nothing
 * more: made here at random, or taken from a caller (a load balancer's) only in a plain shape.
 */
const current = new AsyncLocalStorage<{ requestId: string }>();

export const REQUEST_ID_HEADER = 'x-request-id';

/** UUIDs and the hex or alphanumeric IDs of load balancers; nothing with room for prose or markup. */
const WELL_FORMED = /^[0-9A-Za-z-]{16,64}$/;

/** The caller's request ID when it is well-formed, else a new one. */
export const acceptedRequestId = (header: string | string[] | undefined): string =>
  typeof header === 'string' && WELL_FORMED.test(header) ? header : randomUUID();

/** Runs `work` as done for this request. */
export const runForRequest = <T>(requestId: string, work: () => T): T => current.run({ requestId }, work);

export const currentRequestId = (): string | undefined => current.getStore()?.requestId;

/** The header that passes the current request's ID on to another service, if there is one. */
export function requestIdHeaders(): Record<string, string> {
  const requestId = currentRequestId();
  return requestId ? { [REQUEST_ID_HEADER]: requestId } : {};
}
