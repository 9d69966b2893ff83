import { ApiError, api } from '../app/api.ts';
import { KeySignInPage } from '../app/key-sign-in.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { Translate } from './format.ts';

/** Why a key was refused, said next to the key field; null when the failure is not the key's. */
const keyRefusal = (error: unknown, t: Translate) =>
  error instanceof ApiError && error.status === 401 ? t('operator.signIn.keyRefused') : null;

/** The way in: an operator key, checked against the market before it is kept. */
export function SignInPage(props: { onSignedIn: (key: string) => void; endedBecause: string | null }) {
  const t = useT();
  return (
    <KeySignInPage
      className="operator-terminal"
      title={t('operator.signIn.title')}
      intro={t('operator.signIn.intro')}
      endedBecause={props.endedBecause}
      beside={{ columns: 'operator-columns', content: <KeySource /> }}
      label={t('operator.signIn.keyLabel')}
      hint={t('operator.signIn.keyHint')}
      missing={t('operator.signIn.keyMissing')}
      // Any call that needs the key proves it; the status check is the cheapest.
      verify={(typed) => api('GET', '/operator/status', { token: typed })}
      refusal={(error) => keyRefusal(error, t)}
      onSignedIn={(key) => props.onSignedIn(key)}
    />
  );
}

/** Where an operator key comes from: the host's command, which prints it once. */
function KeySource() {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="key-source-heading">
      <h2 id="key-source-heading">{t('operator.signIn.keySource.title')}</h2>
      <p>{t('operator.signIn.keySource.command')}</p>
      <pre className="command">
        <code>tokumei operator-key create --label "{t('operator.signIn.keySource.labelExample')}"</code>
      </pre>
      <p className="muted">{t('operator.signIn.keySource.printedOnce')}</p>
    </section>
  );
}
