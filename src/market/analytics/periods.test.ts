import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closedPeriods, cover, monthsOf, periodOf } from './periods.ts';

describe('analysis periods', () => {
  it('names ISO weeks by the year of their Thursday', () => {
    expect(periodOf('week', '2026-01-01')).toEqual({ key: '2026-W01', from: '2025-12-29', to: '2026-01-04' });
    expect(periodOf('week', '2027-01-01')).toEqual({ key: '2026-W53', from: '2026-12-28', to: '2027-01-03' });
    expect(periodOf('week', '2026-11-30')).toEqual({ key: '2026-W49', from: '2026-11-30', to: '2026-12-06' });
    expect(periodOf('month', '2024-02-10')).toEqual({ key: '2024-02', from: '2024-02-01', to: '2024-02-29' });
  });

  it('covers whole periods, ended ones only', () => {
    const weeks = closedPeriods('week', '2026-11-04', '2026-11-20', '2026-12-03');
    expect(weeks.ok && weeks.value.map((p) => p.key)).toEqual(['2026-W45', '2026-W46', '2026-W47']);
    // The week of 2026-12-01 has not ended on 2026-12-03.
    expect(closedPeriods('week', '2026-11-20', '2026-12-01', '2026-12-03')).toEqual({
      ok: false,
      error: { code: 'range_not_closed', lastClosedDay: '2026-12-02' },
    });
    expect(closedPeriods('day', '2026-12-02', '2026-12-02', '2026-12-03').ok).toBe(true);
    expect(closedPeriods('month', '2026-11-30', '2026-11-01', '2026-12-03')).toEqual({
      ok: false,
      error: { code: 'range_reversed' },
    });
    expect(closedPeriods('day', '2020-01-01', '2026-01-01', '2026-12-03')).toMatchObject({
      ok: false,
      error: { code: 'range_too_long' },
    });
  });

  it('lists the months a range of days touches, where its budget is spent', () => {
    expect(monthsOf('2026-09-28', '2026-11-01')).toEqual(['2026-09', '2026-10', '2026-11']);
  });

  it('reads a range as its whole months, then weeks, then days', () => {
    expect(cover('2026-01-01', '2026-03-31').map((p) => `${p.grain} ${p.from}`)).toEqual([
      'month 2026-01-01',
      'month 2026-02-01',
      'month 2026-03-01',
    ]);
    // 13 ISO weeks: the month inside, whole weeks at either end, then the days left over.
    expect(cover('2026-03-02', '2026-05-31').map((p) => `${p.grain} ${p.from}`)).toEqual([
      'week 2026-03-02',
      'week 2026-03-09',
      'week 2026-03-16',
      'week 2026-03-23',
      'day 2026-03-30',
      'day 2026-03-31',
      'month 2026-04-01',
      'month 2026-05-01',
    ]);
  });

  it('covers every day of a range exactly once with whole periods', () => {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const start = Date.UTC(2023, 0, 1);
    fc.assert(
      fc.property(fc.nat(1500), fc.nat(400), (offset, length) => {
        const from = day(start + offset * 86_400_000);
        const to = day(start + (offset + length) * 86_400_000);
        const days = cover(from, to).flatMap(({ grain, from: first }) => {
          const period = periodOf(grain, first);
          expect(period.from).toBe(first);
          const out: string[] = [];
          for (let ms = Date.parse(period.from); ms <= Date.parse(period.to); ms += 86_400_000)
            out.push(day(ms));
          return out;
        });
        const expected = Array.from({ length: length + 1 }, (_, i) => day(start + (offset + i) * 86_400_000));
        expect(days).toEqual(expected);
      }),
    );
  });
});
