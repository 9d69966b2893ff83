import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'wouter';
import { ApiError } from '../app/api.ts';
import { Button, Empty, Field, Loading, Page, ProblemNotice } from '../app/ui.tsx';
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
  name?: string;
  description?: string;
  attributes?: AttributeInput[];
  enumValues?: Record<string, string[]>;
}

const EXTEND_ONLY =
  'Kinds are extend-only: commodities are already registered against this schema, so attributes cannot be removed, renamed or retyped. You can add optional attributes, add values to lists, and rename or re-describe the kind.';

export function KindExtendPage() {
  const { kindId = '' } = useParams<{ kindId: string }>();
  const kind = useKind(kindId);
  if (kind.error instanceof ApiError && kind.error.status === 404) return <NoSuchKind kindId={kindId} />;
  if (!kind.data) {
    return (
      <Page title="Extend a kind" intro={EXTEND_ONLY}>
        <ProblemNotice error={kind.error} title="The kind could not be read" />
        {kind.isPending && <Loading label="Loading the kind" rows={5} />}
      </Page>
    );
  }
  return <ExtendKindForm kind={kind.data} />;
}

/** What the market allows on an existing kind: new optional attributes, new enum values, a new name. */
function ExtendKindForm({ kind }: { kind: Kind }) {
  const { call } = useOperator();
  const [name, setName] = useState(kind.name);
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
        ...(name.trim() !== kind.name && { name: name.trim() }),
        ...(description.trim() !== kind.description && { description: description.trim() }),
        ...(attributes.length > 0 && { attributes }),
        ...(Object.keys(enumValues).length > 0 && { enumValues }),
      };
      return Object.keys(body).length
        ? body
        : 'Nothing to save: add an attribute or list values, or change the name or description.';
    });

  return (
    <Page title={`Extend ${kind.name}`} intro={EXTEND_ONLY}>
      <form ref={form} onSubmit={extend} noValidate>
        <FormProblemNotice problem={problem} title="The kind was not changed" />
        <div className="panel">
          <h2>About the kind</h2>
          <p className="muted">
            ID <span className="mono">{kind.id}</span> (an ID never changes)
          </p>
          <Field label="Name" error={errors.name}>
            {(control) => (
              <input {...control} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
            )}
          </Field>
          <DescriptionField
            hint="Up to 500 characters."
            value={description}
            onChange={setDescription}
            error={errors.description}
          />
        </div>
        <section className="panel" aria-labelledby="existing-heading">
          <h2 id="existing-heading">Attributes it has</h2>
          <AttributeTable attributes={kind.attributes} caption="Attributes the kind has" />
          {lists.length > 0 && (
            <>
              <h3 className="subheading">Add values to lists</h3>
              <div className="grid">
                {lists.map((a) => (
                  <Field
                    key={a.name}
                    label={`New values for ${a.label}`}
                    hint={`Now: ${a.values.join(', ')}. Separate new ones with commas.`}
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
          <h2 id="new-attributes-heading">New attributes</h2>
          <p className="muted">
            Added attributes are optional: commodities already registered do not have them.
          </p>
          <AttributeEditor
            drafts={drafts}
            onChange={setDrafts}
            errors={errors}
            allowRequired={false}
            empty={<Empty title="No new attributes">Add one to let sellers say more about this kind.</Empty>}
          />
        </section>
        <div className="row form-actions">
          <Button type="submit" variant="primary" busy={saving}>
            Save changes
          </Button>
          <Link href={`/kinds/${kind.id}`}>Cancel</Link>
        </div>
      </form>
    </Page>
  );
}
