import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../app/api.ts';
import { useFocusFirstInvalid } from '../app/forms.ts';
import { KeySignInPage } from '../app/key-sign-in.tsx';
import type { Translate } from '../app/translate.ts';
import { Button, CopyButton, Field, Notice, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { byPath, fieldErrorsOf } from './form-errors.ts';
import type { Seller } from './types.ts';

type SignedIn = (key: string, seller: Seller) => void;

/** The way in: a key the seller has, or a new seller account with its key. */
export function SignInPage(props: { onSignedIn: SignedIn; endedBecause?: string | null }) {
  const t = useT();
  return (
    <KeySignInPage
      className="sell-terminal"
      title={t('salesperson.signIn.title')}
      intro={t('salesperson.signIn.intro')}
      endedBecause={props.endedBecause}
      beside={{ columns: 'sell-columns', content: <RegisterSellerForm onSignedIn={props.onSignedIn} /> }}
      label={t('salesperson.signIn.keyLabel')}
      hint={t('salesperson.signIn.keyHint')}
      missing={t('salesperson.signIn.keyMissing')}
      verify={(typed) => api<Seller>('GET', '/seller', { token: typed })}
      refusal={(error) => keyRefusal(t, error)}
      onSignedIn={props.onSignedIn}
    >
      <p className="muted after-form">
        {t.rich('salesperson.signIn.demo', {
          path: 'data/market/demo-credentials.json',
          code: (chunks) => <code>{chunks}</code>,
        })}
      </p>
    </KeySignInPage>
  );
}

/** Why a key was refused, said next to the key field; null when the failure is not the key's. */
function keyRefusal(t: Translate, error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 401) return t('salesperson.signIn.keyNotAccepted');
  if (error.status === 403) return t('salesperson.signIn.accountSuspended');
  return null;
}

function RegisterSellerForm(props: { onSignedIn: SignedIn }) {
  const [name, setName] = useState('');
  const [missing, setMissing] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const t = useT();
  const register = useMutation({
    mutationFn: (sellerName: string) =>
      api<{ seller: Seller; apiKey: string }>('POST', '/sellers', { body: { name: sellerName } }),
  });
  useFocusFirstInvalid(form, attempt, register.error);
  const nameError = missing
    ? t('salesperson.signIn.nameMissing')
    : fieldErrorsOf(register.error, byPath(['name'])).name;

  if (register.data) return <NewKey {...register.data} onContinue={props.onSignedIn} />;
  return (
    <form
      ref={form}
      className="panel"
      noValidate
      aria-labelledby="register-seller-heading"
      onSubmit={(event) => {
        event.preventDefault();
        const typed = name.trim();
        setMissing(!typed);
        if (typed) register.mutate(typed);
        else setAttempt((n) => n + 1);
      }}
    >
      <h2 id="register-seller-heading">{t('salesperson.signIn.registerHeading')}</h2>
      <p className="muted">
        {t.rich('salesperson.signIn.registerIntro', { code: (chunks) => <code>{chunks}</code> })}
      </p>
      {register.error && !nameError && (
        <ProblemNotice error={register.error} title={t('salesperson.signIn.registerFailed')} />
      )}
      <Field
        label={t('salesperson.signIn.nameLabel')}
        hint={t('salesperson.signIn.nameHint')}
        error={nameError}
      >
        {(control) => (
          <input
            {...control}
            autoComplete="organization"
            maxLength={120}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <Button type="submit" busy={register.isPending}>
        {t('salesperson.signIn.registerSubmit')}
      </Button>
    </form>
  );
}

/** The new key, shown this once, with a way to copy it before going in. */
function NewKey(props: { seller: Seller; apiKey: string; onContinue: SignedIn }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const t = useT();
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="panel" aria-labelledby="new-key-heading">
      <h2 id="new-key-heading" ref={heading} tabIndex={-1}>
        {t('salesperson.signIn.newKeyHeading')}
      </h2>
      <Notice tone="warning" title={t('salesperson.signIn.newKeyWarning')}>
        <p>{t('salesperson.signIn.newKeyKeep', { name: props.seller.name })}</p>
      </Notice>
      <p className="new-key mono">{props.apiKey}</p>
      <div className="row">
        <CopyButton text={props.apiKey} label={t('salesperson.signIn.copyKey')} />
        <Button variant="primary" onClick={() => props.onContinue(props.apiKey, props.seller)}>
          {t('salesperson.signIn.continue')}
        </Button>
      </div>
    </section>
  );
}
