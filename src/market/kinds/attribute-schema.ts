import { z } from 'zod';
import { err, ok, type Result } from '../../platform/result.ts';
import { SLOTS_BY_TYPE, type Slot } from './slots.ts';

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _, starting with a letter, at most 40');

/** Names used by every offer; an attribute may not shadow them in a purchase request. */
export const RESERVED_NAMES = ['price', 'currency', 'stock', 'model', 'name', 'kind', 'seller'];

const common = {
  name: slug.refine((n) => !RESERVED_NAMES.includes(n), 'is a reserved name'),
  label: z.string().min(1).max(80),
  required: z.boolean().default(false),
};

export const attributeInputSchema = z.discriminatedUnion('type', [
  z.object({
    ...common,
    type: z.literal('number'),
    unit: z.string().min(1).max(20).optional(),
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
      .refine((v) => new Set(v).size === v.length, 'values must be distinct'),
  }),
  z.object({ ...common, type: z.literal('boolean') }),
  z.object({ ...common, type: z.literal('text'), maxLength: z.number().int().min(1).max(1000).default(200) }),
]);

export type AttributeInput = z.infer<typeof attributeInputSchema>;
export type AttributeDefinition = AttributeInput & { slot: Slot };
export type AttributeValue = number | string | boolean;

export const attributeDefinitionSchema = z.intersection(attributeInputSchema, z.object({ slot: z.string() }));

/** Gives each new attribute a free slot of its type; names the attribute when none is left. */
export function assignSlots(
  existing: readonly AttributeDefinition[],
  added: readonly AttributeInput[],
): Result<AttributeDefinition[], string> {
  const used = new Set<string>(existing.map((a) => a.slot));
  const names = new Set(existing.map((a) => a.name));
  const result: AttributeDefinition[] = [...existing];
  for (const attribute of added) {
    if (names.has(attribute.name)) return err(`attribute ${attribute.name} is defined twice`);
    if (attribute.type === 'number' && attribute.min !== undefined && attribute.max !== undefined) {
      if (attribute.min > attribute.max) return err(`attribute ${attribute.name}: min is greater than max`);
    }
    const slot = SLOTS_BY_TYPE[attribute.type].find((s) => !used.has(s));
    if (!slot) {
      return err(
        `attribute ${attribute.name}: a kind holds at most ${SLOTS_BY_TYPE[attribute.type].length} ${attribute.type} attributes`,
      );
    }
    used.add(slot);
    names.add(attribute.name);
    result.push({ ...attribute, slot });
  }
  return ok(result);
}

export interface AttributeError {
  attribute: string;
  message: string;
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
    if (!known.has(name)) errors.push({ attribute: name, message: 'is not an attribute of this kind' });
  }
  for (const definition of definitions) {
    let raw = input[definition.name];
    if (options.fromText && raw === '') raw = undefined;
    if (raw === undefined || raw === null) {
      if (definition.required) errors.push({ attribute: definition.name, message: 'is required' });
      continue;
    }
    const checked = checkValue(definition, options.fromText ? fromText(definition, raw) : raw);
    if (checked.ok) values[definition.name] = checked.value;
    else errors.push({ attribute: definition.name, message: checked.error });
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

/** Checks one value against its attribute's type; the message completes "attribute <name> …". */
export function checkValue(definition: AttributeInput, value: unknown): Result<AttributeValue, string> {
  switch (definition.type) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return err(`must be a number`);
      if (definition.integer && !Number.isInteger(value)) return err('must be a whole number');
      const unit = definition.unit ? ` ${definition.unit}` : '';
      if (definition.min !== undefined && value < definition.min)
        return err(`must be at least ${definition.min}${unit}`);
      if (definition.max !== undefined && value > definition.max)
        return err(`must be at most ${definition.max}${unit}`);
      return ok(value);
    }
    case 'enum':
      if (typeof value !== 'string' || !definition.values.includes(value)) {
        return err(`must be one of ${definition.values.join(', ')}`);
      }
      return ok(value);
    case 'boolean':
      return typeof value === 'boolean' ? ok(value) : err('must be true or false');
    case 'text':
      if (typeof value !== 'string' || value.trim() === '') return err('must be a non-empty text');
      if (value.length > definition.maxLength)
        return err(`must be at most ${definition.maxLength} characters`);
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
