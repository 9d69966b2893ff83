import { type LocalizedText, pickLabel } from '../../protocol/localized-text.ts';
import { activeLocale } from '../i18n/i18n.tsx';
import type { AttributeDefinition, Kind } from './market-types.ts';

/**
 * The texts of kinds as every terminal shows them: in the language shown, else in the other
 * (pickLabel). Names of attributes and enum values are identifiers and never shown for them.
 * These give the words alone, for messages and attributes; as content, a text is shown with
 * `<Label>` (shown-text.tsx), which marks the other language.
 */
export const shownText = (text: LocalizedText): string => pickLabel(text, activeLocale());

export const kindName = (kind: Pick<Kind, 'names'>): string => shownText(kind.names);

/** A kind's description by language, if it has one in either. */
export const descriptionOf = (kind: Pick<Kind, 'descriptions'> | undefined): LocalizedText | undefined =>
  kind && (kind.descriptions.ja ?? kind.descriptions.en) !== undefined ? kind.descriptions : undefined;

export const attributeLabel = (attribute: Pick<AttributeDefinition, 'labels'>): string =>
  shownText(attribute.labels);

/** A number attribute's unit by language; none for other types, or a number without one. */
export const unitTexts = (attribute: AttributeDefinition): LocalizedText | undefined =>
  attribute.type === 'number' ? attribute.units : undefined;

/** An enum value's label by language, if it has one; each terminal says an unlabelled value its own way. */
export const valueLabelTexts = (
  attribute: AttributeDefinition | undefined,
  value: string,
): LocalizedText | undefined => (attribute?.type === 'enum' ? attribute.valueLabels[value] : undefined);

/** A number attribute's unit, if it has one. */
export function attributeUnit(attribute: AttributeDefinition): string | undefined {
  const text = unitTexts(attribute);
  return text && shownText(text);
}

/** An enum value's label, if it has one. */
export function enumValueLabel(
  attribute: AttributeDefinition | undefined,
  value: string,
): string | undefined {
  const text = valueLabelTexts(attribute, value);
  return text && shownText(text);
}

/** The label of a kind's attribute named `name`, if the kind has one. */
export function attributeLabelOf(kind: Pick<Kind, 'attributes'> | undefined, name: string | undefined) {
  const attribute = kind?.attributes.find((a) => a.name === name);
  return attribute && attributeLabel(attribute);
}
