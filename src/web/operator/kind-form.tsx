import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ComponentType, type FormEvent, type ReactNode, type RefObject, useId, useState } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import { ApiError } from '../app/api.ts';
import { kindName } from '../app/kind-labels.ts';
import { Label } from '../app/shown-text.tsx';
import { Button, Empty, Loading, Page, ProblemNotice } from '../app/ui.tsx';
import { type MessageId, useT } from '../i18n/i18n.tsx';
import type { AttributeInput, Kind } from './api-types.ts';
import { type AttributeDraft, draftsToInputs, errorsByRow, kindProblem } from './attribute-draft.ts';
import { AttributeEditor } from './attribute-editor.tsx';
import { type FieldErrors, type FormProblem, FormProblemNotice, useFormProblem } from './form-feedback.tsx';
import { kindKey, kindsKey, useKind } from './kind-queries.ts';
import { LocalizedTextFields, type TextDraft } from './localized-fields.tsx';
import { NoSuchKind } from './no-such-kind.tsx';

/** The part of what a kind form sends that the market's refusal is read against (see kindProblem). */
type KindBody = { attributes?: AttributeInput[]; enumValues?: Record<string, string[]> };

/** Saving a kind: once saved, the kind's page shows it, saying what was done. */
export function useKindSave<Body>(
  save: (body: Body) => Promise<Kind>,
  saved: 'created' | 'extended' | 'relabelled',
) {
  const queries = useQueryClient();
  const [, navigate] = useLocation();
  return useMutation({
    mutationFn: save,
    onSuccess: (kind) => {
      queries.setQueryData(kindKey(kind.id), kind);
      void queries.invalidateQueries({ queryKey: kindsKey, exact: true });
      navigate(`/kinds/${kind.id}?saved=${saved}`);
    },
  });
}

/**
 * A form that saves a kind (creates or extends it) with attribute rows: the rows, the problem a
 * failed save left with focus on its first field, and on success the saved kind shown.
 */
export function useKindForm<Body extends KindBody>(options: {
  initialDrafts: () => AttributeDraft[];
  save: (body: Body) => Promise<Kind>;
  /** Said on the kind's page once saved. */
  saved: 'created' | 'extended';
}) {
  const t = useT();
  const [drafts, setDrafts] = useState<AttributeDraft[]>(options.initialDrafts);
  const { form, problem, errors, fail: show, clear } = useFormProblem();

  const save = useKindSave(options.save, options.saved);
  const fail = (failed: FormProblem, sent: AttributeDraft[]) =>
    show({ ...failed, fields: errorsByRow(failed.fields, sent) });

  /**
   * Checks the attribute rows, then saves what `bodyOf` makes of them; when it answers with a
   * message instead, that is the problem, and nothing is sent.
   */
  const submit = (event: FormEvent, bodyOf: (attributes: AttributeInput[]) => Body | string) => {
    event.preventDefault();
    const sent = drafts;
    const { inputs, errors } = draftsToInputs(sent, t);
    if (Object.keys(errors).length) return fail({ fields: errors, general: null }, sent);
    const body = bodyOf(inputs);
    if (typeof body === 'string') return fail({ fields: {}, general: body }, sent);
    clear();
    save.mutate(body, { onError: (error, sentBody) => fail(kindProblem(error, sentBody, t), sent) });
  };

  const rows: AttributeRows = { drafts, onChange: setDrafts, errors };
  return { form, rows, problem, errors, saving: save.isPending, submit };
}

/** A kind form's attribute rows as typed, and the errors to show on them. */
interface AttributeRows {
  drafts: AttributeDraft[];
  onChange: (drafts: AttributeDraft[]) => void;
  errors: FieldErrors;
}

/** What the attribute rows of a new kind, and of an extension, are called; added ones cannot be required. */
const ATTRIBUTE_PANELS: Record<
  'create' | 'extend',
  {
    heading: MessageId;
    intro: MessageId;
    emptyTitle: MessageId;
    emptyBody: MessageId;
    allowRequired: boolean;
  }
> = {
  create: {
    heading: 'operator.kindCreate.attributes',
    intro: 'operator.kindCreate.attributesIntro',
    emptyTitle: 'operator.kindCreate.noAttributes.title',
    emptyBody: 'operator.kindCreate.noAttributes.body',
    allowRequired: true,
  },
  extend: {
    heading: 'operator.kindExtend.newAttributes',
    intro: 'operator.kindExtend.newAttributesIntro',
    emptyTitle: 'operator.kindExtend.noNewAttributes.title',
    emptyBody: 'operator.kindExtend.noNewAttributes.body',
    allowRequired: false,
  },
};

/** The panel of a kind form where attributes are written row by row. */
export function AttributesPanel(props: { of: keyof typeof ATTRIBUTE_PANELS; rows: AttributeRows }) {
  const t = useT();
  const id = useId();
  const words = ATTRIBUTE_PANELS[props.of];
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{t(words.heading)}</h2>
      <p className="muted">{t(words.intro)}</p>
      <AttributeEditor
        {...props.rows}
        allowRequired={words.allowRequired}
        empty={<Empty title={t(words.emptyTitle)}>{t(words.emptyBody)}</Empty>}
      />
    </section>
  );
}

/** The messages of a page with a form about a kind: `<words>.title`, `.titleUnknown`, `.intro`, `.failed`. */
type KindFormWords = 'operator.kindExtend' | 'operator.kindLabels';

/**
 * A page with a form about the kind named in the address (`/kinds/:kindId/…`), once it is read:
 * until then a page of the form's own title and intro saying so, or that there is no such kind.
 */
export function KindFormPage(props: { words: KindFormWords; form: ComponentType<{ kind: Kind }> }) {
  const { kindId = '' } = useParams<{ kindId: string }>();
  const kind = useKind(kindId);
  const t = useT();
  if (kind.error instanceof ApiError && kind.error.status === 404) return <NoSuchKind kindId={kindId} />;
  if (kind.data) return <props.form kind={kind.data} />;
  return (
    <Page title={t(`${props.words}.titleUnknown`)} intro={t(`${props.words}.intro`)}>
      <ProblemNotice error={kind.error} title={t('operator.kind.readFailed')} />
      {kind.isPending && <Loading label={t('operator.kind.loading')} rows={5} />}
    </Page>
  );
}

/** The page and form of `KindFormPage`'s form: titled with the kind's name, and what its last submission left to say. */
export function KindFormFrame(props: {
  words: KindFormWords;
  kind: Kind;
  form: RefObject<HTMLFormElement | null>;
  onSubmit: (event: FormEvent) => void;
  problem: FormProblem;
  children: ReactNode;
}) {
  const t = useT();
  const { words, kind } = props;
  return (
    <Page
      title={t(`${words}.title`, { name: kindName(kind) })}
      heading={t.rich(`${words}.title`, { name: <Label text={kind.names} /> })}
      intro={t(`${words}.intro`)}
    >
      <form ref={props.form} onSubmit={props.onSubmit} noValidate>
        <FormProblemNotice problem={props.problem} title={t(`${words}.failed`)} />
        {props.children}
      </form>
    </Page>
  );
}

/** What a kind is called and what it is, by language: its name, description and what else a form asks first. */
export function KindAbout(props: {
  name: TextDraft;
  onName: (name: TextDraft) => void;
  nameHints?: Partial<Record<'ja' | 'en', string>>;
  description: TextDraft;
  onDescription: (description: TextDraft) => void;
  errors: FieldErrors;
  /** Fields shown after the name, such as a new kind's ID. */
  children?: ReactNode;
}) {
  const t = useT();
  const hint = t('operator.kindForm.descriptionHint');
  return (
    <div className="panel">
      <h2>{t('operator.kindForm.about')}</h2>
      <div className="grid">
        <LocalizedTextFields
          label={t('operator.kindCreate.name')}
          hints={props.nameHints}
          value={props.name}
          onChange={props.onName}
          errors={props.errors}
          path="name"
        />
        {props.children}
      </div>
      <div className="grid">
        <LocalizedTextFields
          label={t('operator.kindForm.description')}
          hints={{ ja: hint, en: hint }}
          value={props.description}
          onChange={props.onDescription}
          errors={props.errors}
          path="description"
          multiline
        />
      </div>
    </div>
  );
}

/** A kind form's buttons: save, or go back to `cancel` with nothing saved. */
export function KindFormActions(props: { submit: string; busy: boolean; cancel: string }) {
  const t = useT();
  return (
    <div className="row form-actions">
      <Button type="submit" variant="primary" busy={props.busy}>
        {props.submit}
      </Button>
      <Link href={props.cancel}>{t('operator.kindForm.cancel')}</Link>
    </div>
  );
}
