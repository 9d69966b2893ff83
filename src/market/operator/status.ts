import { sql } from 'drizzle-orm';
import packageJson from '../../../package.json' with { type: 'json' };
import { queryRows } from '../../platform/db/database.ts';
import { checkService, countIs, type ServiceStatus } from '../../platform/service-status.ts';
import type { MarketContext } from '../context.ts';
import { kinds, offers, orders, outbox, sellers } from '../db/schema.ts';

export type { ServiceStatus };

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

/** The market's own status: its database, what it holds, and whether its background duties keep up. */
export function marketStatus(ctx: MarketContext, startedAt: Date): Promise<ServiceStatus> {
  const now = ctx.clock.now();
  const service = {
    name: 'market',
    version: packageJson.version,
    startedAt,
    now,
    database: ctx.database,
    log: ctx.log,
    backups: ctx.config.backup,
  };
  return checkService(service, async () => {
    const [row] = await queryRows<CountsRow>(ctx.db, countsQuery(new Date(now.getTime() - DUTY_GRACE_MS)));
    if (!row) throw new Error('the counts query returned no row');
    const issues: string[] = [];
    const minutes = DUTY_GRACE_MS / 60_000;
    const behind = 'the background duties are not keeping up';
    if (row.ordersPastWindow > 0) {
      issues.push(
        `${countIs(row.ordersPastWindow, 'unpaid order')} more than ${minutes} minutes past the payment window and not yet expired: ${behind}.`,
      );
    }
    if (row.outboxOverdue > 0) {
      issues.push(
        `${countIs(row.outboxOverdue, 'outbox message')} (webhooks, settlement announcements or refunds) more than ${minutes} minutes overdue: ${behind}, or the other side is unreachable.`,
      );
    }
    return {
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
  });
}

/**
 * Settlement's own status, fetched over the closed link; when it cannot be reached, a degraded
 * entry that says so, since then no payment can be taken.
 */
export const settlementStatus = (ctx: MarketContext): Promise<ServiceStatus> =>
  peerStatus(
    ctx,
    'settlement',
    () => ctx.settlement.background.status(),
    'Settlement cannot be reached over the closed link: payments are refused until it is back.',
  );

/**
 * Delivery's own status, fetched over the signed link; when it cannot be reached (or refuses
 * the market's signature), a degraded entry that says so, since then sellers cannot book
 * parcels and the market hears of no pickup.
 */
export const deliveryStatus = (ctx: MarketContext): Promise<ServiceStatus> =>
  peerStatus(
    ctx,
    'delivery',
    () => ctx.delivery.status(),
    'Delivery cannot be reached (or refuses the market’s signature): sellers cannot book shipments or print labels until it is back.',
  );

/**
 * Another service's status as it reports it; when it does not answer (or answers nonsense),
 * an entry in the same shape that says so, so the page still shows every service.
 */
async function peerStatus(
  ctx: MarketContext,
  name: string,
  fetchStatus: () => Promise<ServiceStatus>,
  unreachable: string,
): Promise<ServiceStatus> {
  try {
    return await fetchStatus();
  } catch (error) {
    ctx.log.warn({ err: error }, `status check: ${name} did not answer`);
    const now = ctx.clock.now().toISOString();
    return {
      name,
      status: 'degraded',
      version: 'unknown',
      startedAt: now,
      uptimeSeconds: 0,
      database: { driver: null, ok: false, latencyMs: null },
      counts: [],
      backup: null,
      issues: [unreachable],
      checkedAt: now,
    };
  }
}
