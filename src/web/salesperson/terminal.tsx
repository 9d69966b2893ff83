import { lazy, Suspense, useEffect, useRef } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { ApiError, api } from '../app/api.ts';
import { KeyCheckPage, useCheckedKey } from '../app/key-sign-in.tsx';
import { NotFoundPage, TerminalNav } from '../app/shell.tsx';
import { Button, Loading } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { AnalysisPage } from './analysis-page.tsx';
import { AnalyticsPage } from './analytics-page.tsx';
import { ImportPage } from './import-page.tsx';
import { OffersPage } from './offers-page.tsx';
import { OrderInbox, useInbox } from './order-inbox.tsx';
import { OrderPage } from './order-page.tsx';
import { OrdersPage } from './orders-page.tsx';
import { RegisterPage } from './register-page.tsx';
import { SELL_QUERY, SellerSessionProvider, useSeller } from './seller-session.tsx';
import { SignInPage } from './sign-in-page.tsx';
import type { Seller } from './types.ts';
import './salesperson.css';

// The report page carries the charting library: it is loaded when a report is first opened.
const AnalyticsReportPage = lazy(() => import('./analytics-report-page.tsx'));

/**
 * The salesperson terminal: sign-in with the seller's API key (kept for this tab only), then the
 * order inbox, the offers, registration, import, and the market analyses it can buy. The key is checked with GET /seller.
 */
export default function SellTerminal() {
  const t = useT();
  const refusedBecause = t('salesperson.refused');
  const { key, me, endedBecause, signIn, signOut } = useCheckedKey({
    name: 'seller',
    queryRoot: SELL_QUERY,
    check: (key) => api<Seller>('GET', '/seller', { token: key }),
    refused: (error) => error instanceof ApiError && [401, 403].includes(error.status),
    refusedBecause,
  });

  // Signing in or out replaces the whole page: focus goes to the new page's heading.
  const signedIn = key !== null;
  const wasSignedIn = useRef(signedIn);
  useEffect(() => {
    if (wasSignedIn.current === signedIn) return;
    wasSignedIn.current = signedIn;
    focusPageTitle();
  }, [signedIn]);

  if (key === null) return <SignInPage endedBecause={endedBecause} onSignedIn={signIn} />;
  if (!me.data)
    return (
      <KeyCheckPage
        className="sell-terminal"
        title={t('salesperson.title')}
        check={me}
        words={{ checking: t('salesperson.check.checking'), failed: t('salesperson.check.failed') }}
      />
    );
  return (
    <SellerSessionProvider value={{ key, seller: me.data, signOut: () => signOut(null) }}>
      <OrderInbox onRefused={() => signOut(refusedBecause)}>
        <SignedIn />
      </OrderInbox>
    </SellerSessionProvider>
  );
}

function SignedIn() {
  const { seller, signOut } = useSeller();
  const { unseen } = useInbox();
  const t = useT();
  useFocusHeadingOnNavigation();
  return (
    <div className="sell-terminal">
      <div className="sell-bar">
        <p>
          {t.rich('salesperson.signedInAs', { name: seller.name, b: (chunks) => <strong>{chunks}</strong> })}
        </p>
        <Button variant="link" onClick={signOut}>
          {t('salesperson.signOut')}
        </Button>
      </div>
      <TerminalNav
        label={t('salesperson.nav.label')}
        links={[
          {
            href: '/orders',
            text: unseen.size
              ? t('salesperson.nav.ordersNew', { count: unseen.size })
              : t('salesperson.nav.orders'),
          },
          { href: '/offers', text: t('salesperson.nav.offers') },
          { href: '/register', text: t('salesperson.nav.register') },
          { href: '/import', text: t('salesperson.nav.import') },
          { href: '/analytics', text: t('salesperson.nav.analytics') },
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
        <Route path="/analytics" component={AnalyticsPage} />
        <Route path="/analytics/reports/:reportId">
          <Suspense fallback={<Loading label={t('salesperson.report.loading')} rows={4} />}>
            <AnalyticsReportPage />
          </Suspense>
        </Route>
        <Route path="/analytics/:analysis" component={AnalysisPage} />
        <Route>
          <NotFoundPage intro={t('salesperson.notFound.intro')} href="/orders">
            {t('salesperson.notFound.back')}
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
