import { asc, eq, sql } from 'drizzle-orm';
import { type Executor, notify } from '../../platform/db/database.ts';
import type { Message } from '../../platform/http/messages.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import { kinds } from '../db/schema.ts';
import { message } from '../problems/catalogue.ts';
import {
  type AttributeDefinition,
  type AttributeInput,
  type AttributeRelabel,
  assignSlots,
  type OptionalTextInput,
  type OptionalTextPatch,
  patchText,
  relabelAttribute,
  type TextInput,
  type TextPatch,
  toLocalizedText,
} from './attribute-schema.ts';

export type Kind = typeof kinds.$inferSelect;

/** NOTIFY channel on which a created or changed kind's ID is announced. */
export const KINDS_CHANNEL = 'tokumei_kinds';

export type KindFailure =
  | { code: 'kind_exists'; kindId: string }
  | { code: 'kind_not_found'; kindId: string }
  | { code: 'invalid_kind'; reason: Message };

export const getKind = async (db: Executor, id: string): Promise<Kind | undefined> =>
  (await db.select().from(kinds).where(eq(kinds.id, id)))[0];

/** By name, in English where a kind has one (as the one-text `name` is). */
export const listKinds = (db: Executor): Promise<Kind[]> =>
  db
    .select()
    .from(kinds)
    .orderBy(asc(sql`coalesce(${kinds.names}->>'en', ${kinds.names}->>'ja')`), asc(kinds.id));

/** The operator prescribes a kind of commodity and its attribute schema (A1). */
export async function createKind(
  db: Executor,
  input: { id: string; name: TextInput; description?: OptionalTextInput; attributes: AttributeInput[] },
  now: Date,
): Promise<Result<Kind, KindFailure>> {
  const attributes = assignSlots([], input.attributes);
  if (!attributes.ok) return err({ code: 'invalid_kind', reason: attributes.error });
  const [created] = await db
    .insert(kinds)
    .values({
      id: input.id,
      names: toLocalizedText(input.name),
      descriptions: toLocalizedText(input.description ?? {}),
      attributes: attributes.value,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!created) return err({ code: 'kind_exists', kindId: input.id });
  await notify(db, KINDS_CHANNEL, created.id);
  return ok(created);
}

/**
 * Extends a kind: new attributes (optional ones only, since existing commodities lack them) and
 * new enum values. Nothing is removed or retyped, so every registered commodity stays valid.
 * Its texts (name, description, labels, units, value labels) may change: they are for display
 * only, so offers and slots are not touched.
 */
export async function extendKind(
  db: Executor,
  id: string,
  change: {
    name?: TextPatch;
    description?: OptionalTextPatch;
    attributes?: AttributeInput[];
    enumValues?: Record<string, string[]>;
    attributeLabels?: Record<string, AttributeRelabel>;
  },
  now: Date,
): Promise<Result<Kind, KindFailure>> {
  const [kind] = await db.select().from(kinds).where(eq(kinds.id, id)).for('update');
  if (!kind) return err({ code: 'kind_not_found', kindId: id });
  const invalid = (reason: Message) => err({ code: 'invalid_kind' as const, reason });
  const required = change.attributes?.find((a) => a.required);
  if (required) return invalid(message('kind.added_required', { attribute: required.name }));
  const names = change.name === undefined ? kind.names : patchText(kind.names, change.name);
  if (!names) return invalid(message('kind.name_needs_text'));
  let attributes: AttributeDefinition[] = kind.attributes;
  for (const [name, values] of Object.entries(change.enumValues ?? {})) {
    const target = attributes.find((a) => a.name === name);
    if (target?.type !== 'enum') return invalid(message('kind.not_enum', { attribute: name, kind: id }));
    attributes = attributes.map((a) =>
      a === target
        ? { ...target, values: [...target.values, ...values.filter((v) => !target.values.includes(v))] }
        : a,
    );
  }
  // After the new values, so that they can be labelled in the same change.
  for (const [name, relabel] of Object.entries(change.attributeLabels ?? {})) {
    const index = attributes.findIndex((a) => a.name === name);
    const target = attributes[index];
    if (!target) return invalid(message('kind.unknown_attribute', { attribute: name, kind: id }));
    const relabelled = relabelAttribute(target, relabel);
    if (!relabelled.ok) return invalid(relabelled.error);
    attributes = attributes.with(index, relabelled.value);
  }
  const extended = assignSlots(attributes, change.attributes ?? []);
  if (!extended.ok) return invalid(extended.error);
  const [updated] = await db
    .update(kinds)
    .set({
      names,
      descriptions:
        change.description === undefined
          ? kind.descriptions
          : (patchText(kind.descriptions, change.description) ?? {}),
      attributes: extended.value,
      updatedAt: now,
    })
    .where(eq(kinds.id, id))
    .returning();
  await notify(db, KINDS_CHANNEL, id);
  return ok(updated as Kind);
}
