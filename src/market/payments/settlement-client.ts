import type { z } from 'zod';
import {
  ClosedLinkClient,
  type ClosedLinkClientOptions,
  ClosedLinkUnavailable,
} from '../../platform/closed-link/client.ts';
import type { ClosedLinkEndpoint } from '../../platform/closed-link/endpoint.ts';
import { expectReady } from '../../platform/health.ts';
import { type ServiceStatus, serviceStatusSchema } from '../../platform/service-status.ts';
import {
  type AnalyticsHold,
  type AnalyticsHoldAnswer,
  type AnalyticsHoldRequest,
  analyticsHoldAnswerSchema,
  analyticsHoldResolutionSchema,
  analyticsHoldSchema,
  analyticsHoldStatesSchema,
  escrowAnswerSchema,
  ledgerCheckSchema,
  moneyStatesSchema,
  type OrderAnnouncement,
  type PaymentAnswer,
  type PaymentRequest,
  paymentAnswerSchema,
  paymentIdFor,
  type SellerPayable,
  sellerPayableSchema,
  settlementEventsSchema,
} from '../../protocol/settlement.ts';

/** Settlement answered something the contract does not allow: a bug on one side, not a decline. */
export class SettlementContractError extends Error {
  override name = 'SettlementContractError';
}

/**
 * The market's typed client for settlement over the closed link (src/protocol/settlement.ts).
 * Transport failures are retried by the link and end in ClosedLinkUnavailable.
 */
export class SettlementClient {
  private readonly link: ClosedLinkClient;

  constructor(endpoint: ClosedLinkEndpoint, options?: ClosedLinkClientOptions) {
    this.link = new ClosedLinkClient(endpoint, options);
  }

  /** B7. Refused only when the order was announced before with other terms. */
  async announce(announcement: OrderAnnouncement): Promise<'announced' | 'conflict'> {
    const { status, body } = await this.link.call('POST', '/announcements', { body: announcement });
    if (status === 200) return 'announced';
    if (status === 409) return 'conflict';
    throw unexpected('announce', status, body);
  }

  /**
   * B8. The purchaser's Idempotency-Key goes through, so a retry (by the link, the market or
   * the purchaser) is answered from settlement's record rather than charged again. When every
   * try failed, the payment is looked up by the ID that follows from the key: it may have
   * been approved before the answer was lost.
   */
  async pay(request: PaymentRequest, idempotencyKey: string): Promise<PaymentAnswer | 'key_reused'> {
    try {
      const { status, body } = await this.link.call('POST', '/payments', {
        body: request,
        headers: { 'idempotency-key': idempotencyKey },
      });
      if (status === 409) return 'key_reused';
      return parse(paymentAnswerSchema, 'pay', status, body);
    } catch (error) {
      const found = await this.lookupPayment(paymentIdFor(request.orderId, idempotencyKey)).catch(() => null);
      if (found) return found;
      throw error;
    }
  }

  async lookupPayment(paymentId: string): Promise<PaymentAnswer | null> {
    const { status, body } = await this.link.call('GET', `/payments/${paymentId}`);
    if (status === 404) return null;
    return parse(paymentAnswerSchema, 'lookup', status, body);
  }

  async pendingEvents(limit = 100) {
    const { status, body } = await this.link.call('GET', `/events?limit=${limit}`);
    return parse(settlementEventsSchema, 'events', status, body).events;
  }

  async acknowledge(ids: number[]): Promise<void> {
    const { status, body } = await this.link.call('POST', '/events/ack', { body: { ids } });
    if (status !== 200) throw unexpected('ack', status, body);
  }

  /** Release on pickup or refund on return/cancellation; a repeat is answered as a replay. */
  async escrow(orderId: string, action: 'release' | 'refund') {
    const { status, body } = await this.link.call('POST', `/orders/${encodeURIComponent(orderId)}/${action}`);
    if (status === 200) return { ok: true as const, ...parse(escrowAnswerSchema, action, status, body) };
    if (status === 404 || status === 409)
      return { ok: false as const, code: (body as { code: string }).code };
    throw unexpected(action, status, body);
  }

  /**
   * C1: holds a report's price on the seller's payable or card. The hold ID is the market's,
   * one per report purchase; the Idempotency-Key goes through, so a retry is answered from
   * settlement's record (a decline stays declined for its key). `hold_conflict`: the hold ID
   * already holds a payment with other terms; `key_reused`: the key was used for another
   * request. When every try failed, the hold is looked up by its ID: it may have been made
   * before the answer was lost. Throws ClosedLinkUnavailable when that fails too: whether
   * anything is held is then unknown, and the same call is safe to repeat later.
   */
  async holdAnalytics(
    request: AnalyticsHoldRequest,
    idempotencyKey: string,
  ): Promise<AnalyticsHoldAnswer | 'hold_conflict' | 'key_reused'> {
    try {
      const { status, body } = await this.link.call('POST', '/analytics/holds', {
        body: request,
        headers: { 'idempotency-key': idempotencyKey },
      });
      if (status === 409) return problemCode(body) === 'hold_conflict' ? 'hold_conflict' : 'key_reused';
      return parse(analyticsHoldAnswerSchema, 'analytics hold', status, body);
    } catch (error) {
      if (!(error instanceof ClosedLinkUnavailable)) throw error;
      const found = await this.lookupAnalyticsHold(request.holdId).catch(() => null);
      if (!found) throw error;
      const same =
        found.sellerId === request.sellerId &&
        found.amount === request.amount &&
        found.currency === request.currency &&
        found.source === request.source.type;
      return same ? { outcome: 'held', ...found, replayed: true } : 'hold_conflict';
    }
  }

  /** C4: the report was released; its held price is taken. A voided hold is refused. */
  captureAnalytics(holdId: string): Promise<AnalyticsResolution<'hold_voided'>> {
    return this.resolveAnalytics(holdId, 'capture', 'hold_voided');
  }

  /** The report could not be released; its held price goes back. A captured hold is refused. */
  voidAnalytics(holdId: string): Promise<AnalyticsResolution<'hold_captured'>> {
    return this.resolveAnalytics(holdId, 'void', 'hold_captured');
  }

  /** A hold and where it stands, or null when settlement holds nothing under this ID. */
  async lookupAnalyticsHold(holdId: string): Promise<AnalyticsHold | null> {
    const { status, body } = await this.link.call('GET', `/analytics/holds/${encodeURIComponent(holdId)}`);
    if (status === 404) return null;
    return parse(analyticsHoldSchema, 'analytics hold lookup', status, body);
  }

  async analyticsHoldStates(cursor: string | null, limit = 1000) {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const { status, body } = await this.link.call('GET', `/reconcile/analytics-holds?${query}`);
    return parse(analyticsHoldStatesSchema, 'analytics hold states', status, body);
  }

  /**
   * Capture or void, once: a repeat answers `replayed`. When every try failed, the hold is
   * looked up: already resolved the same way is as good as the answer.
   */
  private async resolveAnalytics<R extends 'hold_voided' | 'hold_captured'>(
    holdId: string,
    action: 'capture' | 'void',
    refused: R,
  ): Promise<AnalyticsResolution<R>> {
    const path = `/analytics/holds/${encodeURIComponent(holdId)}/${action}`;
    const what = `analytics ${action}`;
    let answer: { status: number; body: unknown };
    try {
      answer = await this.link.call('POST', path);
    } catch (error) {
      if (!(error instanceof ClosedLinkUnavailable)) throw error;
      const found = await this.lookupAnalyticsHold(holdId).catch(() => null);
      if (found?.state === (action === 'capture' ? 'captured' : 'voided')) {
        return { ok: true, hold: found, replayed: true };
      }
      throw error;
    }
    const { status, body } = answer;
    if (status === 404) return { ok: false, code: 'hold_not_found' };
    if (status === 409 && problemCode(body) === refused) {
      const hold = parse(analyticsHoldSchema, what, 200, (body as { hold?: unknown }).hold);
      return { ok: false, code: refused, hold };
    }
    const { replayed, ...hold } = parse(analyticsHoldResolutionSchema, what, status, body);
    return { ok: true, hold, replayed };
  }

  async ledgerBreaches(): Promise<string[]> {
    const { status, body } = await this.link.call('GET', '/reconcile/ledger');
    return parse(ledgerCheckSchema, 'ledger check', status, body).breaches;
  }

  async moneyStates(cursor: string | null, limit = 1000) {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const { status, body } = await this.link.call('GET', `/reconcile/orders?${query}`);
    return parse(moneyStatesSchema, 'money states', status, body);
  }

  /** What settlement holds for a seller and owes it, per currency. */
  async sellerPayable(sellerId: string): Promise<SellerPayable> {
    const { status, body } = await this.link.call('GET', `/sellers/${encodeURIComponent(sellerId)}/payable`);
    return parse(sellerPayableSchema, 'seller payable', status, body);
  }

  /** Resolves when settlement is ready to serve (its database answers); throws naming why not. */
  async ready(): Promise<void> {
    const { status, body } = await this.link.call('GET', '/readyz');
    expectReady('settlement', status, body);
  }

  /** Settlement's metrics in Prometheus' text format, read over the closed link for the operator. */
  async metrics(): Promise<string> {
    const { status, body } = await this.link.call('GET', '/metrics');
    if (status !== 200 || typeof body !== 'string') throw unexpected('metrics', status, body);
    return body;
  }

  async status(): Promise<ServiceStatus> {
    const { status, body } = await this.link.call('GET', '/status');
    return parse(serviceStatusSchema, 'status', status, body);
  }

  close(): void {
    this.link.close();
  }
}

/** A capture or void: done (or done before: `replayed`), or refused with the hold as it stands. */
export type AnalyticsResolution<Refused extends 'hold_voided' | 'hold_captured'> =
  | { ok: true; hold: AnalyticsHold; replayed: boolean }
  | { ok: false; code: 'hold_not_found' }
  | { ok: false; code: Refused; hold: AnalyticsHold };

const problemCode = (body: unknown) => (body as { code?: string } | undefined)?.code;

function parse<T>(schema: z.ZodType<T>, what: string, status: number, body: unknown): T {
  if (status !== 200) throw unexpected(what, status, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new SettlementContractError(`settlement ${what}: ${parsed.error.message}`);
  return parsed.data;
}

const unexpected = (what: string, status: number, body: unknown) =>
  new SettlementContractError(
    `settlement ${what} answered ${status}: ${(body as { code?: string } | undefined)?.code ?? ''}`,
  );
