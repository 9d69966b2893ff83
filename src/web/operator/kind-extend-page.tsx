import { type FormEvent, type ReactNode, useState } from 'react';
import { Link, useParams } from 'wouter';
import { ApiError } from '../app/api.ts';
import { attributeLabel, kindName } from '../app/kind-labels.ts';
import { Button, Empty, Field, Loading, Page, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { AttributeInput, Kind } from './api-types.ts';
import { splitValues } from './attribute-draft.ts';
import { AttributeEditor } from './attribute-editor.tsx';
import { AttributeTable } from './attribute-table.tsx';
import { FormProblemNotice } from './form-feedback.tsx';
import { DescriptionField, useKindForm } from './kind-form.tsx';
import { useKind } from './kind-queries.ts';
import { NoSuchKind } from './no-such-kind.tsx';
import { useOperator } from './operator-session.tsx';

interface KindExtension {
  description?: string;
  attributes?: AttributeInput[];
  enumValues?: Record<string, string[]>;
}

export function KindExtendPage() {
  const { kindId = '' } = useParams<{ kindId: string }>();
  const kind = useKind(kindId);
  const t = useT();
  if (kind.error instanceof ApiError && kind.error.status === 404) return <NoSuchKind kindId={kindId} />;
  if (!kind.data) {
    return (
      <Page title={t('operator.kindExtend.titleUnknown')} intro={t('operator.kindExtend.intro')}>
        <ProblemNotice error={kind.error} title={t('operator.kind.readFailed')} />
        {kind.isPending && <Loading label={t('operator.kind.loading')} rows={5} />}
      </Page>
    );
  }
  return <ExtendKindForm kind={kind.data} />;
}

/**
 * What the market allows on an existing kind: new optional attributes, new enum values, a new
 * description. Its texts by language are changed on the labels page.
 */
function ExtendKindForm({ kind }: { kind: Kind }) {
  const { call } = useOperator();
  const t = useT();
  const [description, setDescription] = useState(kind.description);
  const [newValues, setNewValues] = useState<Record<string, string>>({});
  const { form, drafts, setDrafts, problem, errors, saving, submit } = useKindForm({
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
        ...(description.trim() !== kind.description && { description: description.trim() }),
        ...(attributes.length > 0 && { attributes }),
        ...(Object.keys(enumValues).length > 0 && { enumValues }),
      };
      return Object.keys(body).length ? body : t('operator.kindExtend.nothingToSave');
    });

  return (
    <Page
      title={t('operator.kindExtend.title', { name: kindName(kind) })}
      intro={t('operator.kindExtend.intro')}
    >
      <form ref={form} onSubmit={extend} noValidate>
        <FormProblemNotice problem={problem} title={t('operator.kindExtend.failed')} />
        <div className="panel">
          <h2>{t('operator.kindForm.about')}</h2>
          <p className="muted">
            {t.rich('operator.kindExtend.id', {
              id: kind.id,
              mono: (chunks: ReactNode[]) => <span className="mono">{chunks}</span>,
            })}
          </p>
          <DescriptionField
            hint={t('operator.kindExtend.descriptionHint')}
            value={description}
            onChange={setDescription}
            error={errors.description}
          />
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
                    label={t('operator.kindExtend.newValues', { label: attributeLabel(a) })}
                    hint={t('operator.kindExtend.newValuesHint', { values: a.values.join(', ') })}
                    error={errors[`enumValues.${a.name}`]}
                  >
                    {(control) => (
                      <input
                        {...control}
                        className="mono"
                        spellCheck={false}
                        autoComplete="off"
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
        <section className="panel" aria-labelledby="new-attributes-heading">
          <h2 id="new-attributes-heading">{t('operator.kindExtend.newAttributes')}</h2>
          <p className="muted">{t('operator.kindExtend.newAttributesIntro')}</p>
          <AttributeEditor
            drafts={drafts}
            onChange={setDrafts}
            errors={errors}
            allowRequired={false}
            empty={
              <Empty title={t('operator.kindExtend.noNewAttributes.title')}>
                {t('operator.kindExtend.noNewAttributes.body')}
              </Empty>
            }
          />
        </section>
        <div className="row form-actions">
          <Button type="submit" variant="primary" busy={saving}>
            {t('operator.kindExtend.submit')}
          </Button>
          <Link href={`/kinds/${kind.id}`}>{t('operator.kindForm.cancel')}</Link>
        </div>
      </form>
    </Page>
  );
}
