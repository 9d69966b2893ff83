import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { ApiError, api } from '../app/api';
import { useSessionKey } from '../app/session';
import { NotFoundPage, TerminalNav } from '../app/shell';
import { Button, Loading, Page, ProblemNotice } from '../app/ui';
import { ImportPage } from './import-page';
import { OffersPage } from './offers-page';
import { OrderInbox, useInbox } from './order-inbox';
import { OrderPage } from './order-page';
import { OrdersPage } from './orders-page';
import { RegisterPage } from './register-page';
import { SELL_QUERY, SellerSessionProvider, useSeller } from './seller-session';
import { SignInPage } from './sign-in-page';
import type { Seller } from './types';
import './salesperson.css';

const REFUSED = 'The market no longer accepts your key: the account may have been suspended. Sign in again.';

/**
 * The salesperson terminal: sign-in with the seller's API key (kept for this tab only), then the
 * order inbox, the offers, registration and import. The key is checked with GET /seller.
 */
export default function SellTerminal() {
  const session = useSessionKey('seller');
  const queries = useQueryClient();
  const [endedBecause, setEndedBecause] = useState<string | null>(null);
  const me = useQuery({
    queryKey: [SELL_QUERY, 'me', session.key],
    queryFn: () => api<Seller>('GET', '/seller', { token: session.key }),
    enabled: session.key !== null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });

  const signOut = (reason: string | null) => {
    session.signOut();
    // Nothing one seller's key read stays in memory for whoever signs in next in this tab.
    queries.removeQueries({ queryKey: [SELL_QUERY] });
    setEndedBecause(reason);
  };
  const refused = me.error instanceof ApiError && [401, 403].includes(me.error.status);
  const onRefused = useEffectEvent(() => signOut(REFUSED));
  useEffect(() => {
    if (refused) onRefused();
  }, [refused]);

  // Signing in or out replaces the whole page: focus goes to the new page's heading.
  const key = refused ? null : session.key;
  const signedIn = key !== null;
  const wasSignedIn = useRef(signedIn);
  useEffect(() => {
    if (wasSignedIn.current === signedIn) return;
    wasSignedIn.current = signedIn;
    focusPageTitle();
  }, [signedIn]);

  if (key === null) {
    return (
      <div className="sell-terminal">
        <SignInPage
          endedBecause={endedBecause}
          onSignedIn={(newKey, seller) => {
            queries.setQueryData([SELL_QUERY, 'me', newKey], seller);
            setEndedBecause(null);
            session.signIn(newKey);
          }}
        />
      </div>
    );
  }
  if (!me.data) {
    return (
      <div className="sell-terminal">
        <Page title="Sell">
          {me.error ? (
            <>
              <ProblemNotice error={me.error} title="Your key could not be checked" />
              <Button onClick={() => me.refetch()}>Try again</Button>
            </>
          ) : (
            <Loading label="Checking your key" rows={2} />
          )}
        </Page>
      </div>
    );
  }
  return (
    <SellerSessionProvider value={{ key, seller: me.data, signOut: () => signOut(null) }}>
      <OrderInbox onRefused={() => signOut(REFUSED)}>
        <SignedIn />
      </OrderInbox>
    </SellerSessionProvider>
  );
}

function SignedIn() {
  const { seller, signOut } = useSeller();
  const { unseen } = useInbox();
  useFocusHeadingOnNavigation();
  return (
    <div className="sell-terminal">
      <div className="sell-bar">
        <p>
          Signed in as <strong>{seller.name}</strong>
        </p>
        <Button variant="link" onClick={signOut}>
          Sign out
        </Button>
      </div>
      <TerminalNav
        label="Selling"
        links={[
          { href: '/orders', text: unseen.size ? `Orders (${unseen.size} new)` : 'Orders' },
          { href: '/offers', text: 'Offers' },
          { href: '/register', text: 'Register commodity' },
          { href: '/import', text: 'Import' },
        ]}
      />
      <Switch>
        <Route path="/">
          <Redirect to="/orders" replace />
        </Route>
        <Route path="/orders" component={OrdersPage} />
        <Route path="/orders/:orderId" component={OrderPage} />
        <Route path="/offers" component={OffersPage} />
        <Route path="/register" component={RegisterPage} />
        <Route path="/import" component={ImportPage} />
        <Route>
          <NotFoundPage intro="The salesperson terminal has no page at this address." href="/orders">
            Go to your orders
          </NotFoundPage>
        </Route>
      </Switch>
    </div>
  );
}

/**
 * After moving between pages, focus goes to the new page's heading, so a screen reader says
 * where the seller is and the keyboard starts from the top of the new content.
 */
function useFocusHeadingOnNavigation() {
  const [location] = useLocation();
  const previous = useRef(location);
  useEffect(() => {
    if (previous.current === location) return;
    previous.current = location;
    focusPageTitle();
  }, [location]);
}

function focusPageTitle() {
  const heading = document.getElementById('page-title');
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus();
}
