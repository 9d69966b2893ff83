import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../app/api.ts';
import { useFocusFirstInvalid } from '../app/forms.ts';
import { KeySignInForm, SignedOutNotice } from '../app/key-sign-in.tsx';
import { Button, CopyButton, Field, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import { byPath, fieldErrorsOf } from './form-errors.ts';
import type { Seller } from './types.ts';

type SignedIn = (key: string, seller: Seller) => void;

/** The way in: a key the seller has, or a new seller account with its key. */
export function SignInPage(props: { onSignedIn: SignedIn; endedBecause?: string | null }) {
  return (
    <Page
      title="Sign in to sell"
      intro="Register commodities, keep prices and stock current, and see orders arrive live. Purchasers stay anonymous: you see what was sold, never who bought it."
    >
      <SignedOutNotice because={props.endedBecause} />
      <div className="sell-columns">
        <SignInForm onSignedIn={props.onSignedIn} />
        <RegisterSellerForm onSignedIn={props.onSignedIn} />
      </div>
    </Page>
  );
}

/** Why a key was refused, said next to the key field; null when the failure is not the key's. */
function keyRefusal(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 401)
    return 'This key was not accepted. Check that you pasted all of it: a seller key starts with tk_sk_.';
  if (error.status === 403)
    return 'This seller account is suspended. Ask the market operator to reinstate it.';
  return null;
}

function SignInForm(props: { onSignedIn: SignedIn }) {
  return (
    <KeySignInForm
      label="Seller API key"
      hint="You got it when you registered as a seller. It is shown only once: Tokumei keeps just a fingerprint of it. It stays in this browser tab until you sign out or close the tab."
      missing="Enter your seller API key"
      verify={(typed) => api<Seller>('GET', '/seller', { token: typed })}
      refusal={keyRefusal}
      onSignedIn={props.onSignedIn}
    >
      <p className="muted after-form">
        Trying the demo? The demo sellers' keys are in <code>data/market/demo-credentials.json</code> on the
        market's host.
      </p>
    </KeySignInForm>
  );
}

function RegisterSellerForm(props: { onSignedIn: SignedIn }) {
  const [name, setName] = useState('');
  const [missing, setMissing] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const register = useMutation({
    mutationFn: (sellerName: string) =>
      api<{ seller: Seller; apiKey: string }>('POST', '/sellers', { body: { name: sellerName } }),
  });
  useFocusFirstInvalid(form, attempt, register.error);
  const nameError = missing
    ? 'Enter a name for your shop'
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
      <h2 id="register-seller-heading">New here? Register as a new seller</h2>
      <p className="muted">
        Anyone may sell. Registering gives you a seller API key, which is all you need to sign in here, to use
        the API or the <code>tokumei import</code> command.
      </p>
      {register.error && !nameError && <ProblemNotice error={register.error} title="Could not register" />}
      <Field
        label="Seller name"
        hint="Your shop's name. Purchasers see it beside your offers, and the market operator sees it too."
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
        Register as a new seller
      </Button>
    </form>
  );
}

/** The new key, shown this once, with a way to copy it before going in. */
function NewKey(props: { seller: Seller; apiKey: string; onContinue: SignedIn }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="panel" aria-labelledby="new-key-heading">
      <h2 id="new-key-heading" ref={heading} tabIndex={-1}>
        Your seller API key
      </h2>
      <Notice tone="warning" title="Copy it now: it will not be shown again">
        <p>
          {props.seller.name} is registered. Keep this key somewhere safe, such as a password manager: anyone
          holding it can change your offers, and a lost key cannot be recovered.
        </p>
      </Notice>
      <p className="new-key mono">{props.apiKey}</p>
      <div className="row">
        <CopyButton text={props.apiKey} label="Copy key" />
        <Button variant="primary" onClick={() => props.onContinue(props.apiKey, props.seller)}>
          I have saved it: continue
        </Button>
      </div>
    </section>
  );
}
