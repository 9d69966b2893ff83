import { fork } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import type { PurchaseRequest } from '../src/market/retrieval/purchase-request.ts';
import type { IssuedCard } from '../src/settlement/instruments/instruments.ts';
import { HttpClient } from './http-client.ts';
import { type Summary, summarize } from './stats.ts';

export interface PurchaseResult {
  buyers: number;
  /** The operating-system processes the buyers ran in, none of them a service's. */
  processes: number;
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
  /** CPU seconds the buyers' processes spent, start-up and warm-up included. */
  buyersCpuSeconds: number;
}

/** What one process's buyers saw in the measured window, merged by the parent. */
export interface BuyerSamples {
  search: number[];
  order: number[];
  payment: number[];
  conflicts: Record<string, number>;
  failures: Record<string, number>;
  purchases: number;
  unmatchedSearches: number;
  /** When its last loop finished (epoch ms): loops running at the deadline finish their purchase. */
  finishedAt: number;
  /** CPU seconds its process spent, start-up included (bench/buyer-process.ts). */
  cpuSeconds?: number;
}

export interface BuyerTask {
  url: string;
  requests: PurchaseRequest[];
  buyers: number;
  cards?: IssuedCard[];
  /** Where paid parcels go: a pickup point delivery knows (with cards). */
  pickupPointId?: string;
}

const WARMUP_MS = 1000;

/**
 * Concurrent buyers, each looping search → buy one unit of one of the three cheapest items,
 * recorded from `recordFrom` until `until` (epoch ms, shared by every buyer process). Orders
 * carry an Idempotency-Key, as a careful client's would. Given cards (one per buyer), each buyer
 * also pays its order into escrow (B8), and only an approved payment counts as a purchase.
 */
export async function runBuyers(
  task: BuyerTask,
  window: { recordFrom: number; until: number },
): Promise<BuyerSamples> {
  const client = new HttpClient(task.url, task.buyers);
  const samples: BuyerSamples = {
    search: [],
    order: [],
    payment: [],
    conflicts: {},
    failures: {},
    purchases: 0,
    unmatchedSearches: 0,
    finishedAt: 0,
  };
  const count = (into: Record<string, number>, key: string) => {
    into[key] = (into[key] ?? 0) + 1;
  };
  const { requests } = task;
  const buyer = async (card: IssuedCard | undefined) => {
    while (Date.now() < window.until) {
      const recording = Date.now() >= window.recordFrom;
      const found = await client.send('POST', '/searches', requests[randomInt(requests.length)]);
      if (found.status !== 200) throw new Error(`POST /searches answered ${found.status}`);
      const { body } = found;
      if (!body.matched || body.items.length === 0) {
        if (recording) samples.unmatchedSearches++;
        continue;
      }
      const item = body.items[randomInt(Math.min(3, body.items.length))];
      const order = await client.send(
        'POST',
        '/orders',
        { searchId: body.searchId, commodityId: item.commodityId, sellerId: item.sellerId, quantity: 1 },
        { 'idempotency-key': randomUUID() },
      );
      const payment =
        card && order.status === 201
          ? await pay(client, order.body, card, task.pickupPointId ?? '')
          : undefined;
      if (!recording) continue;
      samples.search.push(found.ms);
      samples.order.push(order.ms);
      if (payment) samples.payment.push(payment.ms);
      if (order.status === 409) count(samples.conflicts, order.body?.code ?? 'unknown');
      else if (order.status !== 201)
        count(samples.failures, `order ${order.status} ${order.body?.code ?? ''}`.trim());
      else if (payment && payment.status !== 200)
        count(samples.failures, `payment ${payment.status} ${payment.body?.code ?? ''}`.trim());
      else samples.purchases++;
    }
  };
  try {
    await Promise.all(Array.from({ length: task.buyers }, (_, b) => buyer(task.cards?.[b])));
  } finally {
    client.close();
  }
  samples.finishedAt = Date.now();
  return samples;
}

/**
 * The buyers in `processes` processes of their own (bench/buyer-process.ts), so that their
 * work is not counted in the services' figures nor takes their event loop. Every process
 * starts, then all are given the same window: a short unrecorded warm-up, then `seconds`.
 */
export async function measurePurchases(
  url: string,
  requests: PurchaseRequest[],
  options: {
    buyers: number;
    seconds: number;
    processes: number;
    cards?: IssuedCard[];
    pickupPointId?: string;
  },
): Promise<PurchaseResult> {
  const processes = Math.max(1, Math.min(options.processes, options.buyers));
  const children = Array.from({ length: processes }, (_, p) => {
    // Buyers dealt round-robin, each with the card of the same index.
    const mine = Array.from({ length: options.buyers }, (_, b) => b).filter((b) => b % processes === p);
    const task: BuyerTask = {
      url,
      requests,
      buyers: mine.length,
      ...(options.cards && { cards: mine.map((b) => options.cards?.[b] as IssuedCard) }),
      ...(options.pickupPointId && { pickupPointId: options.pickupPointId }),
    };
    const child = fork(new URL('./buyer-process.ts', import.meta.url), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const message = <T>(type: string) =>
      new Promise<T>((resolve, reject) => {
        const onMessage = (m: { type: string; value?: T; error?: string }) => {
          if (m.type === 'error') reject(new Error(`buyer process: ${m.error}`));
          else if (m.type === type) resolve(m.value as T);
          else return;
          child.off('message', onMessage);
          child.off('exit', onExit);
        };
        const onExit = (code: number | null) => reject(new Error(`buyer process exited (${code})`));
        child.on('message', onMessage);
        child.once('exit', onExit);
      });
    const ready = message<void>('ready');
    child.send({ type: 'task', task });
    return { child, ready, message };
  });
  try {
    await Promise.all(children.map((c) => c.ready));
    const recordFrom = Date.now() + WARMUP_MS;
    const window = { recordFrom, until: recordFrom + options.seconds * 1000 };
    const done = children.map((c) => c.message<BuyerSamples>('samples'));
    for (const c of children) c.child.send({ type: 'go', window });
    const all = await Promise.all(done);
    const merge = (pick: (s: BuyerSamples) => Record<string, number>) => {
      const into: Record<string, number> = {};
      for (const s of all) for (const [k, n] of Object.entries(pick(s))) into[k] = (into[k] ?? 0) + n;
      return into;
    };
    const purchases = all.reduce((n, s) => n + s.purchases, 0);
    const seconds = (Math.max(...all.map((s) => s.finishedAt)) - recordFrom) / 1000;
    return {
      buyers: options.buyers,
      processes,
      seconds,
      purchases,
      perSecond: purchases / seconds,
      order: summarize(all.flatMap((s) => s.order)),
      search: summarize(all.flatMap((s) => s.search)),
      ...(options.cards && { payment: summarize(all.flatMap((s) => s.payment)) }),
      conflicts: merge((s) => s.conflicts),
      failures: merge((s) => s.failures),
      unmatchedSearches: all.reduce((n, s) => n + s.unmatchedSearches, 0),
      buyersCpuSeconds: all.reduce((n, s) => n + (s.cpuSeconds ?? 0), 0),
    };
  } finally {
    for (const c of children) if (c.child.exitCode === null) c.child.kill();
  }
}

/** B8 as a purchaser sends it: the order secret as bearer, the card, a pickup point, a fresh key. */
const pay = (
  client: HttpClient,
  order: { orderId: string; orderSecret: string; amount: number; currency: string },
  card: IssuedCard,
  pickupPointId: string,
) =>
  client.send(
    'POST',
    `/orders/${order.orderId}/payment`,
    {
      amount: order.amount,
      currency: order.currency,
      instrument: { number: card.number, pin: card.pin },
      pickupPointId,
    },
    { authorization: `Bearer ${order.orderSecret}`, 'idempotency-key': randomUUID() },
  );
