/**
 * An Idempotency-Key for one attempt at a purchase or a payment: a retry of the same attempt
 * sends it again, so a double click or a retry after a lost answer acts once, never twice.
 */
export function newAttemptKey(): string {
  // getRandomValues works on plain http too, where crypto.randomUUID does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** No answer, or the service failed while answering: the attempt may or may not have acted. */
export const outcomeUnknown = (status: number) => status === 0 || status >= 500;
