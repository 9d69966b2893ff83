import { Link } from 'wouter';
import { Page } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';

export function NoSuchKind(props: { kindId: string }) {
  const t = useT();
  return (
    <Page title={t('operator.noSuchKind.title')} intro={t('operator.noSuchKind.intro', { id: props.kindId })}>
      <Link href="/kinds">{t('operator.kinds.allKinds')}</Link>
    </Page>
  );
}
