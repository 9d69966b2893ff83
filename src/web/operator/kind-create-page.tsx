import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { Button, Empty, Field, Page } from '../app/ui.tsx';
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
    <Page
      title="New kind"
      intro="Name the kind and describe its attributes. Once created, a kind can be extended but nothing in it can be removed or changed, so check the names and types."
    >
      <form ref={form} onSubmit={create} noValidate>
        <FormProblemNotice problem={problem} title="The kind was not created" />
        <div className="panel">
          <h2>About the kind</h2>
          <div className="grid">
            <Field label="Name" hint="As people see it, e.g. “Personal computer”." error={errors.name}>
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
              label="ID"
              hint="Used in the API and CSV files, never changes: lower-case letters, digits and -."
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
            hint="Optional, up to 500 characters."
            value={description}
            onChange={setDescription}
            error={errors.description}
          />
        </div>
        <section className="panel" aria-labelledby="attributes-heading">
          <h2 id="attributes-heading">Attributes</h2>
          <p className="muted">
            What sellers fill in for each commodity and purchasers search by. Required attributes must be
            given for every commodity.
          </p>
          <AttributeEditor
            drafts={drafts}
            onChange={setDrafts}
            errors={errors}
            allowRequired
            empty={
              <Empty title="No attributes yet">A kind without attributes is searched by price only.</Empty>
            }
          />
        </section>
        <div className="row form-actions">
          <Button type="submit" variant="primary" busy={saving}>
            Create kind
          </Button>
          <Link href="/kinds">Cancel</Link>
        </div>
      </form>
    </Page>
  );
}
