import { Route, Switch } from 'wouter';
import { KeyCheckPage, KeySignInPage, useCheckedKey } from '../app/key-sign-in.tsx';
import { PlaceName } from '../app/place-name.tsx';
import { NotFoundPage, TerminalNav } from '../app/shell.tsx';
import { Button } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { getClerkSession } from './clerk-api.ts';
import { CLERK_QUERY, ClerkSessionProvider, keyRefused, useClerk } from './clerk-session.tsx';
import { HandOverPage } from './hand-over-page.tsx';
import { ParcelsPage } from './parcels-page.tsx';
import { ReceivePage } from './receive-page.tsx';
import './clerk.css';

/**
 * B9: the pickup point's counter, served by delivery at /clerk: hand-over to whoever shows an
 * order ID and its pickup code, parcels taken in from sellers and the carrier, and the shelf's
 * lists. Signed in with the store's clerk key, kept for this tab only. Built for a keyboard
 * and a barcode scanner (a keyboard that ends with Enter), on a counter's phone or a desk.
 */
export default function ClerkTerminal() {
  const t = useT();
  const { key, me, endedBecause, signIn, signOut, refusedKey } = useCheckedKey({
    name: 'clerk',
    queryRoot: CLERK_QUERY,
    check: getClerkSession,
    refused: keyRefused,
    refusedBecause: t('clerk.keyRefused'),
  });

  if (key === null) {
    return (
      <KeySignInPage
        className="clerk-terminal"
        title={t('clerk.title')}
        intro={t('clerk.intro')}
        endedBecause={endedBecause}
        label={t('clerk.signIn.label')}
        hint={t('clerk.signIn.hint')}
        missing={t('clerk.signIn.missing')}
        verify={getClerkSession}
        refusal={(error) => (keyRefused(error) ? t('clerk.signIn.refused') : null)}
        onSignedIn={signIn}
      >
        {/* Delivery reports no demo flag to the browser: the hint names the demo it is for. */}
        <p className="muted after-form">
          {t.rich('clerk.signIn.demo', { code: (chunks) => <code>{chunks}</code> })}
        </p>
      </KeySignInPage>
    );
  }
  if (!me.data)
    return (
      <KeyCheckPage
        className="clerk-terminal"
        title={t('clerk.title')}
        check={me}
        words={{ checking: t('clerk.check.checking'), failed: t('clerk.check.failed') }}
      />
    );
  return (
    <ClerkSessionProvider
      value={{ key, pickupPoint: me.data.pickupPoint, signOut: () => signOut(null), refusedKey }}
    >
      <Counter />
    </ClerkSessionProvider>
  );
}

function Counter() {
  const { pickupPoint, signOut } = useClerk();
  const t = useT();
  return (
    <div className="clerk-terminal">
      <div className="clerk-bar">
        <p className="clerk-point">
          <PlaceName point={pickupPoint} className="clerk-point-name" />{' '}
          <span className="mono">{pickupPoint.code}</span>
        </p>
        <Button variant="link" onClick={signOut}>
          {t('clerk.signOut')}
        </Button>
      </div>
      <TerminalNav
        label={t('clerk.nav.label')}
        links={[
          { href: '/', text: t('clerk.nav.handOver') },
          { href: '/receive', text: t('clerk.nav.receive') },
          { href: '/shelf', text: t('clerk.nav.parcels') },
        ]}
      />
      {/* Not /session or /parcels: those paths are delivery's API, beside these pages. */}
      <Switch>
        <Route path="/" component={HandOverPage} />
        <Route path="/receive" component={ReceivePage} />
        <Route path="/shelf" component={ParcelsPage} />
        <Route>
          <NotFoundPage intro={t('clerk.notFound.intro')} href="/">
            {t('clerk.notFound.back')}
          </NotFoundPage>
        </Route>
      </Switch>
    </div>
  );
}
