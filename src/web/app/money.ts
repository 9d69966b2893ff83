import { activeLocale } from '../i18n/i18n.tsx';

/** Digits after the decimal point for a currency (0 for JPY, 2 for EUR), as Intl knows them. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits as number;
}

/** Integer minor units shown as money, e.g. 128000 JPY → "¥128,000", 1999 EUR → "€19.99". */
export function formatMoney(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(activeLocale(), { style: 'currency', currency }).format(minor / 10 ** digits);
}

/** The sign a price field is labelled with: "¥" for JPY, "€" for EUR, the code where there is none. */
export function currencySymbol(currency: string): string {
  const parts = new Intl.NumberFormat(activeLocale(), {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
  }).formatToParts(0);
  return parts.find((p) => p.type === 'currency')?.value ?? currency;
}

/**
 * A typed amount ("19.99") as integer minor units, or null when it is not a valid amount for the
 * currency: money never passes through floating point on its way to the API.
 */
export function parseMoney(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const match = /^\s*(\d{1,15})(?:[.,](\d+))?\s*$/.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** Minor units as the plain amount a price field holds: 12800 JPY → "12800", 1999 EUR → "19.99". */
export function amountText(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
