import type { AttributeDefinition } from '../kinds/attribute-schema.ts';
import type { Condition } from '../retrieval/purchase-request.ts';

/** A condition as the preference store keeps it: a text attribute's has no value. */
export type StoredCondition = Pick<Condition, 'attribute' | 'op'> & { value?: Condition['value'] };

/** The attribute types whose values come from a fixed or numeric domain, not typed free text. */
const KEPT_TYPES = new Set<string>(['number', 'enum', 'boolean']);

/**
 * The conditions of a purchase request as they may leave the request: free text a purchaser
 * typed (a condition on a `text` attribute) is dropped, keeping the attribute and operator.
 * A value is kept only where the kind says it is not text, so an attribute the kind does not
 * know loses its value too. The migration of stored rows (0004) applies the same rule in SQL.
 */
export function storedConditions(
  kind: { attributes: readonly AttributeDefinition[] },
  conditions: readonly Condition[],
): StoredCondition[] {
  const kept = new Set(kind.attributes.filter((a) => KEPT_TYPES.has(a.type)).map((a) => a.name));
  kept.add('price');
  return conditions.map(({ attribute, op, value }) =>
    kept.has(attribute) ? { attribute, op, value } : { attribute, op },
  );
}
