import { Fragment } from 'react';
import { Link } from 'wouter';
import { Label } from '../app/shown-text.tsx';
import { Empty, Loading, Page, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { formatDateTime } from './format.ts';
import { useKinds } from './kind-queries.ts';

/** Every kind the market sells, with what its attribute schema holds. */
export function KindsPage() {
  const kinds = useKinds();
  const t = useT();
  return (
    <Page
      title={t('operator.kinds.title')}
      intro={t('operator.kinds.intro')}
      actions={
        <Link href="/kinds/new" className="button primary">
          {t('operator.kinds.newKind')}
        </Link>
      }
    >
      <ProblemNotice error={kinds.error} title={t('operator.kinds.readFailed')} />
      {kinds.isPending && <Loading label={t('operator.kinds.loading')} />}
      {kinds.data?.length === 0 && (
        <Empty title={t('operator.kinds.empty.title')}>
          <p>{t('operator.kinds.empty.body')}</p>
        </Empty>
      )}
      {!!kinds.data?.length && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('operator.kinds.table.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('operator.kinds.table.name')}</th>
                <th scope="col">{t('operator.kinds.table.id')}</th>
                <th scope="col">{t('operator.kinds.table.attributes')}</th>
                <th scope="col">{t('operator.kinds.table.lastChanged')}</th>
              </tr>
            </thead>
            <tbody>
              {kinds.data.map((kind) => (
                <tr key={kind.id}>
                  <th scope="row">
                    <Link href={`/kinds/${kind.id}`}>
                      <Label text={kind.names} />
                    </Link>
                    {Object.keys(kind.descriptions).length > 0 && (
                      <p className="muted cell-note">
                        <Label text={kind.descriptions} />
                      </p>
                    )}
                  </th>
                  <td className="mono">{kind.id}</td>
                  <td>
                    {kind.attributes.length ? (
                      kind.attributes.map((a, i) => (
                        <Fragment key={a.name}>
                          {i > 0 && ', '}
                          <Label text={a.labels} />
                        </Fragment>
                      ))
                    ) : (
                      <span className="muted">{t('operator.kinds.table.noAttributes')}</span>
                    )}
                  </td>
                  <td>{formatDateTime(kind.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
