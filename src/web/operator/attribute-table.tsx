import { Empty } from '../app/ui.tsx';
import type { AttributeDefinition } from './api-types.ts';
import { describeAttribute, TYPE_NAMES } from './format.ts';

/** A kind's attribute schema as a table: what each attribute is called, takes, and requires. */
export function AttributeTable(props: { attributes: AttributeDefinition[]; caption?: string }) {
  if (!props.attributes.length) return <Empty title="This kind has no attributes" />;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{props.caption ?? 'Attributes'}</caption>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Accepts</th>
            <th scope="col">Required</th>
          </tr>
        </thead>
        <tbody>
          {props.attributes.map((a) => (
            <tr key={a.name}>
              <th scope="row">{a.label}</th>
              <td className="mono">{a.name}</td>
              <td>{TYPE_NAMES[a.type]}</td>
              <td>{describeAttribute(a)}</td>
              <td>{a.required ? 'Required' : 'Optional'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
