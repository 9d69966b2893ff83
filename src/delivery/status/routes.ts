import { sql } from 'drizzle-orm';
import packageJson from '../../../package.json' with { type: 'json' };
import { queryRows } from '../../platform/db/database.ts';
import { problemResponses } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { requireSignedRequest, SIGNED_BY_PEER } from '../../platform/http/signed-requests.ts';
import {
  checkService,
  countIs,
  type ServiceStatus,
  serviceStatusSchema,
} from '../../platform/service-status.ts';
import type { DeliveryContext } from '../context.ts';
import { outbox, pickupPoints, shipments } from '../db/schema.ts';
import { PARCEL_EVENT_TOPIC } from '../events/parcel-events.ts';

/**
 * The background duties run every second; work left this long past its due time means they
 * are not running (or the market is not answering), which the operator should hear about.
 */
const DUTY_GRACE_MS = 5 * 60_000;

interface CountsRow {
  activePickupPoints: number;
  booked: number;
  droppedOff: number;
  inTransit: number;
  waiting: number;
  overdue: number;
  overdueBeyondGrace: number;
  pickedUp: number;
  returned: number;
  eventsPending: number;
  eventsOverdue: number;
  eventsParked: number;
}

/** One round trip for every count, so a status check stays cheap enough to poll. */
function countsQuery(now: Date, returnCutoff: Date, eventCutoff: Date) {
  const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;
  const inState = (state: string) =>
    sql`(SELECT count(*)::int FROM ${shipments} WHERE ${shipments.state} = ${state}`;
  const events = sql`${outbox.topic} = ${PARCEL_EVENT_TOPIC}`;
  const pending = sql`${events} AND ${outbox.deliveredAt} IS NULL AND ${outbox.failedAt} IS NULL`;
  return sql`SELECT
    (SELECT count(*)::int FROM ${pickupPoints} WHERE ${pickupPoints.active}) AS "activePickupPoints",
    ${inState('booked')}) AS "booked",
    ${inState('dropped_off')}) AS "droppedOff",
    ${inState('in_transit')}) AS "inTransit",
    ${inState('ready_for_pickup')} AND ${shipments.deadline} > ${at(now)}) AS "waiting",
    ${inState('ready_for_pickup')} AND ${shipments.deadline} <= ${at(now)}) AS "overdue",
    ${inState('ready_for_pickup')} AND ${shipments.deadline} <= ${at(returnCutoff)}) AS "overdueBeyondGrace",
    ${inState('picked_up')}) AS "pickedUp",
    ${inState('returned')}) AS "returned",
    (SELECT count(*)::int FROM ${outbox} WHERE ${pending}) AS "eventsPending",
    (SELECT count(*)::int FROM ${outbox} WHERE ${pending} AND ${outbox.createdAt} < ${at(eventCutoff)}) AS "eventsOverdue",
    (SELECT count(*)::int FROM ${outbox} WHERE ${events} AND ${outbox.failedAt} IS NOT NULL) AS "eventsParked"`;
}

/** Delivery's own status: its database, its parcels, and whether its events reach the market. */
export function deliveryStatus(ctx: DeliveryContext, startedAt: Date): Promise<ServiceStatus> {
  const now = ctx.clock.now();
  const service = {
    name: 'delivery',
    version: packageJson.version,
    startedAt,
    now,
    database: ctx.database,
    log: ctx.log,
    backups: ctx.config.backup,
  };
  return checkService(service, async () => {
    const graceMs = ctx.config.returnGraceMs;
    const [row] = await queryRows<CountsRow>(
      ctx.db,
      countsQuery(
        now,
        // The auto-return duty takes parcels once the grace is over; some minutes more, it is not running.
        new Date(now.getTime() - graceMs - DUTY_GRACE_MS),
        // Since queueing, not since the job's next try: backing off pushes that on for as long as
        // the market is unreachable, and escrow releases and refunds wait all that while.
        new Date(now.getTime() - DUTY_GRACE_MS),
      ),
    );
    if (!row) throw new Error('the counts query returned no row');
    const minutes = DUTY_GRACE_MS / 60_000;
    const issues: string[] = [];
    if (row.eventsOverdue > 0) {
      issues.push(
        `${countIs(row.eventsOverdue, 'parcel event')} waiting more than ${minutes} minutes to reach the market: it is unreachable or delivery’s duties are not running, and escrow releases and refunds wait on them.`,
      );
    }
    if (row.eventsParked > 0) {
      issues.push(
        `${countIs(row.eventsParked, 'parcel event')} parked after many failed attempts to reach the market: the money of those orders waits on an operator.`,
      );
    }
    if (row.overdueBeyondGrace > 0) {
      issues.push(
        `${countIs(row.overdueBeyondGrace, 'parcel')} more than ${duration(graceMs)} past the deadline and still not returned: delivery’s return duty is not running.`,
      );
    }
    return {
      counts: [
        { name: 'activePickupPoints', label: 'Active pickup points', value: row.activePickupPoints },
        { name: 'booked', label: 'Parcels booked, not handed in', value: row.booked },
        { name: 'droppedOff', label: 'Parcels handed in, awaiting the carrier', value: row.droppedOff },
        { name: 'inTransit', label: 'Parcels in transit', value: row.inTransit },
        { name: 'waiting', label: 'Parcels waiting at pickup points', value: row.waiting },
        { name: 'overdue', label: 'Parcels past their deadline', value: row.overdue },
        { name: 'pickedUp', label: 'Parcels picked up', value: row.pickedUp },
        { name: 'returned', label: 'Parcels returned', value: row.returned },
        { name: 'eventsPending', label: 'Events for the market', value: row.eventsPending },
        { name: 'eventsParked', label: 'Events given up', value: row.eventsParked },
      ],
      issues,
    };
  });
}

/** The return grace in the largest whole unit that fits it, for a sentence an operator reads. */
function duration(ms: number): string {
  for (const [unit, size] of [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}${ms === size ? '' : 's'}`;
  }
  return `${ms / 1000} seconds`;
}

/**
 * Delivery's status for the operator's page, which the market fetches and shows beside its own
 * and settlement's. Only the market may ask: it tells how much moves through delivery.
 */
export function statusRoutes(app: HttpServer, ctx: DeliveryContext) {
  const startedAt = ctx.clock.now();
  app.get(
    '/status',
    {
      preValidation: requireSignedRequest({ secrets: () => [ctx.config.marketKey], clock: ctx.clock }),
      schema: {
        operationId: 'getStatus',
        tags: ['status'],
        security: SIGNED_BY_PEER,
        summary: 'How delivery is doing: database, parcels, events for the market',
        description: 'Signed by the market, which shows it on the operator’s status page.',
        response: { 200: serviceStatusSchema, ...problemResponses(401) },
      },
    },
    async () => deliveryStatus(ctx, startedAt),
  );
}
