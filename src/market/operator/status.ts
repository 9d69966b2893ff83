import { sql } from 'drizzle-orm';
import packageJson from '../../../package.json' with { type: 'json' };
import { queryRows } from '../../platform/db/database';
import type { MarketContext } from '../context';
import { kinds, offers, orders, outbox, sellers } from '../db/schema';

/** How one service is doing, in the shape every service on the operator's status page shares. */
export interface ServiceStatus {
  name: string;
  status: 'ok' | 'degraded';
  version: string;
  startedAt: string;
  uptimeSeconds: number;
  database: { driver: 'pglite' | 'postgres'; ok: boolean; latencyMs: number | null };
  counts: { name: string; label: string; value: number }[];
  issues: string[];
  checkedAt: string;
}

/** A database that takes longer than this to answer `SELECT 1` is reported as not answering. */
const DATABASE_TIMEOUT_MS = 2_000;
/**
 * The background duties run every second; work left this long past its due time means they
 * are not running (or not keeping up), which the operator should hear about.
 */
const DUTY_GRACE_MS = 5 * 60_000;

interface CountsRow {
  kinds: number;
  activeSellers: number;
  suspendedSellers: number;
  offersOnSale: number;
  ordersAwaitingPayment: number;
  ordersPastWindow: number;
  outboxPending: number;
  outboxOverdue: number;
  outboxFailed: number;
}

/** One round trip for every count, so a status check stays cheap enough to poll. */
const countsQuery = (dutyCutoff: Date) => {
  const cutoff = sql`${dutyCutoff.toISOString()}::timestamptz`;
  const undelivered = sql`${outbox.deliveredAt} IS NULL AND ${outbox.failedAt} IS NULL`;
  return sql`SELECT
    (SELECT count(*)::int FROM ${kinds}) AS "kinds",
    (SELECT count(*)::int FROM ${sellers} WHERE ${sellers.status} = 'active') AS "activeSellers",
    (SELECT count(*)::int FROM ${sellers} WHERE ${sellers.status} = 'suspended') AS "suspendedSellers",
    (SELECT count(*)::int FROM ${offers}
      WHERE ${offers.status} = 'active' AND ${offers.sellerActive} AND ${offers.stock} > 0) AS "offersOnSale",
    (SELECT count(*)::int FROM ${orders} WHERE ${orders.state} = 'awaiting_payment') AS "ordersAwaitingPayment",
    (SELECT count(*)::int FROM ${orders}
      WHERE ${orders.state} = 'awaiting_payment' AND ${orders.expiresAt} < ${cutoff}) AS "ordersPastWindow",
    (SELECT count(*)::int FROM ${outbox} WHERE ${undelivered}) AS "outboxPending",
    (SELECT count(*)::int FROM ${outbox} WHERE ${undelivered} AND ${outbox.availableAt} < ${cutoff}) AS "outboxOverdue",
    (SELECT count(*)::int FROM ${outbox} WHERE ${outbox.failedAt} IS NOT NULL) AS "outboxFailed"`;
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The market's own status: its database, what it holds, and whether its background duties keep up. */
export async function marketStatus(ctx: MarketContext, startedAt: Date): Promise<ServiceStatus> {
  const now = ctx.clock.now();
  const base = {
    name: 'market',
    version: packageJson.version,
    startedAt: startedAt.toISOString(),
    uptimeSeconds: Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / 1000)),
    checkedAt: now.toISOString(),
  };
  const driver = ctx.database.driver;
  let latencyMs: number;
  let row: CountsRow | undefined;
  try {
    const start = performance.now();
    await withTimeout(ctx.db.execute(sql`SELECT 1`), DATABASE_TIMEOUT_MS);
    latencyMs = Math.round((performance.now() - start) * 10) / 10;
    [row] = await withTimeout(
      queryRows<CountsRow>(ctx.db, countsQuery(new Date(now.getTime() - DUTY_GRACE_MS))),
      DATABASE_TIMEOUT_MS,
    );
  } catch (error) {
    ctx.log.warn({ err: error }, 'status check: the database did not answer');
    return {
      ...base,
      status: 'degraded',
      database: { driver, ok: false, latencyMs: null },
      counts: [],
      issues: [`The database did not answer within ${DATABASE_TIMEOUT_MS / 1000} s.`],
    };
  }
  if (!row) throw new Error('the counts query returned no row');
  const issues: string[] = [];
  const minutes = DUTY_GRACE_MS / 60_000;
  const behind = 'the background duties are not keeping up';
  if (row.ordersPastWindow > 0) {
    issues.push(
      `${count(row.ordersPastWindow, 'unpaid order')} more than ${minutes} minutes past the payment window and not yet expired: ${behind}.`,
    );
  }
  if (row.outboxOverdue > 0) {
    issues.push(
      `${count(row.outboxOverdue, 'outbox message')} (webhooks, settlement announcements or refunds) more than ${minutes} minutes overdue: ${behind}, or the other side is unreachable.`,
    );
  }
  return {
    ...base,
    status: issues.length ? 'degraded' : 'ok',
    database: { driver, ok: true, latencyMs },
    counts: [
      { name: 'kinds', label: 'Kinds', value: row.kinds },
      { name: 'activeSellers', label: 'Active sellers', value: row.activeSellers },
      { name: 'suspendedSellers', label: 'Suspended sellers', value: row.suspendedSellers },
      { name: 'offersOnSale', label: 'Offers on sale', value: row.offersOnSale },
      { name: 'ordersAwaitingPayment', label: 'Orders awaiting payment', value: row.ordersAwaitingPayment },
      { name: 'outboxPending', label: 'Outbox backlog', value: row.outboxPending },
      { name: 'outboxFailed', label: 'Outbox messages given up', value: row.outboxFailed },
    ],
    issues,
  };
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? ' is' : 's are'}`;
