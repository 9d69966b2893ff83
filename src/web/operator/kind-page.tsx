import { Link, useParams, useSearch } from 'wouter';
import { ApiError } from '../app/api.ts';
import { Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import { AttributeTable } from './attribute-table.tsx';
import { formatDateTime } from './format.ts';
import { useKind } from './kind-queries.ts';
import { NoSuchKind } from './no-such-kind.tsx';

const SAVED: Record<string, string> = {
  created: 'The kind is created. Sellers can register commodities of it now.',
  extended: 'The kind is extended. New attributes are optional for commodities already registered.',
};

/** One kind: its description and attribute schema, and the way to extend it. */
export function KindPage() {
  const { kindId = '' } = useParams<{ kindId: string }>();
  const saved = SAVED[new URLSearchParams(useSearch()).get('saved') ?? ''];
  const kind = useKind(kindId);

  if (kind.error instanceof ApiError && kind.error.status === 404) return <NoSuchKind kindId={kindId} />;
  return (
    <Page
      title={kind.data?.name ?? 'Kind'}
      intro={kind.data?.description || undefined}
      actions={
        kind.data && (
          <Link href={`/kinds/${kindId}/extend`} className="button primary">
            Extend this kind
          </Link>
        )
      }
    >
      {saved && <Notice tone="success">{saved}</Notice>}
      <ProblemNotice error={kind.error} title="The kind could not be read" />
      {kind.isPending && <Loading label="Loading the kind" />}
      {kind.data && (
        <>
          <dl className="facts panel">
            <dt>ID</dt>
            <dd className="mono">{kind.data.id}</dd>
            <dt>Last changed</dt>
            <dd>{formatDateTime(kind.data.updatedAt)}</dd>
          </dl>
          <h2>Attributes</h2>
          <AttributeTable attributes={kind.data.attributes} />
        </>
      )}
      <p>
        <Link href="/kinds">All kinds</Link>
      </p>
    </Page>
  );
}
