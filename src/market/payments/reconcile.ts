import { asc, gt } from 'drizzle-orm';
import type { Page } from '../../platform/paging.ts';
import type { AnalyticsHoldState, MoneyState } from '../../protocol/settlement.ts';
import { reportPayments } from '../analytics/reports.ts';
import type { MarketContext } from '../context.ts';
import { orders } from '../db/schema.ts';
import type { SettlementClient } from './settlement-client.ts';

type OrderState = (typeof orders.$inferSelect)['state'];
type ParcelState = (typeof orders.$inferSelect)['parcelState'];

export interface Mismatch {
  orderId: string;
  /** The order's state at the market, or null when the market has no such order. */
  market: OrderState | null;
  /** The parcel's state as delivery last reported it; absent when there is no parcel. */
  parcel?: NonNullable<ParcelState>;
  /** Where settlement has its money, or null when settlement never heard of the order. */
  money: MoneyState | null;
  problem: string;
}

/** A report purchase's payment as the market has it. */
export interface MarketAnalyticsHold {
  holdId: string;
  state: AnalyticsHoldState;
  amount: number;
}

export interface AnalyticsHoldMismatch {
  holdId: string;
  /** The payment as the market has it, or null when the market has no such hold. */
  market: { state: AnalyticsHoldState; amount: number } | null;
  /** The hold as settlement has it, or null when settlement holds nothing under this ID. */
  settlement: { state: AnalyticsHoldState; amount: number } | null;
  problem: string;
}

export interface AnalyticsReconciliation {
  holdsChecked: number;
  mismatches: AnalyticsHoldMismatch[];
}

export interface Reconciliation {
  ok: boolean;
  ledgerBreaches: string[];
  mismatches: Mismatch[];
  ordersChecked: number;
  analytics: AnalyticsReconciliation;
}

/** The money each order state allows, but for a paid order's, which follows its parcel. */
const ALLOWED: Record<Exclude<OrderState, 'paid'>, MoneyState[]> = {
  awaiting_payment: ['unpaid'],
  expired: ['unpaid'],
  cancelled: ['unpaid', 'refunded'],
};

/** B9: money follows the parcel: picked up → released, returned → refunded, else still held. */
export function allowedMoney(state: OrderState, parcel: ParcelState): MoneyState[] {
  if (state !== 'paid') return ALLOWED[state];
  if (parcel === 'picked_up') return ['released'];
  if (parcel === 'returned') return ['refunded'];
  return ['held'];
}

const PAGE = 1000;

/**
 * `tokumei reconcile`: settlement's ledger must keep its invariants, and every order's money
 * must agree with the order's state and, once paid, with its parcel's. Both sides are walked
 * in order-ID order, a page at a time, and merged, so the check runs in constant memory however
 * many orders there are. Run it after the background duties have caught up: an order paid, or
 * a parcel picked up, a moment ago may still be on its way through an outbox. The market's
 * report payments are checked against settlement's holds too.
 */
export async function reconcile(ctx: MarketContext): Promise<Reconciliation> {
  const client = ctx.settlement.live;
  const ledgerBreaches = await client.ledgerBreaches();
  const mismatches: Mismatch[] = [];
  let ordersChecked = 0;

  const market = pages(async (afterId) => {
    const rows = await ctx.db
      .select({ id: orders.id, state: orders.state, parcel: orders.parcelState })
      .from(orders)
      .where(afterId ? gt(orders.id, afterId) : undefined)
      .orderBy(asc(orders.id))
      .limit(PAGE + 1);
    // Read in this process, so its cursor is the last order ID itself and never leaves here.
    const items = rows.slice(0, PAGE);
    return { items, nextCursor: rows.length > PAGE ? (items.at(-1)?.id ?? null) : null };
  });
  const settlement = pages((cursor) => client.moneyStates(cursor, PAGE));

  let m = await market.next();
  let s = await settlement.next();
  while (!m.done || !s.done) {
    const order = m.done ? undefined : m.value;
    const money = s.done ? undefined : s.value;
    if (order && (!money || order.id < money.orderId)) {
      // Unannounced is as good as unpaid to the money; the outbox may still be sending it.
      if (!allowedMoney(order.state, order.parcel).includes('unpaid')) {
        mismatches.push({
          orderId: order.id,
          market: order.state,
          ...(order.parcel && { parcel: order.parcel }),
          money: null,
          problem: 'paid, but never announced to settlement',
        });
      }
      m = await market.next();
    } else if (money && (!order || money.orderId < order.id)) {
      mismatches.push({
        orderId: money.orderId,
        market: null,
        money: money.money,
        problem: 'unknown to the market',
      });
      s = await settlement.next();
    } else if (order && money) {
      if (!allowedMoney(order.state, order.parcel).includes(money.money)) {
        mismatches.push({
          orderId: order.id,
          market: order.state,
          ...(order.parcel && { parcel: order.parcel }),
          money: money.money,
          problem: order.parcel
            ? `a ${order.state} order whose parcel is ${order.parcel.replaceAll('_', ' ')}, with its money ${money.money}`
            : `a ${order.state} order with its money ${money.money}`,
        });
      }
      m = await market.next();
      s = await settlement.next();
    }
    ordersChecked++;
  }
  const analytics = await reconcileAnalyticsHolds(client, await reportPayments(ctx.db));
  return {
    ok: ledgerBreaches.length === 0 && mismatches.length === 0 && analytics.mismatches.length === 0,
    ledgerBreaches,
    mismatches,
    ordersChecked,
    analytics,
  };
}

/**
 * Every report payment the market has must be held at settlement in the same state and for the
 * same price, and settlement may hold none the market does not know: a report released but not
 * captured, or a hold left behind by a failure, shows here. Settlement's side is walked in
 * hold-ID order, a page at a time, and merged with the market's list.
 */
export async function reconcileAnalyticsHolds(
  client: SettlementClient,
  marketHolds: readonly MarketAnalyticsHold[],
): Promise<AnalyticsReconciliation> {
  // Settlement orders hold IDs as UUIDs, which is the order of their lower-case text.
  const market = marketHolds
    .map((h) => ({ ...h, holdId: h.holdId.toLowerCase() }))
    .sort((a, b) => (a.holdId < b.holdId ? -1 : a.holdId > b.holdId ? 1 : 0))
    .values();
  const settlement = pages((cursor) => client.analyticsHoldStates(cursor, PAGE));
  const mismatches: AnalyticsHoldMismatch[] = [];
  let holdsChecked = 0;

  let m = market.next();
  let s = await settlement.next();
  while (!m.done || !s.done) {
    const ours = m.done ? undefined : m.value;
    const theirs = s.done ? undefined : s.value;
    const marketSide = ours ? { state: ours.state, amount: ours.amount } : null;
    const settlementSide = theirs ? { state: theirs.state, amount: theirs.amount } : null;
    if (ours && (!theirs || ours.holdId < theirs.holdId)) {
      mismatches.push({
        holdId: ours.holdId,
        market: marketSide,
        settlement: null,
        problem: `${ours.state} at the market, never held at settlement`,
      });
      m = market.next();
    } else if (theirs && (!ours || theirs.holdId < ours.holdId)) {
      mismatches.push({
        holdId: theirs.holdId,
        market: null,
        settlement: settlementSide,
        problem: `${theirs.state} at settlement, unknown to the market`,
      });
      s = await settlement.next();
    } else if (ours && theirs) {
      const problems = [
        ...(ours.state === theirs.state
          ? []
          : [`${ours.state} at the market, ${theirs.state} at settlement`]),
        ...(ours.amount === theirs.amount
          ? []
          : [`a price of ${ours.amount} at the market, ${theirs.amount} at settlement`]),
      ];
      if (problems.length) {
        mismatches.push({
          holdId: ours.holdId,
          market: marketSide,
          settlement: settlementSide,
          problem: problems.join('; '),
        });
      }
      m = market.next();
      s = await settlement.next();
    }
    holdsChecked++;
  }
  return { holdsChecked, mismatches };
}

async function* pages<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>) {
  let cursor: string | null = null;
  do {
    const page = await fetchPage(cursor);
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}
