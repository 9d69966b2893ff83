import { z } from 'zod';
import { localized, type Message } from '../../platform/http/messages.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import { type LocalizedText, pickLabel, TEXT_LANGUAGES } from '../../protocol/localized-text.ts';
import { message } from '../problems/catalogue.ts';
import { SLOTS_BY_TYPE, type Slot } from './slots.ts';

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _, starting with a letter, at most 40');

/** Names used by every offer; an attribute may not shadow them in a purchase request. */
export const RESERVED_NAMES = ['price', 'currency', 'stock', 'model', 'name', 'kind', 'seller'];

/** Longest text, per language, of a kind's name, an attribute's label and an enum value's label. */
export const LABEL_MAX = 80;
/** Longest unit, per language. */
export const UNIT_MAX = 20;
/** Longest description of a kind, per language. */
export const DESCRIPTION_MAX = 500;

const oneLanguage = (max: number) => z.string().trim().min(1).max(max);
const NEITHER = 'give the text in Japanese (ja), English (en) or both';

/**
 * A display text as clients send it: a plain string, which is the English text (as every client
 * sent before texts had two languages), or `{ ja, en }` with at least one of them.
 */
export const textInput = (max: number) =>
  z
    .union([
      oneLanguage(max),
      z
        .strictObject({ ja: oneLanguage(max).optional(), en: oneLanguage(max).optional() })
        .refine((t) => t.ja !== undefined || t.en !== undefined, NEITHER),
    ])
    .meta({
      description: `A plain string (the English text) or { ja, en } with at least one; each at most ${max} characters.`,
    });
export type TextInput = z.infer<ReturnType<typeof textInput>>;

/**
 * A change to a display text: a plain string replaces the English text and keeps the Japanese
 * one; an object changes the languages it names, `null` removing one.
 */
export const textPatch = (max: number) =>
  z
    .union([
      oneLanguage(max),
      z
        .strictObject({
          ja: oneLanguage(max).nullable().optional(),
          en: oneLanguage(max).nullable().optional(),
        })
        .refine((t) => t.ja !== undefined || t.en !== undefined, NEITHER),
    ])
    .meta({
      description: `A plain string replaces the English text; { ja, en } changes the languages it names, null removing one. Each at most ${max} characters.`,
    });
export type TextPatch = z.infer<ReturnType<typeof textPatch>>;

/** One language of a text that may have none (a description): empty is none. */
const mayBeEmpty = (max: number) => z.string().trim().max(max);

/**
 * A text that may be left out altogether, such as a kind's description, as clients send it: a
 * plain string (the English text) or `{ ja, en }`; an empty one is none.
 */
export const optionalTextInput = (max: number) =>
  z
    .union([
      mayBeEmpty(max),
      z.strictObject({ ja: mayBeEmpty(max).optional(), en: mayBeEmpty(max).optional() }),
    ])
    .meta({
      description: `A plain string (the English text) or { ja, en }; each at most ${max} characters, an empty one meaning none.`,
    });

export type OptionalTextInput = z.infer<ReturnType<typeof optionalTextInput>>;

/** A change to a text that may have none: as textPatch, an empty string removing a language as null does. */
export const optionalTextPatch = (max: number) =>
  z
    .union([
      mayBeEmpty(max),
      z.strictObject({
        ja: mayBeEmpty(max).nullable().optional(),
        en: mayBeEmpty(max).nullable().optional(),
      }),
    ])
    .meta({
      description: `A plain string replaces the English text; { ja, en } changes the languages it names, null or an empty string removing one. Each at most ${max} characters.`,
    });
export type OptionalTextPatch = z.infer<ReturnType<typeof optionalTextPatch>>;

/** A text as sent or a change to one: a plain string is the English text; null or '' removes a language. */
type TextChange = string | { ja?: string | null; en?: string | null };

/** A text after a change (or as first sent, with no current text); undefined when no language is left. */
export function patchText(current: LocalizedText | undefined, change: TextChange): LocalizedText | undefined {
  const changes = typeof change === 'string' ? { en: change } : change;
  const next: LocalizedText = {};
  for (const language of TEXT_LANGUAGES) {
    const value = changes[language] === undefined ? current?.[language] : changes[language] || undefined;
    if (value !== undefined) next[language] = value;
  }
  return next.ja === undefined && next.en === undefined ? undefined : next;
}

/** A text as sent, as it is stored: by language (`{}` for an optional text sent empty). */
export const toLocalizedText = (text: TextChange): LocalizedText => patchText(undefined, text) ?? {};

/** The language of the one-string fields (`name`, `label`, `unit`) kept for clients that show one text. */
export const ONE_TEXT_LANGUAGE = 'en';
export const oneText = (text: LocalizedText) => pickLabel(text, ONE_TEXT_LANGUAGE);

const common = {
  name: slug.refine((n) => !RESERVED_NAMES.includes(n), 'is a reserved name'),
  label: textInput(LABEL_MAX),
  required: z.boolean().default(false),
};

export const attributeInputSchema = z.discriminatedUnion('type', [
  z.object({
    ...common,
    type: z.literal('number'),
    unit: textInput(UNIT_MAX).optional(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    integer: z.boolean().default(false),
  }),
  z.object({
    ...common,
    type: z.literal('enum'),
    values: z
      .array(slug)
      .min(1)
      .max(200)
      .refine((v) => new Set(v).size === v.length, 'values must be distinct')
      .meta({ description: 'The values as conditions and CSV files name them; they never change.' }),
    valueLabels: z.record(slug, textInput(LABEL_MAX)).optional().meta({
      description: 'Labels of some or all of the values, by value; a value without one is shown as it is.',
    }),
  }),
  z.object({ ...common, type: z.literal('boolean') }),
  z.object({ ...common, type: z.literal('text'), maxLength: z.number().int().min(1).max(1000).default(200) }),
]);

/** An attribute as clients send it (defaults applied): its texts plain or by language. */
export type AttributeInput = z.infer<typeof attributeInputSchema>;

export const localizedTextSchema = z.object({ ja: z.string().optional(), en: z.string().optional() }).meta({
  id: 'LocalizedText',
  description:
    'A text in Japanese (ja) and English (en), at least one of them: show the reader’s language, else the other.',
});

const shown = {
  name: z.string(),
  label: z.string().meta({
    description: 'The label in English, else in Japanese, for clients that show one text; `labels` has both.',
  }),
  labels: localizedTextSchema,
  required: z.boolean(),
  slot: z.string(),
};

/** An attribute as the API answers it: each text by language, and in one string as before. */
export const attributeViewSchema = z.discriminatedUnion('type', [
  z.object({
    ...shown,
    type: z.literal('number'),
    unit: z
      .string()
      .optional()
      .meta({ description: 'The unit in English, else in Japanese; `units` has both.' }),
    units: localizedTextSchema.optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean(),
  }),
  z.object({
    ...shown,
    type: z.literal('enum'),
    values: z.array(z.string()).meta({ description: 'The values as conditions and CSV files name them.' }),
    valueLabels: z.record(z.string(), localizedTextSchema).meta({
      description: 'Labels by value, for display only; a value without one is shown as it is.',
    }),
  }),
  z.object({ ...shown, type: z.literal('boolean') }),
  z.object({ ...shown, type: z.literal('text'), maxLength: z.number().int() }),
]);
export type AttributeView = z.infer<typeof attributeViewSchema>;

type WithoutOneText<A> = A extends unknown ? Omit<A, 'label' | 'unit' | 'slot'> : never;
/** An attribute as stored in its kind: its texts by language only, and its slot. */
export type AttributeDefinition = WithoutOneText<AttributeView> & { slot: Slot };
export type AttributeValue = number | string | boolean;

/** An attribute as the API answers it. */
export function attributeView(definition: AttributeDefinition): AttributeView {
  const label = oneText(definition.labels);
  if (definition.type === 'number' && definition.units)
    return { ...definition, label, unit: oneText(definition.units) };
  return { ...definition, label };
}

/** An attribute as sent, as it is stored in the given slot; refused when it labels a value it lacks. */
function toDefinition(input: AttributeInput, slot: Slot): Result<AttributeDefinition, Message> {
  const labels = toLocalizedText(input.label);
  switch (input.type) {
    case 'number': {
      const { label: _, unit, ...number } = input;
      return ok({ ...number, labels, ...(unit !== undefined && { units: toLocalizedText(unit) }), slot });
    }
    case 'enum': {
      const { label: _, valueLabels = {}, ...enumeration } = input;
      const stray = Object.keys(valueLabels).find((v) => !input.values.includes(v));
      if (stray !== undefined)
        return err(message('kind.stray_label', { attribute: input.name, value: stray }));
      const labelled = Object.entries(valueLabels).map(([v, text]) => [v, toLocalizedText(text)]);
      return ok({ ...enumeration, labels, valueLabels: Object.fromEntries(labelled), slot });
    }
    default: {
      const { label: _, ...rest } = input;
      return ok({ ...rest, labels, slot });
    }
  }
}

/** Gives each new attribute a free slot of its type; names the attribute when none is left. */
export function assignSlots(
  existing: readonly AttributeDefinition[],
  added: readonly AttributeInput[],
): Result<AttributeDefinition[], Message> {
  const used = new Set<string>(existing.map((a) => a.slot));
  const names = new Set(existing.map((a) => a.name));
  const result: AttributeDefinition[] = [...existing];
  for (const attribute of added) {
    if (names.has(attribute.name)) return err(message('kind.defined_twice', { attribute: attribute.name }));
    if (attribute.type === 'number' && attribute.min !== undefined && attribute.max !== undefined) {
      if (attribute.min > attribute.max)
        return err(message('kind.min_above_max', { attribute: attribute.name }));
    }
    const slot = SLOTS_BY_TYPE[attribute.type].find((s) => !used.has(s));
    if (!slot) {
      return err(
        message('kind.too_many', {
          attribute: attribute.name,
          max: String(SLOTS_BY_TYPE[attribute.type].length),
          type: attribute.type,
        }),
      );
    }
    const definition = toDefinition(attribute, slot);
    if (!definition.ok) return definition;
    used.add(slot);
    names.add(attribute.name);
    result.push(definition.value);
  }
  return ok(result);
}

/** New display texts for an attribute a kind has: its name, type, values and slot stay as they are. */
export interface AttributeRelabel {
  label?: TextPatch;
  /** `null` removes the unit. */
  unit?: TextPatch | null;
  /** By value; `null` removes a value's label. */
  valueLabels?: Record<string, TextPatch | null>;
}

/** An attribute with its texts changed; refused when a change does not fit it. */
export function relabelAttribute(
  definition: AttributeDefinition,
  change: AttributeRelabel,
): Result<AttributeDefinition, Message> {
  const attribute = definition.name;
  const labels = change.label === undefined ? definition.labels : patchText(definition.labels, change.label);
  if (!labels) return err(message('kind.label_needs_text', { attribute }));
  if (change.unit !== undefined && definition.type !== 'number')
    return err(message('kind.unit_not_number', { attribute }));
  if (change.valueLabels !== undefined && definition.type !== 'enum')
    return err(message('kind.value_labels_not_enum', { attribute }));
  switch (definition.type) {
    case 'number': {
      const { units: current, ...number } = definition;
      const units =
        change.unit === undefined
          ? current
          : change.unit === null
            ? undefined
            : patchText(current, change.unit);
      return ok({ ...number, labels, ...(units && { units }) });
    }
    case 'enum': {
      const valueLabels = { ...definition.valueLabels };
      for (const [value, text] of Object.entries(change.valueLabels ?? {})) {
        if (!definition.values.includes(value)) return err(message('kind.stray_label', { attribute, value }));
        const patched = text === null ? undefined : patchText(valueLabels[value], text);
        if (patched) valueLabels[value] = patched;
        else delete valueLabels[value];
      }
      return ok({ ...definition, labels, valueLabels });
    }
    default:
      return ok({ ...definition, labels });
  }
}

export interface AttributeError {
  attribute: string;
  /** Completes "attribute <name> …". */
  reason: Message;
}

/**
 * Checks commodity characteristics against the kind's schema (A1). With `fromText`, values are
 * read from strings as a CSV gives them. Every problem is reported, each naming its attribute.
 */
export function validateAttributes(
  definitions: readonly AttributeDefinition[],
  input: Record<string, unknown>,
  options: { fromText?: boolean } = {},
): Result<Record<string, AttributeValue>, AttributeError[]> {
  const errors: AttributeError[] = [];
  const values: Record<string, AttributeValue> = {};
  const known = new Set(definitions.map((d) => d.name));
  for (const name of Object.keys(input)) {
    if (!known.has(name)) errors.push({ attribute: name, reason: message('attribute.unknown') });
  }
  for (const definition of definitions) {
    let raw = input[definition.name];
    if (options.fromText && raw === '') raw = undefined;
    if (raw === undefined || raw === null) {
      if (definition.required)
        errors.push({ attribute: definition.name, reason: message('attribute.required') });
      continue;
    }
    const checked = checkValue(definition, options.fromText ? fromText(definition, raw) : raw);
    if (checked.ok) values[definition.name] = checked.value;
    else errors.push({ attribute: definition.name, reason: checked.error });
  }
  return errors.length ? err(errors) : ok(values);
}

function fromText(definition: AttributeDefinition, raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  const text = raw.trim();
  if (definition.type === 'number') return text === '' || Number.isNaN(Number(text)) ? raw : Number(text);
  if (definition.type === 'boolean') {
    const lower = text.toLowerCase();
    if (['true', 'yes', '1'].includes(lower)) return true;
    if (['false', 'no', '0'].includes(lower)) return false;
  }
  return text;
}

/** Checks one value against its attribute's type; the reason completes "attribute <name> …". */
export function checkValue(definition: AttributeDefinition, value: unknown): Result<AttributeValue, Message> {
  switch (definition.type) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return err(message('value.not_a_number'));
      if (definition.integer && !Number.isInteger(value)) return err(message('value.not_whole'));
      // As text, so that a bound reads as it was defined (no grouping), in the kind's unit if any.
      const unit = definition.units && localized(definition.units);
      if (definition.min !== undefined && value < definition.min) {
        const min = String(definition.min);
        return err(
          unit ? message('value.below_min_unit', { min, unit }) : message('value.below_min', { min }),
        );
      }
      if (definition.max !== undefined && value > definition.max) {
        const max = String(definition.max);
        return err(
          unit ? message('value.above_max_unit', { max, unit }) : message('value.above_max', { max }),
        );
      }
      return ok(value);
    }
    case 'enum':
      if (typeof value !== 'string' || !definition.values.includes(value)) {
        return err(message('value.not_one_of', { values: definition.values.join(', ') }));
      }
      return ok(value);
    case 'boolean':
      return typeof value === 'boolean' ? ok(value) : err(message('value.not_boolean'));
    case 'text':
      if (typeof value !== 'string' || value.trim() === '') return err(message('value.empty_text'));
      if (value.length > definition.maxLength)
        return err(message('value.too_long', { maxLength: String(definition.maxLength) }));
      return ok(value);
  }
}

/** The slot columns of an offer for a commodity's validated attributes. */
export function slotValues(
  definitions: readonly AttributeDefinition[],
  values: Record<string, AttributeValue>,
): Partial<Record<Slot, AttributeValue>> {
  const slots: Partial<Record<Slot, AttributeValue>> = {};
  for (const d of definitions) {
    const v = values[d.name];
    if (v !== undefined) slots[d.slot] = v;
  }
  return slots;
}
