import { InvalidArgumentError } from 'commander';

/**
 * Parsers for commander options and arguments. A refusal throws InvalidArgumentError, which
 * commander prints with the option's name and the value given.
 */

export const wholeNumber = (min: number, max: number) => (text: string) => {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
  }
  return value;
};

/** Money is given in integer minor units (DESIGN §4): no decimal point, no sign. */
export function positiveMinorUnits(text: string): bigint {
  if (!/^\d+$/.test(text) || BigInt(text) === 0n) {
    throw new InvalidArgumentError('must be a positive whole number of minor units (e.g. 5000 for ¥5,000)');
  }
  return BigInt(text);
}

export function currencyCode(text: string): string {
  if (!/^[A-Z]{3}$/.test(text)) throw new InvalidArgumentError('must be an ISO 4217 code such as JPY');
  return text;
}

/** A calendar date, YYYY-MM-DD, that exists (no 2029-02-30). */
export function calendarDate(text: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(`${text}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new InvalidArgumentError('must be a date written YYYY-MM-DD');
  }
  return text;
}

export function uuid(text: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) {
    throw new InvalidArgumentError('must be a UUID');
  }
  return text.toLowerCase();
}
