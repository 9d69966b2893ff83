import { attributeLabel, attributeUnit, enumValueLabel } from '../app/kind-labels.ts';
import { Field } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { attributeHint } from './offer-fields.ts';
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
      {attributeLabel(d)}
      {!d.required && <span className="optional"> {t('salesperson.attribute.optional')}</span>}
    </>
  );
  const none = d.required ? t('salesperson.attribute.choose') : t('salesperson.attribute.notStated');
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
                {attributeUnit(d) && <span aria-hidden="true">{attributeUnit(d)}</span>}
              </span>
            );
          case 'enum':
            return (
              <select {...common}>
                <option value="">{none}</option>
                {d.values.map((v) => (
                  <option key={v} value={v}>
                    {enumValueLabel(d, v) ?? valueLabel(v)}
                  </option>
                ))}
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
