import type { z } from 'zod';
import { ClosedLinkClient, type ClosedLinkClientOptions } from '../../platform/closed-link/client.ts';
import type { ClosedLinkEndpoint } from '../../platform/closed-link/endpoint.ts';
import { type ServiceStatus, serviceStatusSchema } from '../../platform/service-status.ts';
import {
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

  async status(): Promise<ServiceStatus> {
    const { status, body } = await this.link.call('GET', '/status');
    return parse(serviceStatusSchema, 'status', status, body);
  }

  close(): void {
    this.link.close();
  }
}

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
