import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useEffectEvent, useRef, useState } from 'react';
import { useT } from '../i18n/i18n.tsx';
import { useFocusFirstInvalid } from './forms.ts';
import { useSessionKey } from './session.ts';
import { Button, Field, Loading, Notice, Page, ProblemNotice } from './ui.tsx';

/** Why the terminal signed its user out (a key the market stopped accepting), when it did. */
function SignedOutNotice(props: { because?: string | null }) {
  const t = useT();
  if (!props.because) return null;
  return (
    <Notice tone="warning" title={t('app.signIn.signedOut')}>
      <p>{props.because}</p>
    </Notice>
  );
}

/**
 * A terminal's key for this tab, checked with `check` (its answer is `me.data`) before the
 * terminal shows anything that needs it. A key the service stops accepting (`refused`) signs out
 * with `refusedBecause`. Signing out forgets every query under `queryRoot`, so nothing one key
 * read stays in memory for whoever signs in next in this tab.
 */
export function useCheckedKey<T>(options: {
  name: Parameters<typeof useSessionKey>[0];
  queryRoot: string;
  check: (key: string) => Promise<T>;
  refused: (error: unknown) => boolean;
  refusedBecause: string;
}) {
  const session = useSessionKey(options.name);
  const queries = useQueryClient();
  const [endedBecause, setEndedBecause] = useState<string | null>(null);
  const queryKey = (key: string | null) => [options.queryRoot, 'checked-key', key];
  const me = useQuery({
    queryKey: queryKey(session.key),
    queryFn: () => options.check(session.key as string),
    enabled: session.key !== null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });

  const signOut = (reason: string | null) => {
    session.signOut();
    queries.removeQueries({ queryKey: [options.queryRoot] });
    setEndedBecause(reason);
  };
  const refused = options.refused(me.error);
  const onRefused = useEffectEvent(() => signOut(options.refusedBecause));
  useEffect(() => {
    if (refused) onRefused();
  }, [refused]);

  return {
    /** Null while signed out, and as soon as the key is refused (before the sign-out lands). */
    key: refused ? null : session.key,
    me,
    endedBecause,
    /** Keeps a key that was just checked, with the check's answer, so it is not asked again. */
    signIn: (key: string, answer: T) => {
      queries.setQueryData(queryKey(key), answer);
      setEndedBecause(null);
      session.signIn(key);
    },
    signOut,
    /** Signs out when `error` is the service refusing the key (revoked); true when it did. */
    refusedKey: (error: unknown) => {
      if (!options.refused(error)) return false;
      signOut(options.refusedBecause);
      return true;
    },
  };
}

/**
 * A terminal's page while it checks the key kept in this tab: a placeholder, or why the check
 * could not be made (a refused key signs out instead) and a way to try again. Each terminal says
 * it in its own words, which its browser tests look for.
 */
export function KeyCheckPage(props: {
  /** The terminal's own wrapper class, e.g. "clerk-terminal". */
  className: string;
  title: string;
  check: { error: unknown; refetch: () => unknown };
  words: { checking: string; failed: string };
}) {
  const { error, refetch } = props.check;
  const t = useT();
  return (
    <div className={props.className}>
      <Page title={props.title}>
        {error ? (
          <>
            <ProblemNotice error={error} title={props.words.failed} />
            <Button onClick={() => refetch()}>{t('app.signIn.tryAgain')}</Button>
          </>
        ) : (
          <Loading label={props.words.checking} rows={2} />
        )}
      </Page>
    </div>
  );
}

/**
 * A terminal's page while no key is signed in: why the last session ended, if it did, and the
 * key's form (whose props it takes), with what else the terminal offers beside it (`beside`, in
 * the terminal's own columns).
 */
export function KeySignInPage<T>(
  props: KeySignInFormProps<T> & {
    /** The terminal's own wrapper class, e.g. "clerk-terminal". */
    className: string;
    title: string;
    intro: string;
    endedBecause: string | null | undefined;
    beside?: { columns: string; content: ReactNode };
  },
) {
  const { className, title, intro, endedBecause, beside, ...form } = props;
  const signIn = <KeySignInForm {...form} />;
  return (
    <div className={className}>
      <Page title={title} intro={intro}>
        <SignedOutNotice because={endedBecause} />
        {beside ? (
          <div className={beside.columns}>
            {signIn}
            {beside.content}
          </div>
        ) : (
          signIn
        )}
      </Page>
    </div>
  );
}

interface KeySignInFormProps<T> {
  /** The key field's label, e.g. "Operator key". */
  label: string;
  /** Where the key comes from and where it is kept. */
  hint: ReactNode;
  /** What to say when the field is left empty. */
  missing: string;
  verify: (key: string) => Promise<T>;
  /** Why the service refused the key, said next to the field; null when the failure is not the key's. */
  refusal: (error: unknown) => string | null;
  onSignedIn: (key: string, answer: T) => void;
  /** Said below the form. */
  children?: ReactNode;
}

/**
 * The way into a terminal with a key: the key is checked against its service (`verify`) before
 * it is kept (`onSignedIn`, with what the check answered). A missing key and a refused one are
 * said next to the field; any other failure above it.
 */
export function KeySignInForm<T>(props: KeySignInFormProps<T>) {
  const [key, setKey] = useState('');
  const [missing, setMissing] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const t = useT();
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
      <h2 id="sign-in-heading">{t('app.signIn.heading')}</h2>
      {verify.error && !refusal && <ProblemNotice error={verify.error} title={t('app.signIn.checkFailed')} />}
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
        {t('app.signIn.submit')}
      </Button>
      {props.children}
    </form>
  );
}
