import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { useFocusFirstInvalid } from '../app/forms.ts';
import { Field } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { AttributeInput, Kind } from './api-types.ts';
import { type AttributeDraft, draftsToInputs, errorsByRow, kindProblem } from './attribute-draft.ts';
import { type FormProblem, noProblem } from './form-feedback.tsx';
import { kindKey, kindsKey } from './kind-queries.ts';

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
  const [problem, setProblem] = useState<FormProblem>(noProblem);
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, attempt);

  const save = useKindSave(options.save, options.saved);
  const fail = (failed: FormProblem, sent: AttributeDraft[]) => {
    setProblem({ ...failed, fields: errorsByRow(failed.fields, sent) });
    setAttempt((n) => n + 1);
  };

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
    setProblem(noProblem);
    save.mutate(body, { onError: (error, sentBody) => fail(kindProblem(error, sentBody, t), sent) });
  };

  return { form, drafts, setDrafts, problem, errors: problem.fields, saving: save.isPending, submit };
}

/** The kind's description, as people see it next to its name. */
export function DescriptionField(props: {
  hint: string;
  value: string;
  onChange: (description: string) => void;
  error: string | undefined;
}) {
  const t = useT();
  return (
    <Field label={t('operator.kindForm.description')} hint={props.hint} error={props.error}>
      {(control) => (
        <textarea
          {...control}
          rows={2}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
