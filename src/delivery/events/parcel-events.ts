import type { Executor } from '../../platform/db/database.ts';
import { signedFetch } from '../../platform/http/signed-requests.ts';
import { drainOutbox, enqueue } from '../../platform/outbox.ts';
import type { ParcelEvent } from '../../protocol/delivery.ts';
import type { DeliveryContext } from '../context.ts';

/**
 * B9: each parcel event is tried again with backoff (capped at an hour) and parked for an
 * operator only after this many attempts, about two days: the market's escrow release and
 * refunds wait on these, so giving up early would leave money held.
 */
export const PARCEL_EVENT_MAX_ATTEMPTS = 60;

/** The outbox topic of parcel events for the market (existing rows were given it by migration 0002). */
export const PARCEL_EVENT_TOPIC = 'market.parcel_event';

/**
 * Queues a parcel event for the market in the transaction that made the change it reports. The
 * order ID is the ordering key: the market hears of each parcel's steps in the order they happened.
 */
export const queueParcelEvent = (db: Executor, event: ParcelEvent): Promise<void> =>
  enqueue(db, { topic: PARCEL_EVENT_TOPIC, key: event.orderId, payload: event, now: new Date(event.at) });

/**
 * B9: sends queued parcel events to the market, signed with the key the two share; any 2xx
 * answer means the market has it (it ignores an event ID it has seen). Returns how many were
 * tried.
 */
export function sendParcelEvents(ctx: DeliveryContext): Promise<number> {
  const now = ctx.clock.now();
  return drainOutbox(ctx.db, {
    topic: PARCEL_EVENT_TOPIC,
    now,
    log: ctx.log,
    maxAttempts: PARCEL_EVENT_MAX_ATTEMPTS,
    deliver: async (job) => {
      const response = await signedFetch(ctx.config.marketUrl, ctx.config.marketKey, {
        method: 'POST',
        path: '/delivery/events',
        body: JSON.stringify(job.payload),
        now: ctx.clock.now(),
        timeoutMs: ctx.config.marketTimeoutMs,
      });
      await response.body?.cancel();
      return response.ok ? null : `the market answered ${response.status}`;
    },
  });
}
