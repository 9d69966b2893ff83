import { type FormEvent, useState } from 'react';
import type { LocalizedText } from '../../protocol/localized-text.ts';
import { CodeInput, Field, Page } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { AttributeInput, Kind } from './api-types.ts';
import { newDraft, slugify } from './attribute-draft.ts';
import { FormProblemNotice } from './form-feedback.tsx';
import { AttributesPanel, KindAbout, KindFormActions, useKindForm } from './kind-form.tsx';
import { emptyText, textInput } from './localized-fields.tsx';
import { useOperator } from './operator-session.tsx';

interface NewKind {
  id: string;
  name: LocalizedText;
  description?: LocalizedText;
  attributes: AttributeInput[];
}

/** A new kind: its name and description in Japanese and English, ID, and its attribute schema row by row. */
export function KindCreatePage() {
  const { call } = useOperator();
  const t = useT();
  const [name, setName] = useState(emptyText);
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [description, setDescription] = useState(emptyText);
  const { form, rows, problem, errors, saving, submit } = useKindForm({
    initialDrafts: () => [newDraft()],
    save: (body: NewKind) => call<Kind>('POST', '/operator/kinds', { body }),
    saved: 'created',
  });

  const create = (event: FormEvent) =>
    submit(event, (attributes) => {
      const described = textInput(description);
      return {
        id: id.trim(),
        name: textInput(name),
        ...(Object.keys(described).length > 0 && { description: described }),
        attributes,
      };
    });

  return (
    <Page title={t('operator.kindCreate.title')} intro={t('operator.kindCreate.intro')}>
      <form ref={form} onSubmit={create} noValidate>
        <FormProblemNotice problem={problem} title={t('operator.kindCreate.failed')} />
        <KindAbout
          name={name}
          nameHints={{ ja: t('operator.kindCreate.nameHint.ja'), en: t('operator.kindCreate.nameHint.en') }}
          onName={(next) => {
            setName(next);
            // The ID follows the English name, the one with letters an ID can take.
            if (!idEdited) setId(slugify(next.en, '-'));
          }}
          description={description}
          onDescription={setDescription}
          errors={errors}
        >
          <Field label={t('operator.kindCreate.id')} hint={t('operator.kindCreate.idHint')} error={errors.id}>
            {(control) => (
              <CodeInput
                {...control}
                value={id}
                onChange={(e) => {
                  setId(e.target.value);
                  setIdEdited(true);
                }}
              />
            )}
          </Field>
        </KindAbout>
        <AttributesPanel of="create" rows={rows} />
        <KindFormActions submit={t('operator.kindCreate.submit')} busy={saving} cancel="/kinds" />
      </form>
    </Page>
  );
}
