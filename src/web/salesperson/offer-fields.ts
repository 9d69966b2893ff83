import { attributeLabel, attributeUnit } from '../app/kind-labels.ts';
import { amountText, parseMoney } from '../app/money.ts';
import type { Translate } from '../app/translate.ts';
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

export function readCurrency(t: Translate, text: string): Read<string> {
  const code = text.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? { value: code } : { error: t('salesperson.fields.currencyInvalid') };
}

/** A price typed in major units ("19.99") as integer minor units. */
export function readPrice(t: Translate, text: string, currency: string): Read<number> {
  if (!text.trim()) return { error: t('salesperson.fields.priceMissing') };
  const minor = parseMoney(text, currency);
  if (minor === null)
    return { error: t('salesperson.fields.priceInvalid', { example: amountText(12800, currency) }) };
  if (minor <= 0) return { error: t('salesperson.fields.priceNotPositive') };
  return { value: minor };
}

export function readStock(t: Translate, text: string): Read<number> {
  const typed = text.trim();
  if (!/^\d{1,10}$/.test(typed) || Number(typed) > 1_000_000_000)
    return { error: t('salesperson.fields.stockInvalid') };
  return { value: Number(typed) };
}

function readAttribute(
  t: Translate,
  definition: AttributeDefinition,
  text: string,
): Read<number | string | boolean | null> {
  const typed = text.trim();
  const label = attributeLabel(definition);
  if (typed === '')
    return definition.required
      ? { error: t('salesperson.fields.attribute.required', { label }) }
      : { value: null };
  switch (definition.type) {
    case 'number': {
      const n = Number(typed);
      if (!Number.isFinite(n)) return { error: t('salesperson.fields.attribute.notNumber', { label }) };
      if (definition.integer && !Number.isInteger(n))
        return { error: t('salesperson.fields.attribute.notWhole', { label }) };
      const unitText = attributeUnit(definition);
      const unit = unitText ? ` ${unitText}` : '';
      if (definition.min !== undefined && n < definition.min)
        return { error: t('salesperson.fields.attribute.belowMin', { label, min: definition.min, unit }) };
      if (definition.max !== undefined && n > definition.max)
        return { error: t('salesperson.fields.attribute.aboveMax', { label, max: definition.max, unit }) };
      return { value: n };
    }
    case 'enum':
      return definition.values.includes(typed)
        ? { value: typed }
        : { error: t('salesperson.fields.attribute.choose', { label: label.toLowerCase() }) };
    case 'boolean':
      return { value: typed === 'true' };
    case 'text':
      return typed.length > definition.maxLength
        ? { error: t('salesperson.fields.attribute.tooLong', { label, max: definition.maxLength }) }
        : { value: typed };
  }
}

/** The registration body of a draft, or the errors of its fields. */
export function readOffer(
  t: Translate,
  kind: Kind,
  draft: OfferDraft,
): { body?: OfferBody; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const attributes: OfferBody['attributes'] = {};
  const model = draft.model.trim();
  const name = draft.name.trim();
  if (!model) errors.model = t('salesperson.fields.modelMissing');
  if (!name) errors.name = t('salesperson.fields.nameMissing');
  for (const definition of kind.attributes) {
    const read = readAttribute(t, definition, draft.attributes[definition.name] ?? '');
    if (read.error) errors[attributeField(definition.name)] = read.error;
    else if (read.value !== null && read.value !== undefined) attributes[definition.name] = read.value;
  }
  const currency = readCurrency(t, draft.currency);
  if (currency.error) errors.currency = currency.error;
  const price = readPrice(t, draft.price, currency.value ?? 'JPY');
  if (price.error) errors.price = price.error;
  const stock = readStock(t, draft.stock);
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
