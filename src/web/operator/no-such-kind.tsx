import { Link } from 'wouter';
import { Page } from '../app/ui.tsx';

export function NoSuchKind(props: { kindId: string }) {
  return (
    <Page title="No such kind" intro={`There is no kind with the ID “${props.kindId}”.`}>
      <Link href="/kinds">All kinds</Link>
    </Page>
  );
}
