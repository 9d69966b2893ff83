import { Page } from '../app/ui';

export default function BuyTerminal() {
  return <Page title="Buy">{null}</Page>;
}
