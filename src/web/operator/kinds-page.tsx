import { Link } from 'wouter';
import { Empty, Loading, Page, ProblemNotice } from '../app/ui.tsx';
import { formatDateTime } from './format.ts';
import { useKinds } from './kind-queries.ts';

/** Every kind the market sells, with what its attribute schema holds. */
export function KindsPage() {
  const kinds = useKinds();
  return (
    <Page
      title="Kinds"
      intro="A kind is a sort of commodity with its own attributes, which sellers fill in and purchasers search by."
      actions={
        <Link href="/kinds/new" className="button primary">
          New kind
        </Link>
      }
    >
      <ProblemNotice error={kinds.error} title="The kinds could not be read" />
      {kinds.isPending && <Loading label="Loading the kinds" />}
      {kinds.data?.length === 0 && (
        <Empty title="No kinds yet">
          <p>Sellers can register commodities once there is a kind for them.</p>
        </Empty>
      )}
      {!!kinds.data?.length && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Kinds, by name</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">ID</th>
                <th scope="col">Attributes</th>
                <th scope="col">Last changed</th>
              </tr>
            </thead>
            <tbody>
              {kinds.data.map((kind) => (
                <tr key={kind.id}>
                  <th scope="row">
                    <Link href={`/kinds/${kind.id}`}>{kind.name}</Link>
                    {kind.description && <p className="muted cell-note">{kind.description}</p>}
                  </th>
                  <td className="mono">{kind.id}</td>
                  <td>
                    {kind.attributes.map((a) => a.label).join(', ') || <span className="muted">None</span>}
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
