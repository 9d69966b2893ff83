import { ApiError, api } from '../app/api.ts';
import { KeySignInForm, SignedOutNotice } from '../app/key-sign-in.tsx';
import { Page } from '../app/ui.tsx';

/** Why a key was refused, said next to the key field; null when the failure is not the key's. */
const keyRefusal = (error: unknown) =>
  error instanceof ApiError && error.status === 401
    ? 'This key was not accepted. Check that you pasted all of it, and that it has not been revoked.'
    : null;

/** The way in: an operator key, checked against the market before it is kept. */
export function SignInPage(props: { onSignedIn: (key: string) => void; endedBecause: string | null }) {
  return (
    <Page
      title="Operate"
      intro="Sign in with an operator key to define kinds and their attributes, look after sellers, and watch the services."
    >
      <SignedOutNotice because={props.endedBecause} />
      <div className="operator-columns">
        <KeySignInForm
          label="Operator key"
          hint="It starts with tk_op_. It stays in this browser tab only: closing the tab signs you out."
          missing="Enter your operator key."
          // Any call that needs the key proves it; the status check is the cheapest.
          verify={(typed) => api('GET', '/operator/status', { token: typed })}
          refusal={keyRefusal}
          onSignedIn={(key) => props.onSignedIn(key)}
        />
        <section className="panel" aria-labelledby="key-source-heading">
          <h2 id="key-source-heading">Where keys come from</h2>
          <p>
            Operator keys are made on the market host itself, never through this page. Run this there (with
            the market stopped if it keeps its database embedded):
          </p>
          <pre className="command">
            <code>tokumei operator-key create --label "your name"</code>
          </pre>
          <p className="muted">
            The key is printed once; the market keeps only a fingerprint of it, so a lost key cannot be shown
            again: create a new one.
          </p>
        </section>
      </div>
    </Page>
  );
}
