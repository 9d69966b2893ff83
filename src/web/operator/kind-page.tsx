import { Fragment } from 'react';
import { Link, useParams, useSearch } from 'wouter';
import { type LocalizedText, TEXT_LANGUAGES } from '../../protocol/localized-text.ts';
import { ApiError } from '../app/api.ts';
import { kindName } from '../app/kind-labels.ts';
import { Label } from '../app/shown-text.tsx';
import { Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import { type MessageId, useT } from '../i18n/i18n.tsx';
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
      heading={kind.data && <Label text={kind.data.names} />}
      intro={
        kind.data && Object.keys(kind.data.descriptions).length > 0 && <Label text={kind.data.descriptions} />
      }
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
            <ByLanguage label={t('operator.kind.name')} text={kind.data.names} />
            <ByLanguage label={t('operator.kindForm.description')} text={kind.data.descriptions} />
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

/** One of the kind's texts in each language, and which is missing (shown in the other language). */
function ByLanguage(props: { label: string; text: LocalizedText }) {
  const t = useT();
  return TEXT_LANGUAGES.map((language) => (
    <Fragment key={language}>
      <dt>{t(`operator.text.${language}`, { label: props.label })}</dt>
      <dd lang={props.text[language] ? language : undefined}>
        {props.text[language] ?? <span className="muted">{t('operator.kind.notGiven')}</span>}
      </dd>
    </Fragment>
  ));
}
