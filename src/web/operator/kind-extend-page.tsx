import { type FormEvent, type ReactNode, useState } from 'react';
import { Label } from '../app/shown-text.tsx';
import { CodeInput, Field } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { AttributeInput, Kind } from './api-types.ts';
import { splitValues } from './attribute-draft.ts';
import { AttributeTable } from './attribute-table.tsx';
import { AttributesPanel, KindFormActions, KindFormFrame, KindFormPage, useKindForm } from './kind-form.tsx';
import { useOperator } from './operator-session.tsx';

interface KindExtension {
  attributes?: AttributeInput[];
  enumValues?: Record<string, string[]>;
}

export const KindExtendPage = () => <KindFormPage words="operator.kindExtend" form={ExtendKindForm} />;

/**
 * What the market allows on an existing kind: new optional attributes and new enum values. Its
 * texts by language (name, description, labels) are changed on the labels page.
 */
function ExtendKindForm({ kind }: { kind: Kind }) {
  const { call } = useOperator();
  const t = useT();
  const [newValues, setNewValues] = useState<Record<string, string>>({});
  const { form, rows, problem, errors, saving, submit } = useKindForm({
    initialDrafts: () => [],
    save: (body: KindExtension) =>
      call<Kind>('PATCH', `/operator/kinds/${encodeURIComponent(kind.id)}`, { body }),
    saved: 'extended',
  });
  const lists = kind.attributes.filter((a) => a.type === 'enum');

  const extend = (event: FormEvent) =>
    submit(event, (attributes) => {
      const enumValues = Object.fromEntries(
        Object.entries(newValues)
          .map(([attribute, text]) => [attribute, splitValues(text)] as const)
          .filter(([, values]) => values.length),
      );
      const body: KindExtension = {
        ...(attributes.length > 0 && { attributes }),
        ...(Object.keys(enumValues).length > 0 && { enumValues }),
      };
      return Object.keys(body).length ? body : t('operator.kindExtend.nothingToSave');
    });

  return (
    <KindFormFrame words="operator.kindExtend" kind={kind} form={form} onSubmit={extend} problem={problem}>
      <div className="panel">
        <h2>{t('operator.kindForm.about')}</h2>
        <p className="muted">
          {t.rich('operator.kindExtend.id', {
            id: kind.id,
            mono: (chunks: ReactNode[]) => <span className="mono">{chunks}</span>,
          })}
        </p>
      </div>
      <section className="panel" aria-labelledby="existing-heading">
        <h2 id="existing-heading">{t('operator.kindExtend.existing')}</h2>
        <AttributeTable attributes={kind.attributes} caption={t('operator.kindExtend.existingCaption')} />
        {lists.length > 0 && (
          <>
            <h3 className="subheading">{t('operator.kindExtend.addValues')}</h3>
            <div className="grid">
              {lists.map((a) => (
                <Field
                  key={a.name}
                  label={t.rich('operator.kindExtend.newValues', { label: <Label text={a.labels} /> })}
                  hint={t('operator.kindExtend.newValuesHint', { values: a.values.join(', ') })}
                  error={errors[`enumValues.${a.name}`]}
                >
                  {(control) => (
                    <CodeInput
                      {...control}
                      value={newValues[a.name] ?? ''}
                      onChange={(e) => setNewValues({ ...newValues, [a.name]: e.target.value })}
                    />
                  )}
                </Field>
              ))}
            </div>
          </>
        )}
      </section>
      <AttributesPanel of="extend" rows={rows} />
      <KindFormActions submit={t('operator.kindExtend.submit')} busy={saving} cancel={`/kinds/${kind.id}`} />
    </KindFormFrame>
  );
}
