import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Label } from '../app/shown-text.tsx';
import { Button, CodeInput, Field } from '../app/ui.tsx';
import { type MessageId, useT } from '../i18n/i18n.tsx';
import type { AttributeType } from './api-types.ts';
import { type AttributeDraft, newDraft, rowPath, slugify, splitValues } from './attribute-draft.ts';
import { CheckboxField } from './checkbox-field.tsx';
import type { FieldErrors } from './form-feedback.tsx';
import { emptyText, LocalizedTextFields, textInput } from './localized-fields.tsx';

const TYPES: { value: AttributeType; text: MessageId }[] = [
  { value: 'number', text: 'operator.attributeEditor.typeOption.number' },
  { value: 'enum', text: 'operator.attributeEditor.typeOption.enum' },
  { value: 'boolean', text: 'operator.attributeEditor.typeOption.boolean' },
  { value: 'text', text: 'operator.attributeEditor.typeOption.text' },
];

/**
 * Rows of attributes to add to a kind: each with its label in Japanese and English, name and
 * type, and the settings of that type. Errors show in the row they concern.
 */
export function AttributeEditor(props: {
  drafts: AttributeDraft[];
  onChange: (drafts: AttributeDraft[]) => void;
  errors: FieldErrors;
  /** Attributes added to an existing kind cannot be required. */
  allowRequired: boolean;
  empty: ReactNode;
}) {
  const t = useT();
  const editor = useRef<HTMLDivElement>(null);
  const [focusRow, setFocusRow] = useState<number | null>(null);
  useEffect(() => {
    // A new row takes focus, so a keyboard user can fill it in at once.
    if (focusRow === null) return;
    editor.current?.querySelector<HTMLElement>(`[data-row-key="${focusRow}"] input`)?.focus();
    setFocusRow(null);
  }, [focusRow]);

  const update = (key: number, change: Partial<AttributeDraft>) =>
    props.onChange(props.drafts.map((d) => (d.key === key ? { ...d, ...change } : d)));
  const add = () => {
    const draft = newDraft();
    props.onChange([...props.drafts, draft]);
    setFocusRow(draft.key);
  };
  const remove = (key: number) => {
    props.onChange(props.drafts.filter((d) => d.key !== key));
    editor.current?.querySelector<HTMLElement>('.add-attribute')?.focus();
  };

  return (
    <div ref={editor} className="attribute-editor">
      {props.errors.attributes && (
        <p className="field-error" tabIndex={-1} data-invalid>
          {props.errors.attributes}
        </p>
      )}
      {props.drafts.length === 0 ? (
        props.empty
      ) : (
        <ol className="attribute-rows">
          {props.drafts.map((draft, row) => (
            <li key={draft.key} data-row-key={draft.key}>
              <AttributeRow
                draft={draft}
                number={row + 1}
                errors={props.errors}
                allowRequired={props.allowRequired}
                onChange={(change) => update(draft.key, change)}
                onRemove={() => remove(draft.key)}
              />
            </li>
          ))}
        </ol>
      )}
      <Button className="add-attribute" onClick={add}>
        {t('operator.attributeEditor.add')}
      </Button>
    </div>
  );
}

function AttributeRow(props: {
  draft: AttributeDraft;
  /** The row's position as people count it. */
  number: number;
  errors: FieldErrors;
  allowRequired: boolean;
  onChange: (change: Partial<AttributeDraft>) => void;
  onRemove: () => void;
}) {
  const { draft, number: position, onChange } = props;
  const error = (field?: string) => props.errors[rowPath(draft.key, field)];
  const text = (field: 'min' | 'max' | 'values' | 'maxLength') => ({
    value: draft[field],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => onChange({ [field]: e.target.value }),
  });
  const numeric = { type: 'text', inputMode: 'decimal', autoComplete: 'off' } as const;
  const rowErrorId = useId();
  const t = useT();
  const label = textInput(draft.labels);

  return (
    <fieldset className="attribute-row" aria-describedby={error() ? rowErrorId : undefined}>
      <legend>
        {Object.keys(label).length
          ? t.rich('operator.attributeEditor.legendLabelled', {
              number: position,
              label: <Label text={label} />,
            })
          : t('operator.attributeEditor.legend', { number: position })}
      </legend>
      {error() && (
        <p className="field-error" id={rowErrorId} tabIndex={-1} data-invalid>
          {error()}
        </p>
      )}
      <div className="attribute-grid">
        <LocalizedTextFields
          label={t('operator.attributeEditor.label')}
          hints={{
            ja: t('operator.attributeEditor.labelHint.ja'),
            en: t('operator.attributeEditor.labelHint.en'),
          }}
          value={draft.labels}
          onChange={(labels) =>
            onChange({ labels, ...(!draft.nameEdited && { name: slugify(labels.en, '_') }) })
          }
          errors={props.errors}
          path={rowPath(draft.key, 'label')}
        />
        <Field
          label={t('operator.attributeEditor.name')}
          hint={t('operator.attributeEditor.nameHint')}
          error={error('name')}
        >
          {(control) => (
            <CodeInput
              {...control}
              value={draft.name}
              onChange={(e) => onChange({ name: e.target.value, nameEdited: true })}
            />
          )}
        </Field>
        <Field label={t('operator.attributeEditor.type')} error={error('type')}>
          {(control) => (
            <select
              {...control}
              value={draft.type}
              onChange={(e) => onChange({ type: e.target.value as AttributeType })}
            >
              {TYPES.map((type) => (
                <option key={type.value} value={type.value}>
                  {t(type.text)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {draft.type === 'number' && (
          <>
            <LocalizedTextFields
              label={t('operator.attributeEditor.unit')}
              hints={{
                ja: t('operator.attributeEditor.unitHint.ja'),
                en: t('operator.attributeEditor.unitHint.en'),
              }}
              value={draft.units}
              onChange={(units) => onChange({ units })}
              errors={props.errors}
              path={rowPath(draft.key, 'unit')}
            />
            <Field
              label={t('operator.attributeEditor.min')}
              hint={t('operator.attributeEditor.optional')}
              error={error('min')}
            >
              {(control) => <input {...control} {...numeric} {...text('min')} />}
            </Field>
            <Field
              label={t('operator.attributeEditor.max')}
              hint={t('operator.attributeEditor.optional')}
              error={error('max')}
            >
              {(control) => <input {...control} {...numeric} {...text('max')} />}
            </Field>
          </>
        )}
        {draft.type === 'enum' && (
          <Field
            label={t('operator.attributeEditor.values')}
            className="wide"
            hint={t('operator.attributeEditor.valuesHint')}
            error={error('values')}
          >
            {(control) => <CodeInput {...control} {...text('values')} />}
          </Field>
        )}
        {draft.type === 'enum' &&
          [...new Set(splitValues(draft.values))].map((value) => (
            <LocalizedTextFields
              key={value}
              label={t('operator.attributeEditor.valueLabel', { value })}
              value={draft.valueLabels[value] ?? emptyText()}
              onChange={(text) => onChange({ valueLabels: { ...draft.valueLabels, [value]: text } })}
              errors={props.errors}
              path={rowPath(draft.key, `valueLabels.${value}`)}
            />
          ))}
        {draft.type === 'text' && (
          <Field
            label={t('operator.attributeEditor.maxLength')}
            hint={t('operator.attributeEditor.maxLengthHint')}
            error={error('maxLength')}
          >
            {(control) => <input {...control} {...numeric} inputMode="numeric" {...text('maxLength')} />}
          </Field>
        )}
      </div>
      <div className="attribute-flags">
        {draft.type === 'number' && (
          <CheckboxField
            label={t('operator.attributeEditor.integer')}
            checked={draft.integer}
            error={error('integer')}
            onChange={(integer) => onChange({ integer })}
          />
        )}
        {props.allowRequired && (
          <CheckboxField
            label={t('operator.attributeEditor.required')}
            hint={t('operator.attributeEditor.requiredHint')}
            checked={draft.required}
            error={error('required')}
            onChange={(required) => onChange({ required })}
          />
        )}
        <Button variant="danger" className="remove-attribute" onClick={props.onRemove}>
          {t.rich('operator.attributeEditor.remove', {
            number: position,
            hidden: (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>,
          })}
        </Button>
      </div>
    </fieldset>
  );
}
