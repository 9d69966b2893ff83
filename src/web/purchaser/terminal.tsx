import { Route, Switch } from 'wouter';
import { NotFoundPage, TerminalNav } from '../app/shell.tsx';
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
  return (
    <>
      <TerminalNav
        label="Buying"
        links={[
          { href: '/', text: 'Search' },
          { href: '/orders', text: 'My orders' },
        ]}
      />
      <Switch>
        <Route path="/" component={SearchPage} />
        <Route path="/confirm" component={ConfirmPage} />
        <Route path="/receipt/:orderId" component={ReceiptPage} />
        <Route path="/orders" component={MyOrdersPage} />
        <Route path="/orders/:orderId/pay" component={PaymentPage} />
        <Route>
          <NotFoundPage intro="The purchaser terminal has no page at this address." href="/">
            Start a search
          </NotFoundPage>
        </Route>
      </Switch>
    </>
  );
}
