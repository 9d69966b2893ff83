import { randomInt, randomUUID } from 'node:crypto';
import type { PurchaseRequest } from '../src/market/retrieval/purchase-request.ts';
import type { IssuedCard } from '../src/settlement/instruments/instruments.ts';
import type { HttpClient } from './http-client.ts';
import { type Summary, summarize } from './stats.ts';

export interface PurchaseResult {
  buyers: number;
  seconds: number;
  purchases: number;
  perSecond: number;
  order: Summary;
  search: Summary;
  /** POST /orders/:id/payment, when the buyers paid (end to end). */
  payment?: Summary;
  /** 409 answers to POST /orders by problem code: stock taken by another buyer in between. */
  conflicts: Record<string, number>;
  /** Any other failed order or payment, by status and code; expected to stay empty. */
  failures: Record<string, number>;
  unmatchedSearches: number;
}

const WARMUP_MS = 1000;

/**
 * Concurrent buyers, each looping search → buy one unit of one of the three cheapest items,
 * for a fixed time after a short unrecorded warm-up. Orders carry an Idempotency-Key, as a
 * careful client's would. Given cards (one per buyer), each buyer also pays its order into
 * escrow (B8), and only an approved payment counts as a purchase.
 */
export async function measurePurchases(
  client: HttpClient,
  requests: PurchaseRequest[],
  options: { buyers: number; seconds: number; cards?: IssuedCard[] },
): Promise<PurchaseResult> {
  const orderMs: number[] = [];
  const searchMs: number[] = [];
  const paymentMs: number[] = [];
  const conflicts: Record<string, number> = {};
  const failures: Record<string, number> = {};
  let purchases = 0;
  let unmatchedSearches = 0;
  let recording = false;
  const count = (into: Record<string, number>, key: string) => {
    into[key] = (into[key] ?? 0) + 1;
  };

  const warmupEnd = performance.now() + WARMUP_MS;
  const end = warmupEnd + options.seconds * 1000;
  const buyer = async (card: IssuedCard | undefined) => {
    while (performance.now() < end) {
      if (!recording && performance.now() >= warmupEnd) recording = true;
      const found = await client.send('POST', '/searches', requests[randomInt(requests.length)]);
      if (found.status !== 200) throw new Error(`POST /searches answered ${found.status}`);
      const { body } = found;
      if (!body.matched || body.items.length === 0) {
        if (recording) unmatchedSearches++;
        continue;
      }
      const item = body.items[randomInt(Math.min(3, body.items.length))];
      const order = await client.send(
        'POST',
        '/orders',
        { searchId: body.searchId, commodityId: item.commodityId, sellerId: item.sellerId, quantity: 1 },
        { 'idempotency-key': randomUUID() },
      );
      const payment = card && order.status === 201 ? await pay(client, order.body, card) : undefined;
      if (!recording) continue;
      searchMs.push(found.ms);
      orderMs.push(order.ms);
      if (payment) paymentMs.push(payment.ms);
      if (order.status === 409) count(conflicts, order.body?.code ?? 'unknown');
      else if (order.status !== 201)
        count(failures, `order ${order.status} ${order.body?.code ?? ''}`.trim());
      else if (payment && payment.status !== 200)
        count(failures, `payment ${payment.status} ${payment.body?.code ?? ''}`.trim());
      else purchases++;
    }
  };
  await Promise.all(Array.from({ length: options.buyers }, (_, b) => buyer(options.cards?.[b])));
  // Loops running at the deadline finish their purchase, so the window is measured, not assumed.
  const seconds = (performance.now() - warmupEnd) / 1000;
  return {
    buyers: options.buyers,
    seconds,
    purchases,
    perSecond: purchases / seconds,
    order: summarize(orderMs),
    search: summarize(searchMs),
    ...(options.cards && { payment: summarize(paymentMs) }),
    conflicts,
    failures,
    unmatchedSearches,
  };
}

/** B8 as a purchaser sends it: the order secret as bearer, the card, a pickup point, a fresh key. */
const pay = (
  client: HttpClient,
  order: { orderId: string; orderSecret: string; amount: number; currency: string },
  card: IssuedCard,
) =>
  client.send(
    'POST',
    `/orders/${order.orderId}/payment`,
    {
      amount: order.amount,
      currency: order.currency,
      instrument: { number: card.number, pin: card.pin },
      pickupPointId: 'PP-BENCH-01',
    },
    { authorization: `Bearer ${order.orderSecret}`, 'idempotency-key': randomUUID() },
  );
