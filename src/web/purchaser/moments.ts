import { activeLocale } from '../i18n/i18n.tsx';
import type { Translate } from './translate.ts';

/** "12 May 2026, 14:32", in the language shown and the purchaser's own time zone. */
export const formatMoment = (iso: string): string =>
  new Intl.DateTimeFormat(activeLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** "12 May 2026, 14:32 (in 30 minutes)": the deadline, and how far off it is. */
export function formatDeadline(iso: string, t: Translate, now = Date.now()): string {
  const at = new Date(iso);
  const absolute = formatMoment(iso);
  const minutes = Math.round((at.getTime() - now) / 60_000);
  const relative = new Intl.RelativeTimeFormat(activeLocale(), { numeric: 'auto' });
  const away =
    Math.abs(minutes) < 90
      ? relative.format(minutes, 'minute')
      : Math.abs(minutes) < 48 * 60
        ? relative.format(Math.round(minutes / 60), 'hour')
        : relative.format(Math.round(minutes / (24 * 60)), 'day');
  return t('purchaser.moment.deadline', { at: absolute, away });
}
