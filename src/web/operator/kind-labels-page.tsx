import { type FormEvent, type ReactNode, useState } from 'react';
import { Label } from '../app/shown-text.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { AttributeDefinition, Kind } from './api-types.ts';
import { type FieldErrors, refusalProblem, useFormProblem } from './form-feedback.tsx';
import { KindAbout, KindFormActions, KindFormFrame, KindFormPage, useKindSave } from './kind-form.tsx';
import {
  LocalizedTextFields,
  type TextDraft,
  textChange,
  textDraft,
  textInput,
} from './localized-fields.tsx';
import { useOperator } from './operator-session.tsx';

type TextChange = NonNullable<ReturnType<typeof textChange>>;

/** What the market takes to change a kind's texts (PATCH /operator/kinds/{kindId}). */
interface Relabel {
  name?: TextChange;
  description?: TextChange;
  attributeLabels?: Record<
    string,
    { label?: TextChange; unit?: TextChange; valueLabels?: Record<string, TextChange> }
  >;
}

/** An attribute's texts as typed: label, unit (numbers) and value labels (enums). */
interface AttributeTexts {
  label: TextDraft;
  unit: TextDraft;
  values: Record<string, TextDraft>;
}

const textsOf = (a: AttributeDefinition): AttributeTexts => ({
  label: textDraft(a.labels),
  unit: textDraft(a.type === 'number' ? a.units : undefined),
  values: Object.fromEntries(a.type === 'enum' ? a.values.map((v) => [v, textDraft(a.valueLabels[v])]) : []),
});

/** Where the market puts an attribute's text errors, and where this form shows them. */
const labelsPath = (attribute: string, field: string) => `attributeLabels.${attribute}.${field}`;

export const KindLabelsPage = () => <KindFormPage words="operator.kindLabels" form={LabelsForm} />;

/**
 * A kind's texts in Japanese and English: its name and description, and each attribute's label,
 * unit and value labels. Only what changed is sent; a language emptied is removed.
 */
function LabelsForm({ kind }: { kind: Kind }) {
  const { call } = useOperator();
  const t = useT();
  const [name, setName] = useState(() => textDraft(kind.names));
  const [description, setDescription] = useState(() => textDraft(kind.descriptions));
  const [texts, setTexts] = useState(() =>
    Object.fromEntries(kind.attributes.map((a) => [a.name, textsOf(a)])),
  );
  const { form, problem, errors, fail, clear } = useFormProblem();
  const save = useKindSave(
    (body: Relabel) => call<Kind>('PATCH', `/operator/kinds/${encodeURIComponent(kind.id)}`, { body }),
    'relabelled',
  );
  const change = (attribute: string, next: Partial<AttributeTexts>) =>
    setTexts((all) => ({ ...all, [attribute]: { ...(all[attribute] as AttributeTexts), ...next } }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // A name and a label are shown always, so each keeps at least one language; a description may have none.
    const missing: FieldErrors = {};
    if (!Object.keys(textInput(name)).length) missing.name = t('operator.problem.textNeeded');
    for (const a of kind.attributes) {
      const typed = texts[a.name] as AttributeTexts;
      if (!Object.keys(textInput(typed.label)).length)
        missing[labelsPath(a.name, 'label')] = t('operator.problem.textNeeded');
    }
    if (Object.keys(missing).length) return fail({ fields: missing, general: null });
    const body = relabelBody(kind, name, description, texts);
    if (!body) return fail({ fields: {}, general: t('operator.kindLabels.nothingToSave') });
    clear();
    save.mutate(body, { onError: (error) => fail(refusalProblem(error, t)) });
  };

  return (
    <KindFormFrame words="operator.kindLabels" kind={kind} form={form} onSubmit={submit} problem={problem}>
      <KindAbout
        name={name}
        onName={setName}
        description={description}
        onDescription={setDescription}
        errors={errors}
      />
      {kind.attributes.length > 0 && (
        <section className="panel" aria-labelledby="labels-attributes-heading">
          <h2 id="labels-attributes-heading">{t('operator.kind.attributes')}</h2>
          {kind.attributes.map((a) => {
            const typed = texts[a.name] as AttributeTexts;
            return (
              <fieldset key={a.name} className="attribute-row">
                <legend>
                  {t.rich('operator.kindLabels.attribute', {
                    label: <Label text={a.labels} />,
                    name: a.name,
                    mono: (chunks: ReactNode[]) => <span className="mono">{chunks}</span>,
                  })}
                </legend>
                <div className="attribute-grid">
                  <LocalizedTextFields
                    label={t('operator.attributeEditor.label')}
                    value={typed.label}
                    onChange={(label) => change(a.name, { label })}
                    errors={errors}
                    path={labelsPath(a.name, 'label')}
                  />
                  {a.type === 'number' && (
                    <LocalizedTextFields
                      label={t('operator.attributeEditor.unit')}
                      value={typed.unit}
                      onChange={(unit) => change(a.name, { unit })}
                      errors={errors}
                      path={labelsPath(a.name, 'unit')}
                    />
                  )}
                  {a.type === 'enum' &&
                    a.values.map((value) => (
                      <LocalizedTextFields
                        key={value}
                        label={t('operator.attributeEditor.valueLabel', { value })}
                        value={typed.values[value] as TextDraft}
                        onChange={(text) => change(a.name, { values: { ...typed.values, [value]: text } })}
                        errors={errors}
                        path={labelsPath(a.name, `valueLabels.${value}`)}
                      />
                    ))}
                </div>
              </fieldset>
            );
          })}
        </section>
      )}
      <KindFormActions
        submit={t('operator.kindLabels.submit')}
        busy={save.isPending}
        cancel={`/kinds/${kind.id}`}
      />
    </KindFormFrame>
  );
}

/** The change from the kind's texts to those typed; undefined when nothing changed. */
function relabelBody(
  kind: Kind,
  name: TextDraft,
  description: TextDraft,
  texts: Record<string, AttributeTexts>,
): Relabel | undefined {
  const body: Relabel = {};
  const nameChange = textChange(kind.names, name);
  if (nameChange) body.name = nameChange;
  const descriptionChange = textChange(kind.descriptions, description);
  if (descriptionChange) body.description = descriptionChange;
  const attributeLabels: NonNullable<Relabel['attributeLabels']> = {};
  for (const a of kind.attributes) {
    const typed = texts[a.name] as AttributeTexts;
    const label = textChange(a.labels, typed.label);
    const unit = a.type === 'number' ? textChange(a.units, typed.unit) : undefined;
    const valueLabels = Object.fromEntries(
      (a.type === 'enum' ? a.values : []).flatMap((v) => {
        const changed = a.type === 'enum' && textChange(a.valueLabels[v], typed.values[v] as TextDraft);
        return changed ? [[v, changed]] : [];
      }),
    );
    const changes = {
      ...(label && { label }),
      ...(unit && { unit }),
      ...(Object.keys(valueLabels).length > 0 && { valueLabels }),
    };
    if (Object.keys(changes).length) attributeLabels[a.name] = changes;
  }
  if (Object.keys(attributeLabels).length) body.attributeLabels = attributeLabels;
  return Object.keys(body).length ? body : undefined;
}
