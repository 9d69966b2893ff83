import { z } from 'zod';
import { err, ok, type Result } from '../../platform/result.ts';

/**
 * Analyses run over closed periods only: UTC days, ISO weeks and calendar months that have
 * ended. Their data no longer changes, so a release over them can be computed once and kept.
 */

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const DAY_MS = 86_400_000;
/** The longest range one analysis may cover: a little over a year of days, weeks or months. */
export const MAX_PERIODS = 400;

export const isoDaySchema = z.iso.date().describe('A UTC day, YYYY-MM-DD');

/** A day as its UTC midnight in milliseconds. */
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface Period {
  /** A label: 2026-11-30, 2026-W48 or 2026-11. */
  key: string;
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

/** The period of `granularity` that holds `day`. */
export function periodOf(granularity: Granularity, day: string): Period {
  const ms = dayMs(day);
  if (granularity === 'day') return { key: day, from: day, to: day };
  if (granularity === 'month') {
    const d = new Date(ms);
    const last = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
    return { key: day.slice(0, 7), from: `${day.slice(0, 7)}-01`, to: dayOf(last) };
  }
  // ISO 8601: weeks start on Monday; a week belongs to the year of its Thursday.
  const weekday = (new Date(ms).getUTCDay() + 6) % 7;
  const monday = ms - weekday * DAY_MS;
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return {
    key: `${year}-W${String(week).padStart(2, '0')}`,
    from: dayOf(monday),
    to: dayOf(monday + 6 * DAY_MS),
  };
}

export type RangeFailure =
  | { code: 'range_reversed' }
  | { code: 'range_not_closed'; lastClosedDay: string }
  | { code: 'range_too_long'; maxPeriods: number };

/**
 * The whole periods of `granularity` from the one holding `from` to the one holding `to`, all
 * of them ended before `today`.
 */
export function closedPeriods(
  granularity: Granularity,
  from: string,
  to: string,
  today: string,
): Result<Period[], RangeFailure> {
  if (dayMs(from) > dayMs(to)) return err({ code: 'range_reversed' });
  const periods: Period[] = [];
  for (let p = periodOf(granularity, from); dayMs(p.from) <= dayMs(to); p = next(granularity, p)) {
    if (dayMs(p.to) >= dayMs(today))
      return err({ code: 'range_not_closed', lastClosedDay: dayOf(dayMs(today) - DAY_MS) });
    periods.push(p);
    if (periods.length > MAX_PERIODS) return err({ code: 'range_too_long', maxPeriods: MAX_PERIODS });
  }
  return ok(periods);
}

/** A period named by its grain and first day, as the aggregates keep it. */
export interface Piece {
  grain: Granularity;
  from: string;
}

/**
 * The days from `from` to `to` as few whole periods as a simple rule finds: the whole months
 * inside the range, then whole ISO weeks inside what is left at either end, then single days.
 * A quarter of days is read as three month cells per key instead of ninety day cells.
 */
export function cover(
  from: string,
  to: string,
  grains: readonly Granularity[] = ['month', 'week', 'day'],
): Piece[] {
  const [grain, ...finer] = grains;
  if (!grain || dayMs(from) > dayMs(to)) return [];
  const start = periodOf(grain, from);
  const whole: Period[] = [];
  for (let p = start.from === from ? start : next(grain, start); dayMs(p.to) <= dayMs(to); p = next(grain, p))
    whole.push(p);
  const first = whole[0];
  const last = whole[whole.length - 1];
  if (!first || !last) return cover(from, to, finer);
  return [
    ...cover(from, dayOf(dayMs(first.from) - DAY_MS), finer),
    ...whole.map((p) => ({ grain, from: p.from })),
    ...cover(dayOf(dayMs(last.to) + DAY_MS), to, finer),
  ];
}

const next = (granularity: Granularity, p: Period) => periodOf(granularity, dayOf(dayMs(p.to) + DAY_MS));

/** The calendar months a range of days touches: privacy budgets are kept per month of data. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  for (let p = periodOf('month', from); dayMs(p.from) <= dayMs(to); p = next('month', p)) months.push(p.key);
  return months;
}
