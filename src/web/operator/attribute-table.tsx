import { attributeLabel } from '../app/kind-labels.ts';
import { Empty } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { AttributeDefinition } from './api-types.ts';
import { describeAttribute, TYPE_NAMES } from './format.ts';

/** A kind's attribute schema as a table: what each attribute is called, takes, and requires. */
export function AttributeTable(props: { attributes: AttributeDefinition[]; caption?: string }) {
  const t = useT();
  if (!props.attributes.length) return <Empty title={t('operator.attributeTable.empty')} />;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{props.caption ?? t('operator.attributeTable.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('operator.attributeTable.label')}</th>
            <th scope="col">{t('operator.attributeTable.name')}</th>
            <th scope="col">{t('operator.attributeTable.type')}</th>
            <th scope="col">{t('operator.attributeTable.accepts')}</th>
            <th scope="col">{t('operator.attributeTable.required')}</th>
          </tr>
        </thead>
        <tbody>
          {props.attributes.map((a) => (
            <tr key={a.name}>
              <th scope="row">{attributeLabel(a)}</th>
              <td className="mono">{a.name}</td>
              <td>{t(TYPE_NAMES[a.type])}</td>
              <td>{describeAttribute(a, t)}</td>
              <td>
                {a.required
                  ? t('operator.attributeTable.isRequired')
                  : t('operator.attributeTable.isOptional')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
