import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useState } from 'react';
import { Route, Switch } from 'wouter';
import { KeySignInForm, SignedOutNotice } from '../app/key-sign-in';
import { useSessionKey } from '../app/session';
import { NotFoundPage, TerminalNav } from '../app/shell';
import { Button, Loading, Page, ProblemNotice } from '../app/ui';
import { getClerkSession } from './clerk-api';
import { CLERK_QUERY, ClerkSessionProvider, keyRefused, useClerk } from './clerk-session';
import { HandOverPage } from './hand-over-page';
import { ParcelsPage } from './parcels-page';
import { ReceivePage } from './receive-page';
import './clerk.css';

const REFUSED =
  'The pickup service no longer accepts this key: it may have been revoked. Sign in with a new one.';

/**
 * B9: the pickup point's counter, served by delivery at /clerk: hand-over to whoever shows an
 * order ID and its pickup code, parcels taken in from sellers and the carrier, and the shelf's
 * lists. Signed in with the store's clerk key, kept for this tab only. Built for a keyboard
 * and a barcode scanner (a keyboard that ends with Enter), on a counter's phone or a desk.
 */
export default function ClerkTerminal() {
  const session = useSessionKey('clerk');
  const queries = useQueryClient();
  const [endedBecause, setEndedBecause] = useState<string | null>(null);
  const me = useQuery({
    queryKey: [CLERK_QUERY, 'session', session.key],
    queryFn: () => getClerkSession(session.key as string),
    enabled: session.key !== null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });

  const signOut = (reason: string | null) => {
    session.signOut();
    queries.removeQueries({ queryKey: [CLERK_QUERY] });
    setEndedBecause(reason);
  };
  const refused = keyRefused(me.error);
  const onRefused = useEffectEvent(() => signOut(REFUSED));
  useEffect(() => {
    if (refused) onRefused();
  }, [refused]);

  const key = refused ? null : session.key;
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
            onSignedIn={(newKey, answer) => {
              queries.setQueryData([CLERK_QUERY, 'session', newKey], answer);
              setEndedBecause(null);
              session.signIn(newKey);
            }}
          />
        </Page>
      </div>
    );
  }
  if (!me.data) {
    return (
      <div className="clerk-terminal">
        <Page title="Pickup counter">
          {me.error ? (
            <>
              <ProblemNotice error={me.error} title="The key could not be checked" />
              <Button onClick={() => me.refetch()}>Try again</Button>
            </>
          ) : (
            <Loading label="Checking the key" rows={2} />
          )}
        </Page>
      </div>
    );
  }
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
