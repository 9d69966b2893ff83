import type { MessageId } from '../i18n/i18n.tsx';
import type { Granularity } from './analytics-api.ts';

/**
 * The periods an analysis covers, as the market counts them: UTC days, ISO weeks (Monday to
 * Sunday) and calendar months, of which only those that have ended can be analysed.
 */

const DAY_MS = 86_400_000;
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Today in UTC, the day the market's periods are counted by. */
export const utcToday = (now: Date) => now.toISOString().slice(0, 10);

/** How many ended periods a new analysis covers unless the seller says otherwise. */
export const DEFAULT_PERIODS: Record<Granularity, number> = { day: 28, week: 12, month: 12 };

/** The last `count` whole periods of `granularity` that ended before `today`. */
export function lastClosedRange(
  granularity: Granularity,
  today: string,
  count = DEFAULT_PERIODS[granularity],
): { from: string; to: string } {
  const ms = dayMs(today);
  if (granularity === 'day') return { from: dayOf(ms - count * DAY_MS), to: dayOf(ms - DAY_MS) };
  if (granularity === 'week') {
    const monday = ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS;
    return { from: dayOf(monday - 7 * count * DAY_MS), to: dayOf(monday - DAY_MS) };
  }
  const d = new Date(ms);
  const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return { from: dayOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - count, 1)), to: dayOf(first - DAY_MS) };
}

/** Each granularity, in the order offered, and its name as a choice. */
export const GRANULARITY_NAMES: Record<Granularity, MessageId> = {
  day: 'salesperson.periods.days',
  week: 'salesperson.periods.isoWeeks',
  month: 'salesperson.periods.calendarMonths',
};
