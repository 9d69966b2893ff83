import { attributeLabel } from '../app/kind-labels.ts';
import { minorDigits, parseMoney } from '../app/money.ts';
import type { Attribute, Condition, Kind, PurchaseRequest } from './market-api.ts';
import type { Translate } from './translate.ts';

/**
 * The condition form's state, as flat text fields that map one to one onto the search page's
 * query string, so a purchase request is addressable, bookmarkable and survives "back":
 * `?kind=personal-computer&cpu_mhz.min=2000&colour=black,silver&ssd=yes&price.max=150000&sort=price-asc`.
 * A number attribute (and the price) has `<name>.min` and `<name>.max`; an enum a comma-separated
 * list of values; a boolean `yes` or `no` (absent: any); a text attribute comma-separated texts.
 */
export type Draft = Record<string, string>;

const PAGE_SIZE = 20;
export const PRICE = 'price';

export const minKey = (name: string) => `${name}.min`;
export const maxKey = (name: string) => `${name}.max`;

/** The field keys one attribute (or the price) owns in a draft. */
function keysOf(name: string): string[] {
  return [name, minKey(name), maxKey(name)];
}

function draftKeys(kind: Kind): string[] {
  return [...kind.attributes.flatMap((a) => keysOf(a.name)), minKey(PRICE), maxKey(PRICE)];
}

export interface SortChoice {
  value: string;
  label: string;
  by: string;
  order: 'asc' | 'desc';
}

/** Price first, then each numeric attribute, each both ways. */
export function sortChoices(kind: Kind, t: Translate): SortChoice[] {
  const choices: SortChoice[] = [
    { value: 'price-asc', label: t('purchaser.sort.priceLowest'), by: PRICE, order: 'asc' },
    { value: 'price-desc', label: t('purchaser.sort.priceHighest'), by: PRICE, order: 'desc' },
  ];
  for (const a of kind.attributes) {
    if (a.type !== 'number') continue;
    choices.push(
      {
        value: `${a.name}-desc`,
        label: t('purchaser.sort.highest', { label: attributeLabel(a) }),
        by: a.name,
        order: 'desc',
      },
      {
        value: `${a.name}-asc`,
        label: t('purchaser.sort.lowest', { label: attributeLabel(a) }),
        by: a.name,
        order: 'asc',
      },
    );
  }
  return choices;
}

export function sortChoice(kind: Kind, value: string | null, t: Translate): SortChoice {
  const choices = sortChoices(kind, t);
  return choices.find((c) => c.value === value) ?? (choices[0] as SortChoice);
}

/** The draft a query string holds, keeping only the fields of this kind. */
export function draftFromParams(kind: Kind, params: URLSearchParams): Draft {
  const draft: Draft = {};
  for (const key of draftKeys(kind)) {
    const value = params.get(key);
    if (value) draft[key] = value;
  }
  return draft;
}

/** The search page's query string for a kind, a draft and (once submitted) a sort. */
export function searchQuery(kindId: string, draft: Draft = {}, sort?: string): string {
  const params = new URLSearchParams({ kind: kindId });
  for (const [key, value] of Object.entries(draft)) if (value.trim()) params.set(key, value.trim());
  if (sort) params.set('sort', sort);
  return `?${params}`;
}

/** A search was submitted when the query string carries its sort (the form alone has none). */
export const isSubmitted = (params: URLSearchParams) => params.has('sort');

/** The draft without one attribute's condition: what a one-click relaxation searches for. */
export function withoutAttribute(draft: Draft, attribute: string): Draft {
  const dropped = new Set(keysOf(attribute));
  return Object.fromEntries(Object.entries(draft).filter(([key]) => !dropped.has(key)));
}

/** Errors by field key (`cpu_mhz.min`, `colour`, …), said next to their field (in `t`'s language). */
export type FieldErrors = Record<string, string>;

/**
 * The purchase request a draft describes, or the errors that stop it. One condition per
 * attribute, so that the market's relaxation hints (which name an attribute) map back onto the
 * form.
 */
export function buildRequest(
  kind: Kind,
  draft: Draft,
  sort: SortChoice,
  /** The market's currency (GET /terminal-config): typed prices are read and sent in it. */
  currency: string,
  t: Translate,
): { request: PurchaseRequest; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const conditions: Condition[] = [];
  const add = (condition: Condition | null) => {
    if (condition) conditions.push(condition);
  };
  for (const attribute of kind.attributes) add(attributeCondition(attribute, draft, errors, t));
  add(
    rangeCondition(PRICE, draft, errors, (text) => parseMoney(text, currency), moneyMessage(currency, t), t),
  );
  return {
    request: {
      kind: kind.id,
      currency,
      conditions,
      sort: { by: sort.by, order: sort.order },
      limit: PAGE_SIZE,
    },
    errors,
  };
}

const moneyMessage = (currency: string, t: Translate) =>
  minorDigits(currency) ? t('purchaser.error.amountMinor') : t('purchaser.error.amountWhole');

function attributeCondition(
  attribute: Attribute,
  draft: Draft,
  errors: FieldErrors,
  t: Translate,
): Condition | null {
  const { name } = attribute;
  const text = draft[name]?.trim() ?? '';
  switch (attribute.type) {
    case 'number':
      return rangeCondition(
        name,
        draft,
        errors,
        (typed) => parseNumber(typed, attribute.integer),
        attribute.integer ? t('purchaser.error.wholeNumber') : t('purchaser.error.number'),
        t,
      );
    case 'enum': {
      const values = splitList(text).filter((v) => attribute.values.includes(v));
      return oneOrMany(name, values);
    }
    case 'boolean':
      return text === 'yes' || text === 'no' ? { attribute: name, op: '=', value: text === 'yes' } : null;
    case 'text': {
      const values = splitList(text);
      const tooLong = values.find((v) => v.length > attribute.maxLength);
      if (tooLong) {
        errors[name] = t('purchaser.error.textTooLong', { max: attribute.maxLength });
        return null;
      }
      return oneOrMany(name, values);
    }
  }
}

function oneOrMany(attribute: string, values: string[]): Condition | null {
  if (values.length === 0) return null;
  if (values.length === 1) return { attribute, op: '=', value: values[0] as string };
  return { attribute, op: 'in', value: values };
}

function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

/** min/max → `between`, `>=` or `<=`; a bad bound is reported on its own field. */
function rangeCondition(
  name: string,
  draft: Draft,
  errors: FieldErrors,
  parse: (text: string) => number | null,
  message: string,
  t: Translate,
): Condition | null {
  const read = (key: string) => {
    const text = draft[key]?.trim();
    if (!text) return undefined;
    const value = parse(text);
    if (value === null) errors[key] = message;
    return value;
  };
  const low = read(minKey(name));
  const high = read(maxKey(name));
  if (low === null || high === null) return null;
  if (low !== undefined && high !== undefined) {
    if (low > high) {
      errors[maxKey(name)] = t('purchaser.error.maxBelowMin');
      return null;
    }
    return { attribute: name, op: 'between', value: [low, high] };
  }
  if (low !== undefined) return { attribute: name, op: '>=', value: low };
  if (high !== undefined) return { attribute: name, op: '<=', value: high };
  return null;
}

/** A typed number, allowing thousands separators ("2,000") and spaces. */
function parseNumber(text: string, integer: boolean): number | null {
  const plain = text.replace(/[\s_]/g, '').replace(/,(?=\d{3}(?!\d))/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(plain)) return null;
  const value = Number(plain);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) return null;
  return value;
}

/**
 * The form field a market problem about an attribute belongs to: a number's condition is one
 * field pair, so its error goes to the pair as a whole (keyed by the attribute's name).
 */
export function fieldErrorsFromProblem(errors: { attribute?: string; message: string }[]): FieldErrors {
  const mapped: FieldErrors = {};
  for (const e of errors) if (e.attribute) mapped[e.attribute] ??= e.message;
  return mapped;
}
