import type { AttributeDefinition } from './api-types.ts';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));
export const formatTime = (date: Date) => time.format(date);

/** A span in the two largest units that matter: "3 d 4 h", "12 min", "42 s". */
export function formatDuration(seconds: number): string {
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
    ['s', 1],
  ];
  const parts: string[] = [];
  let rest = Math.max(0, Math.floor(seconds));
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    // Once the largest unit is found, the next one is said even when it is 0: "2 h 0 min".
    if (n > 0 || parts.length > 0) parts.push(`${n} ${unit}`);
    if (parts.length === 2) break;
  }
  return parts.length ? parts.join(' ') : '0 s';
}

export const TYPE_NAMES: Record<AttributeDefinition['type'], string> = {
  number: 'Number',
  enum: 'One of a list',
  boolean: 'Yes or no',
  text: 'Text',
};

/** What an attribute accepts, in words: "whole number, 1–4096 GB". */
export function describeAttribute(a: AttributeDefinition): string {
  switch (a.type) {
    case 'number': {
      const unit = a.unit ? ` ${a.unit}` : '';
      const range =
        a.min !== undefined && a.max !== undefined
          ? `${a.min}–${a.max}${unit}`
          : a.min !== undefined
            ? `at least ${a.min}${unit}`
            : a.max !== undefined
              ? `at most ${a.max}${unit}`
              : a.unit
                ? `in ${a.unit}`
                : 'any value';
      return `${a.integer ? 'Whole numbers' : 'Numbers'}, ${range}`;
    }
    case 'enum':
      return a.values.join(', ');
    case 'boolean':
      return 'Yes or no';
    case 'text':
      return `Up to ${a.maxLength} characters`;
  }
}
