import { Route, Switch } from 'wouter';
import { KeyCheckPage, KeySignInForm, SignedOutNotice, useCheckedKey } from '../app/key-sign-in.tsx';
import { NotFoundPage, TerminalNav } from '../app/shell.tsx';
import { Button, Page } from '../app/ui.tsx';
import { getClerkSession } from './clerk-api.ts';
import { CLERK_QUERY, ClerkSessionProvider, keyRefused, useClerk } from './clerk-session.tsx';
import { HandOverPage } from './hand-over-page.tsx';
import { ParcelsPage } from './parcels-page.tsx';
import { ReceivePage } from './receive-page.tsx';
import './clerk.css';

const CHECK = { checking: 'Checking the key', failed: 'The key could not be checked' };
const REFUSED =
  'The pickup service no longer accepts this key: it may have been revoked. Sign in with a new one.';

/**
 * B9: the pickup point's counter, served by delivery at /clerk: hand-over to whoever shows an
 * order ID and its pickup code, parcels taken in from sellers and the carrier, and the shelf's
 * lists. Signed in with the store's clerk key, kept for this tab only. Built for a keyboard
 * and a barcode scanner (a keyboard that ends with Enter), on a counter's phone or a desk.
 */
export default function ClerkTerminal() {
  const { key, me, endedBecause, signIn, signOut } = useCheckedKey({
    name: 'clerk',
    queryRoot: CLERK_QUERY,
    check: getClerkSession,
    refused: keyRefused,
    refusedBecause: REFUSED,
  });

  if (key === null) {
    return (
      <div className="clerk-terminal">
        <Page
          title="Pickup counter"
          intro="Hand parcels over to customers, and take parcels in from sellers and the carrier."
        >
          <SignedOutNotice because={endedBecause} />
          <KeySignInForm
            label="Clerk key"
            hint="The key the delivery operator issued for this store; it starts with tkc_. It stays in this browser tab only: closing the tab signs you out."
            missing="Enter this store’s clerk key"
            verify={getClerkSession}
            refusal={(error) =>
              keyRefused(error)
                ? 'This key was not accepted. Check that you pasted all of it, and that it has not been revoked.'
                : null
            }
            onSignedIn={signIn}
          >
            {/* Delivery reports no demo flag to the browser: the hint names the demo it is for. */}
            <p className="muted after-form">
              Trying the demo started by <code>npm start</code>? It wrote a clerk key for each demo pickup
              point to <code>data/delivery/demo-credentials.json</code> on the delivery service’s host.
            </p>
          </KeySignInForm>
        </Page>
      </div>
    );
  }
  if (!me.data)
    return <KeyCheckPage className="clerk-terminal" title="Pickup counter" check={me} words={CHECK} />;
  return (
    <ClerkSessionProvider
      value={{
        key,
        pickupPoint: me.data.pickupPoint,
        signOut: () => signOut(null),
        refusedKey: (error) => {
          if (!keyRefused(error)) return false;
          signOut(REFUSED);
          return true;
        },
      }}
    >
      <Counter />
    </ClerkSessionProvider>
  );
}

function Counter() {
  const { pickupPoint, signOut } = useClerk();
  return (
    <div className="clerk-terminal">
      <div className="clerk-bar">
        <p className="clerk-point">
          <span className="clerk-point-name">{pickupPoint.name}</span>{' '}
          <span className="mono">{pickupPoint.code}</span>
        </p>
        <Button variant="link" onClick={signOut}>
          Sign out
        </Button>
      </div>
      <TerminalNav
        label="Counter"
        links={[
          { href: '/', text: 'Hand over' },
          { href: '/receive', text: 'Receive' },
          { href: '/shelf', text: 'Parcels' },
        ]}
      />
      {/* Not /session or /parcels: those paths are delivery's API, beside these pages. */}
      <Switch>
        <Route path="/" component={HandOverPage} />
        <Route path="/receive" component={ReceivePage} />
        <Route path="/shelf" component={ParcelsPage} />
        <Route>
          <NotFoundPage intro="The pickup counter has no page at this address." href="/">
            Hand over a parcel
          </NotFoundPage>
        </Route>
      </Switch>
    </div>
  );
}
