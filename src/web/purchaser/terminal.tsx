import { Route, Switch } from 'wouter';
import { NotFoundPage, TerminalNav } from '../app/shell.tsx';
import { useT } from '../i18n/i18n.tsx';
import { ConfirmPage } from './confirm-page.tsx';
import { useFocusHeadingOnNavigation } from './focus.ts';
import { MyOrdersPage } from './my-orders-page.tsx';
import { PaymentPage } from './payment-page.tsx';
import { ReceiptPage } from './receipt-page.tsx';
import { SearchPage } from './search-page.tsx';
import './purchaser.css';

/** The purchaser terminal: search, confirm, receipt, payment, and the orders kept in this browser. */
export default function BuyTerminal() {
  useFocusHeadingOnNavigation();
  const t = useT();
  return (
    <>
      <TerminalNav
        label={t('purchaser.nav.label')}
        links={[
          { href: '/', text: t('purchaser.nav.search') },
          { href: '/orders', text: t('purchaser.nav.orders') },
        ]}
      />
      <Switch>
        <Route path="/" component={SearchPage} />
        <Route path="/confirm" component={ConfirmPage} />
        <Route path="/receipt/:orderId" component={ReceiptPage} />
        <Route path="/orders" component={MyOrdersPage} />
        <Route path="/orders/:orderId/pay" component={PaymentPage} />
        <Route>
          <NotFoundPage intro={t('purchaser.notFound.intro')} href="/">
            {t('purchaser.notFound.link')}
          </NotFoundPage>
        </Route>
      </Switch>
    </>
  );
}
