import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { useFocusFirstInvalid } from './forms';
import { Button, Field, Notice, ProblemNotice } from './ui';

/** Why the terminal signed its user out (a key the market stopped accepting), when it did. */
export function SignedOutNotice(props: { because?: string | null }) {
  if (!props.because) return null;
  return (
    <Notice tone="warning" title="You were signed out">
      <p>{props.because}</p>
    </Notice>
  );
}

/**
 * The way into a terminal with a key: the key is checked against the market (`verify`) before
 * it is kept (`onSignedIn`, with what the check answered). A missing key and a refused one are
 * said next to the field; any other failure above it.
 */
export function KeySignInForm<T>(props: {
  /** The key field's label, e.g. "Operator key". */
  label: string;
  /** Where the key comes from and where it is kept. */
  hint: ReactNode;
  /** What to say when the field is left empty. */
  missing: string;
  verify: (key: string) => Promise<T>;
  /** Why the market refused the key, said next to the field; null when the failure is not the key's. */
  refusal: (error: unknown) => string | null;
  onSignedIn: (key: string, answer: T) => void;
  /** Said below the form. */
  children?: ReactNode;
}) {
  const [key, setKey] = useState('');
  const [missing, setMissing] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const verify = useMutation({
    mutationFn: props.verify,
    onSuccess: (answer, typed) => props.onSignedIn(typed, answer),
  });
  useFocusFirstInvalid(form, attempt, verify.error);
  const refusal = props.refusal(verify.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = key.trim();
    setMissing(!typed);
    if (typed) return verify.mutate(typed);
    verify.reset();
    setAttempt((n) => n + 1);
  };

  return (
    <form ref={form} className="panel" onSubmit={submit} noValidate aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">Sign in with your key</h2>
      {verify.error && !refusal && <ProblemNotice error={verify.error} title="Could not check the key" />}
      <Field label={props.label} hint={props.hint} error={missing ? props.missing : refusal}>
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete="off"
            spellCheck={false}
            className="mono"
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
        )}
      </Field>
      <Button type="submit" variant="primary" busy={verify.isPending}>
        Sign in
      </Button>
      {props.children}
    </form>
  );
}
