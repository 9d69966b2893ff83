import { Link, useParams, useSearch } from 'wouter';
import { ApiError } from '../app/api.ts';
import { kindName } from '../app/kind-labels.ts';
import { Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import { type MessageId, useT } from '../i18n/i18n.tsx';
import type { Kind } from './api-types.ts';
import { AttributeTable } from './attribute-table.tsx';
import { formatDateTime } from './format.ts';
import { useKind } from './kind-queries.ts';
import { NoSuchKind } from './no-such-kind.tsx';

const SAVED: Record<string, MessageId> = {
  created: 'operator.kind.saved.created',
  extended: 'operator.kind.saved.extended',
  relabelled: 'operator.kind.saved.relabelled',
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
      title={kind.data ? kindName(kind.data) : t('operator.kind.title')}
      intro={kind.data?.description || undefined}
      actions={
        kind.data && (
          <div className="row">
            <Link href={`/kinds/${kindId}/labels`} className="button secondary">
              {t('operator.kind.editLabels')}
            </Link>
            <Link href={`/kinds/${kindId}/extend`} className="button primary">
              {t('operator.kind.extend')}
            </Link>
          </div>
        )
      }
    >
      {saved && <Notice tone="success">{t(saved)}</Notice>}
      <ProblemNotice error={kind.error} title={t('operator.kind.readFailed')} />
      {kind.isPending && <Loading label={t('operator.kind.loading')} />}
      {kind.data && (
        <>
          <dl className="facts panel">
            <KindNames kind={kind.data} />
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

/** The kind's name in each language, and which is missing (shown in the other language). */
function KindNames({ kind }: { kind: Kind }) {
  const t = useT();
  const label = t('operator.kind.name');
  return (
    <>
      <dt>{t('operator.text.ja', { label })}</dt>
      <dd lang={kind.names.ja ? 'ja' : undefined}>
        {kind.names.ja ?? <span className="muted">{t('operator.kind.notGiven')}</span>}
      </dd>
      <dt>{t('operator.text.en', { label })}</dt>
      <dd lang={kind.names.en ? 'en' : undefined}>
        {kind.names.en ?? <span className="muted">{t('operator.kind.notGiven')}</span>}
      </dd>
    </>
  );
}
