import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { Button, Empty, Field, Page } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { AttributeInput, Kind } from './api-types.ts';
import { newDraft, slugify } from './attribute-draft.ts';
import { AttributeEditor } from './attribute-editor.tsx';
import { FormProblemNotice } from './form-feedback.tsx';
import { DescriptionField, useKindForm } from './kind-form.tsx';
import { useOperator } from './operator-session.tsx';

interface NewKind {
  id: string;
  name: string;
  description?: string;
  attributes: AttributeInput[];
}

/** A new kind: its name, ID and description, and its attribute schema row by row. */
export function KindCreatePage() {
  const { call } = useOperator();
  const t = useT();
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [description, setDescription] = useState('');
  const { form, drafts, setDrafts, problem, errors, saving, submit } = useKindForm({
    initialDrafts: () => [newDraft()],
    save: (body: NewKind) => call<Kind>('POST', '/operator/kinds', { body }),
    saved: 'created',
  });

  const create = (event: FormEvent) =>
    submit(event, (attributes) => ({
      id: id.trim(),
      name: name.trim(),
      ...(description.trim() && { description: description.trim() }),
      attributes,
    }));

  return (
    <Page title={t('operator.kindCreate.title')} intro={t('operator.kindCreate.intro')}>
      <form ref={form} onSubmit={create} noValidate>
        <FormProblemNotice problem={problem} title={t('operator.kindCreate.failed')} />
        <div className="panel">
          <h2>{t('operator.kindForm.about')}</h2>
          <div className="grid">
            <Field
              label={t('operator.kindCreate.name')}
              hint={t('operator.kindCreate.nameHint')}
              error={errors.name}
            >
              {(control) => (
                <input
                  {...control}
                  autoComplete="off"
                  value={name}
                  onChange={(e) => {
                    setName(e.target.value);
                    if (!idEdited) setId(slugify(e.target.value, '-'));
                  }}
                />
              )}
            </Field>
            <Field
              label={t('operator.kindCreate.id')}
              hint={t('operator.kindCreate.idHint')}
              error={errors.id}
            >
              {(control) => (
                <input
                  {...control}
                  className="mono"
                  autoComplete="off"
                  spellCheck={false}
                  value={id}
                  onChange={(e) => {
                    setId(e.target.value);
                    setIdEdited(true);
                  }}
                />
              )}
            </Field>
          </div>
          <DescriptionField
            hint={t('operator.kindCreate.descriptionHint')}
            value={description}
            onChange={setDescription}
            error={errors.description}
          />
        </div>
        <section className="panel" aria-labelledby="attributes-heading">
          <h2 id="attributes-heading">{t('operator.kindCreate.attributes')}</h2>
          <p className="muted">{t('operator.kindCreate.attributesIntro')}</p>
          <AttributeEditor
            drafts={drafts}
            onChange={setDrafts}
            errors={errors}
            allowRequired
            empty={
              <Empty title={t('operator.kindCreate.noAttributes.title')}>
                {t('operator.kindCreate.noAttributes.body')}
              </Empty>
            }
          />
        </section>
        <div className="row form-actions">
          <Button type="submit" variant="primary" busy={saving}>
            {t('operator.kindCreate.submit')}
          </Button>
          <Link href="/kinds">{t('operator.kindForm.cancel')}</Link>
        </div>
      </form>
    </Page>
  );
}
