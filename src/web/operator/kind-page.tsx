import { Link, useParams, useSearch } from 'wouter';
import { ApiError } from '../app/api.ts';
import { Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import { type MessageId, useT } from '../i18n/i18n.tsx';
import { AttributeTable } from './attribute-table.tsx';
import { formatDateTime } from './format.ts';
import { useKind } from './kind-queries.ts';
import { NoSuchKind } from './no-such-kind.tsx';

const SAVED: Record<string, MessageId> = {
  created: 'operator.kind.saved.created',
  extended: 'operator.kind.saved.extended',
};

/** One kind: its description and attribute schema, and the way to extend it. */
export function KindPage() {
  const { kindId = '' } = useParams<{ kindId: string }>();
  const saved = SAVED[new URLSearchParams(useSearch()).get('saved') ?? ''];
  const kind = useKind(kindId);
  const t = useT();

  if (kind.error instanceof ApiError && kind.error.status === 404) return <NoSuchKind kindId={kindId} />;
  return (
    <Page
      title={kind.data?.name ?? t('operator.kind.title')}
      intro={kind.data?.description || undefined}
      actions={
        kind.data && (
          <Link href={`/kinds/${kindId}/extend`} className="button primary">
            {t('operator.kind.extend')}
          </Link>
        )
      }
    >
      {saved && <Notice tone="success">{t(saved)}</Notice>}
      <ProblemNotice error={kind.error} title={t('operator.kind.readFailed')} />
      {kind.isPending && <Loading label={t('operator.kind.loading')} />}
      {kind.data && (
        <>
          <dl className="facts panel">
            <dt>{t('operator.kind.id')}</dt>
            <dd className="mono">{kind.data.id}</dd>
            <dt>{t('operator.kind.lastChanged')}</dt>
            <dd>{formatDateTime(kind.data.updatedAt)}</dd>
          </dl>
          <h2>{t('operator.kind.attributes')}</h2>
          <AttributeTable attributes={kind.data.attributes} />
        </>
      )}
      <p>
        <Link href="/kinds">{t('operator.kinds.allKinds')}</Link>
      </p>
    </Page>
  );
}
