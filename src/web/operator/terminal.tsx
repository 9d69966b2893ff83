import { Page } from '../app/ui';

export default function OperateTerminal() {
  return <Page title="Operate">{null}</Page>;
}
