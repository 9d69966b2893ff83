import { activeLocale, type MessageId } from '../i18n/i18n.tsx';
import type { AttributeType } from './api-types.ts';

/** The translator `useT()` gives, as the functions outside components take it. */
export type Translate = (id: MessageId, values?: Record<string, string | number | Date>) => string;

export const formatDateTime = (iso: string) =>
  new Intl.DateTimeFormat(activeLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
export const formatTime = (date: Date) =>
  new Intl.DateTimeFormat(activeLocale(), { timeStyle: 'medium' }).format(date);

/** A span in the two largest units that matter: "3 d 4 h", "12 min", "42 s". */
export function formatDuration(seconds: number, t: Translate): string {
  const units: [MessageId, number][] = [
    ['operator.duration.days', 86_400],
    ['operator.duration.hours', 3_600],
    ['operator.duration.minutes', 60],
    ['operator.duration.seconds', 1],
  ];
  const parts: string[] = [];
  let rest = Math.max(0, Math.floor(seconds));
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    // Once the largest unit is found, the next one is said even when it is 0: "2 h 0 min".
    if (n > 0 || parts.length > 0) parts.push(t(unit, { n }));
    if (parts.length === 2) break;
  }
  const [larger, smaller] = parts;
  if (larger === undefined) return t('operator.duration.seconds', { n: 0 });
  return smaller === undefined ? larger : t('operator.duration.pair', { larger, smaller });
}

export const TYPE_NAMES: Record<AttributeType, MessageId> = {
  number: 'operator.attributeType.number',
  enum: 'operator.attributeType.enum',
  boolean: 'operator.attributeType.boolean',
  text: 'operator.attributeType.text',
};
