import { type LocalizedText, pickLabel } from '../../protocol/localized-text.ts';
import { activeLocale } from '../i18n/i18n.tsx';
import type { AttributeDefinition, Kind } from './market-types.ts';

/**
 * The texts of kinds as every terminal shows them: in the language shown, else in the other
 * (pickLabel). Names of attributes and enum values are identifiers and never shown for them.
 */
export const shownText = (text: LocalizedText): string => pickLabel(text, activeLocale());

export const kindName = (kind: Pick<Kind, 'names'>): string => shownText(kind.names);

export const attributeLabel = (attribute: Pick<AttributeDefinition, 'labels'>): string =>
  shownText(attribute.labels);

/** A number attribute's unit; none for other types, or a number without one. */
export const attributeUnit = (attribute: AttributeDefinition): string | undefined =>
  attribute.type === 'number' && attribute.units ? shownText(attribute.units) : undefined;

/** An enum value's label, if it has one; each terminal says an unlabelled value its own way. */
export function enumValueLabel(
  attribute: AttributeDefinition | undefined,
  value: string,
): string | undefined {
  const text = attribute?.type === 'enum' ? attribute.valueLabels[value] : undefined;
  return text && shownText(text);
}

/** The label of a kind's attribute named `name`, if the kind has one. */
export function attributeLabelOf(kind: Pick<Kind, 'attributes'> | undefined, name: string | undefined) {
  const attribute = kind?.attributes.find((a) => a.name === name);
  return attribute && attributeLabel(attribute);
}
