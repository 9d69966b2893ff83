import type { ReactNode } from 'react';
import { unitTexts, valueLabelTexts } from '../app/kind-labels.ts';
import { Label, ShownOption, shown } from '../app/shown-text.tsx';
import { Field } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { AttributeDefinition } from './types.ts';

/** An enum value without a label as people read it: "wool_blend" → "wool blend". */
export const valueLabel = (value: string) => value.replaceAll('_', ' ');

/**
 * The control for one attribute of a kind's schema, labelled with the attribute's label: text
 * with a unit for numbers, a choice for enums and booleans (so "not stated" stays possible
 * when optional), text for text.
 */
export function AttributeField(props: {
  definition: AttributeDefinition;
  value: string;
  error?: string;
  onChange(value: string): void;
}) {
  const { definition: d } = props;
  const t = useT();
  const label = (
    <>
      <Label text={d.labels} />
      {!d.required && <span className="optional"> {t('salesperson.attribute.optional')}</span>}
    </>
  );
  const none = d.required ? t('salesperson.attribute.choose') : t('salesperson.attribute.notStated');
  const unit = unitTexts(d);
  return (
    <Field label={label} hint={attributeHint(t, d)} error={props.error}>
      {(control) => {
        const common = {
          ...control,
          required: d.required,
          value: props.value,
          onChange: (e: { target: { value: string } }) => props.onChange(e.target.value),
        };
        switch (d.type) {
          case 'number':
            return (
              <span className="with-unit">
                <input {...common} inputMode={d.integer ? 'numeric' : 'decimal'} autoComplete="off" />
                {unit && (
                  <span aria-hidden="true">
                    <Label text={unit} />
                  </span>
                )}
              </span>
            );
          case 'enum':
            return (
              <select {...common}>
                <option value="">{none}</option>
                {d.values.map((v) => {
                  const label = valueLabelTexts(d, v);
                  return (
                    <ShownOption key={v} value={v} shown={label ? shown(label) : { text: valueLabel(v) }} />
                  );
                })}
              </select>
            );
          case 'boolean':
            return (
              <select {...common}>
                <option value="">{none}</option>
                <option value="true">{t('salesperson.attribute.yes')}</option>
                <option value="false">{t('salesperson.attribute.no')}</option>
              </select>
            );
          case 'text':
            return <input {...common} maxLength={d.maxLength} autoComplete="off" />;
        }
      }}
    </Field>
  );
}

/** What a number attribute allows, e.g. "100 to 10000 MHz, whole number"; a text attribute, its length. */
function attributeHint(t: ReturnType<typeof useT>, definition: AttributeDefinition): ReactNode {
  if (definition.type === 'text')
    return t('salesperson.fields.hint.maxLength', { max: definition.maxLength });
  if (definition.type !== 'number') return undefined;
  const units = unitTexts(definition);
  const unitText = units && <Label text={units} />;
  const unit = unitText ? <> {unitText}</> : '';
  const { min, max } = definition;
  const range =
    min !== undefined && max !== undefined
      ? t.rich('salesperson.fields.hint.range', { min, max, unit })
      : min !== undefined
        ? t.rich('salesperson.fields.hint.atLeast', { min, unit })
        : max !== undefined
          ? t.rich('salesperson.fields.hint.atMost', { max, unit })
          : unitText && t.rich('salesperson.fields.hint.inUnit', { unit: unitText });
  if (!definition.integer) return range || undefined;
  return range
    ? t.rich('salesperson.fields.hint.rangeWholeNumber', { range })
    : t('salesperson.fields.hint.wholeNumber');
}
