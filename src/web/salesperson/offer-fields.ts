import { amountText, parseMoney } from '../app/money.ts';
import type { FieldErrors } from './form-errors.ts';
import type { AttributeDefinition, Kind } from './types.ts';

/**
 * Reading the offer forms' text into what the API takes, with the same checks the market makes
 * (required, type, bounds), so most mistakes are shown next to their field before any call.
 */

export interface OfferDraft {
  model: string;
  name: string;
  price: string;
  currency: string;
  stock: string;
  /** Typed or chosen text per attribute name; '' is "not stated". */
  attributes: Record<string, string>;
}

export interface OfferBody {
  kind: string;
  model: string;
  name: string;
  attributes: Record<string, number | string | boolean>;
  price: number;
  currency: string;
  stock: number;
}

/** The form field of an attribute, named like the API's error paths (`attributes.cpu_mhz`). */
export const attributeField = (name: string) => `attributes.${name}`;

type Read<T> = { value: T; error?: undefined } | { value?: undefined; error: string };

export function readCurrency(text: string): Read<string> {
  const code = text.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? { value: code } : { error: 'Enter a 3-letter currency code, such as JPY' };
}

/** A price typed in major units ("19.99") as integer minor units. */
export function readPrice(text: string, currency: string): Read<number> {
  if (!text.trim()) return { error: 'Enter the price' };
  const minor = parseMoney(text, currency);
  if (minor === null) return { error: `Enter the price as an amount such as ${amountText(12800, currency)}` };
  if (minor <= 0) return { error: 'The price must be more than 0' };
  return { value: minor };
}

export function readStock(text: string): Read<number> {
  const t = text.trim();
  if (!/^\d{1,10}$/.test(t) || Number(t) > 1_000_000_000)
    return { error: 'Enter the stock as a whole number, 0 or more' };
  return { value: Number(t) };
}

/** What a number attribute allows, e.g. "100 to 10000 MHz, whole number". */
export function attributeHint(definition: AttributeDefinition): string | undefined {
  if (definition.type === 'text') return `At most ${definition.maxLength} characters`;
  if (definition.type !== 'number') return undefined;
  const unit = definition.unit ? ` ${definition.unit}` : '';
  const { min, max } = definition;
  const range =
    min !== undefined && max !== undefined
      ? `${min} to ${max}${unit}`
      : min !== undefined
        ? `At least ${min}${unit}`
        : max !== undefined
          ? `At most ${max}${unit}`
          : definition.unit && `In ${definition.unit}`;
  const whole = definition.integer ? 'whole number' : undefined;
  return [range, whole].filter(Boolean).join(', ') || undefined;
}

function readAttribute(
  definition: AttributeDefinition,
  text: string,
): Read<number | string | boolean | null> {
  const t = text.trim();
  const { label } = definition;
  if (t === '') return definition.required ? { error: `${label} is required` } : { value: null };
  switch (definition.type) {
    case 'number': {
      const n = Number(t);
      if (!Number.isFinite(n)) return { error: `${label} must be a number` };
      if (definition.integer && !Number.isInteger(n)) return { error: `${label} must be a whole number` };
      const unit = definition.unit ? ` ${definition.unit}` : '';
      if (definition.min !== undefined && n < definition.min)
        return { error: `${label} must be at least ${definition.min}${unit}` };
      if (definition.max !== undefined && n > definition.max)
        return { error: `${label} must be at most ${definition.max}${unit}` };
      return { value: n };
    }
    case 'enum':
      return definition.values.includes(t) ? { value: t } : { error: `Choose a ${label.toLowerCase()}` };
    case 'boolean':
      return { value: t === 'true' };
    case 'text':
      return t.length > definition.maxLength
        ? { error: `${label} must be at most ${definition.maxLength} characters` }
        : { value: t };
  }
}

/** The registration body of a draft, or the errors of its fields. */
export function readOffer(kind: Kind, draft: OfferDraft): { body?: OfferBody; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const attributes: OfferBody['attributes'] = {};
  const model = draft.model.trim();
  const name = draft.name.trim();
  if (!model) errors.model = 'Enter the model number';
  if (!name) errors.name = 'Enter the name purchasers see';
  for (const definition of kind.attributes) {
    const read = readAttribute(definition, draft.attributes[definition.name] ?? '');
    if (read.error) errors[attributeField(definition.name)] = read.error;
    else if (read.value !== null && read.value !== undefined) attributes[definition.name] = read.value;
  }
  const currency = readCurrency(draft.currency);
  if (currency.error) errors.currency = currency.error;
  const price = readPrice(draft.price, currency.value ?? 'JPY');
  if (price.error) errors.price = price.error;
  const stock = readStock(draft.stock);
  if (stock.error) errors.stock = stock.error;
  if (Object.keys(errors).length || price.value === undefined || stock.value === undefined || !currency.value)
    return { errors };
  return {
    errors,
    body: {
      kind: kind.id,
      model,
      name,
      attributes,
      price: price.value,
      currency: currency.value,
      stock: stock.value,
    },
  };
}
