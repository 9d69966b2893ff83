import { useEffect, useRef } from 'react';
import { Route, Switch, useLocation } from 'wouter';
import { NotFoundPage, TerminalNav } from '../app/shell.tsx';
import { Button } from '../app/ui.tsx';
import { type MessageId, useT } from '../i18n/i18n.tsx';
import { AnalyticsPage } from './analytics-page.tsx';
import { KindCreatePage } from './kind-create-page.tsx';
import { KindExtendPage } from './kind-extend-page.tsx';
import { KindLabelsPage } from './kind-labels-page.tsx';
import { KindPage } from './kind-page.tsx';
import { KindsPage } from './kinds-page.tsx';
import { OperatorGate, useOperator } from './operator-session.tsx';
import { SellersPage } from './sellers-page.tsx';
import { StatusPage } from './status-page.tsx';
import './operator.css';

const PAGES: { href: string; text: MessageId }[] = [
  { href: '/', text: 'operator.nav.status' },
  { href: '/kinds', text: 'operator.nav.kinds' },
  { href: '/sellers', text: 'operator.nav.sellers' },
  { href: '/analytics', text: 'operator.nav.analytics' },
];

export default function OperateTerminal() {
  return (
    <OperatorGate>
      <OperatorPages />
    </OperatorGate>
  );
}

function OperatorPages() {
  const { signOut } = useOperator();
  useFocusOnNavigation();
  const t = useT();
  return (
    <div className="operator-terminal">
      <div className="operator-bar">
        <TerminalNav
          label={t('operator.nav.label')}
          links={PAGES.map((p) => ({ href: p.href, text: t(p.text) }))}
        />
        <Button variant="link" onClick={signOut}>
          {t('operator.signOut')}
        </Button>
      </div>
      <Switch>
        <Route path="/" component={StatusPage} />
        <Route path="/kinds" component={KindsPage} />
        <Route path="/kinds/new" component={KindCreatePage} />
        <Route path="/kinds/:kindId" component={KindPage} />
        <Route path="/kinds/:kindId/extend" component={KindExtendPage} />
        <Route path="/kinds/:kindId/labels" component={KindLabelsPage} />
        <Route path="/sellers" component={SellersPage} />
        <Route path="/analytics" component={AnalyticsPage} />
        <Route>
          <NotFoundPage intro={t('operator.notFound.intro')} href="/">
            {t('operator.notFound.back')}
          </NotFoundPage>
        </Route>
      </Switch>
    </div>
  );
}

/**
 * After moving to another page (or signing in), focus goes to the main region, so a screen
 * reader starts reading the new page and Tab continues from its top, not from a vanished control.
 */
function useFocusOnNavigation() {
  const [location] = useLocation();
  const shown = useRef<string | null>(null);
  useEffect(() => {
    const moved = shown.current !== null && shown.current !== location;
    shown.current = location;
    if (moved || document.activeElement === document.body) document.getElementById('main')?.focus();
  }, [location]);
}
