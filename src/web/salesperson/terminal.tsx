import { Page } from '../app/ui';

export default function SellTerminal() {
  return <Page title="Sell">{null}</Page>;
}
