import { Fragment, type ReactNode } from 'react';
import { unitTexts, valueLabelTexts } from '../app/kind-labels.ts';
import { Label } from '../app/shown-text.tsx';
import { Empty } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { AttributeDefinition } from './api-types.ts';
import { TYPE_NAMES } from './format.ts';

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
              <th scope="row">
                <Label text={a.labels} />
              </th>
              <td className="mono">{a.name}</td>
              <td>{t(TYPE_NAMES[a.type])}</td>
              <td>
                <Accepts attribute={a} />
              </td>
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

/** What an attribute accepts, in words: "whole number, 1–4096 GB". */
function Accepts({ attribute: a }: { attribute: AttributeDefinition }): ReactNode {
  const t = useT();
  switch (a.type) {
    case 'number': {
      // Bounds are the schema's own figures, said as they were given.
      const units = unitTexts(a);
      const unit = units && <Label text={units} />;
      const withUnit = (value: number) =>
        unit ? t.rich('operator.accepts.quantity', { value: String(value), unit }) : String(value);
      const integer = a.integer ? 'yes' : 'no';
      if (a.min !== undefined && a.max !== undefined)
        return t.rich('operator.accepts.between', { integer, min: String(a.min), max: withUnit(a.max) });
      if (a.min !== undefined) return t.rich('operator.accepts.atLeast', { integer, min: withUnit(a.min) });
      if (a.max !== undefined) return t.rich('operator.accepts.atMost', { integer, max: withUnit(a.max) });
      if (unit) return t.rich('operator.accepts.inUnit', { integer, unit });
      return t('operator.accepts.anyValue', { integer });
    }
    case 'enum':
      // The operator works with the values themselves; their labels, where given, beside them.
      return a.values.map((v, i) => {
        const label = valueLabelTexts(a, v);
        return (
          <Fragment key={v}>
            {i > 0 && ', '}
            {label
              ? t.rich('operator.accepts.labelledValue', { value: v, label: <Label text={label} /> })
              : v}
          </Fragment>
        );
      });
    case 'boolean':
      return t('operator.accepts.yesNo');
    case 'text':
      return t('operator.accepts.text', { maxLength: String(a.maxLength) });
  }
}
