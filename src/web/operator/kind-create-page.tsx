import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import type { LocalizedText } from '../../protocol/localized-text.ts';
import { Button, Empty, Field, Page } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { AttributeInput, Kind } from './api-types.ts';
import { newDraft, slugify } from './attribute-draft.ts';
import { AttributeEditor } from './attribute-editor.tsx';
import { FormProblemNotice } from './form-feedback.tsx';
import { DescriptionField, useKindForm } from './kind-form.tsx';
import { emptyText, LocalizedTextFields, textInput } from './localized-fields.tsx';
import { useOperator } from './operator-session.tsx';

interface NewKind {
  id: string;
  name: LocalizedText;
  description?: string;
  attributes: AttributeInput[];
}

/** A new kind: its name in Japanese and English, ID and description, and its attribute schema row by row. */
export function KindCreatePage() {
  const { call } = useOperator();
  const t = useT();
  const [name, setName] = useState(emptyText);
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
      name: textInput(name),
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
            <LocalizedTextFields
              label={t('operator.kindCreate.name')}
              hints={{ ja: t('operator.kindCreate.nameHint.ja'), en: t('operator.kindCreate.nameHint.en') }}
              value={name}
              onChange={(next) => {
                setName(next);
                // The ID follows the English name, the one with letters an ID can take.
                if (!idEdited) setId(slugify(next.en, '-'));
              }}
              errors={errors}
              path="name"
            />
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
