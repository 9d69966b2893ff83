import type { ReactNode } from 'react';
import { unitTexts, valueLabelTexts } from '../app/kind-labels.ts';
import { formatMoney } from '../app/money.ts';
import { Label, type Shown, ShownText, shown } from '../app/shown-text.tsx';
import { activeLocale, useT } from '../i18n/i18n.tsx';
import type { Attribute, Condition, Kind, RetrievedItem, Scalar } from './market-api.ts';
import { PRICE } from './search-params.ts';

/** The translator `useT()` gives, whose `rich` words a message around marked-up parts. */
type RichTranslate = ReturnType<typeof useT>;

/**
 * Enum values are slugs (`wool_blend`): people read their label, else "Wool blend" (an
 * identifier, in no language to mark).
 */
export function enumValueShown(attribute: Attribute, value: string): Shown {
  const label = valueLabelTexts(attribute, value);
  return label ? shown(label) : { text: humanise(value) };
}

function humanise(slug: string): string {
  const words = slug.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const formatNumber = (n: number) => new Intl.NumberFormat(activeLocale()).format(n);

/** Paint for enum values that name a colour, so colour pickers show swatches. */
const SWATCHES: Record<string, string> = {
  black: '#1b1b1b',
  white: '#ffffff',
  silver: '#c4c8cc',
  grey: '#8c9096',
  gray: '#8c9096',
  charcoal: '#3b3f45',
  navy: '#1f2f5c',
  blue: '#2f6fd0',
  red: '#c62f2f',
  green: '#2e8b57',
  pink: '#ec8fb5',
  gold: '#d4af37',
  beige: '#e3d3b4',
  brown: '#7b4a2a',
  yellow: '#f2cf3a',
  orange: '#ee8a2a',
  purple: '#7a4bb5',
};

export function Swatch(props: { value: string }) {
  const paint = SWATCHES[props.value];
  if (!paint) return null;
  return <span className="swatch" style={{ background: paint }} aria-hidden="true" />;
}

/** One attribute value as a person reads it: "3,000 MHz", "Silver", "Yes"; a unit or label marked with its language. */
function formatValue(attribute: Attribute, value: unknown, t: RichTranslate): ReactNode {
  switch (attribute.type) {
    case 'number': {
      const unit = unitTexts(attribute);
      if (typeof value !== 'number') return String(value);
      return unit ? (
        <>
          {formatNumber(value)} <Label text={unit} />
        </>
      ) : (
        formatNumber(value)
      );
    }
    case 'enum':
      return <ShownText value={enumValueShown(attribute, String(value))} />;
    case 'boolean':
      return value ? t('purchaser.value.yes') : t('purchaser.value.no');
    case 'text':
      return String(value);
  }
}

/** A value in a condition, formatted like the attribute it is about (or as money for the price). */
function conditionValue(
  attribute: Attribute | undefined,
  name: string,
  value: Scalar,
  currency: string | undefined,
  t: RichTranslate,
): ReactNode {
  if (name === PRICE && typeof value === 'number')
    return currency ? formatMoney(value, currency) : formatNumber(value);
  if (!attribute) return String(value);
  if (attribute.type === 'text') return t('purchaser.condition.quoted', { text: String(value) });
  return formatValue(attribute, value, t);
}

/** A condition in words: "CPU speed at least 3,000 MHz", "Colour: Black or Silver". */
export function describeCondition(
  kind: Kind,
  condition: Condition,
  t: RichTranslate,
  currency?: string,
): ReactNode {
  const attribute = kind.attributes.find((a) => a.name === condition.attribute);
  const label =
    condition.attribute === PRICE ? (
      t('purchaser.condition.price')
    ) : attribute ? (
      <Label text={attribute.labels} />
    ) : (
      condition.attribute
    );
  const values = (Array.isArray(condition.value) ? condition.value : [condition.value]).map((v) =>
    conditionValue(attribute, condition.attribute, v, currency, t),
  );
  const [first = '', second = ''] = values;
  switch (condition.op) {
    case 'between':
      return t.rich('purchaser.condition.between', { label, low: first, high: second });
    case '>=':
      return t.rich('purchaser.condition.atLeast', { label, value: first });
    case '<=':
      return t.rich('purchaser.condition.atMost', { label, value: first });
    case '>':
      return t.rich('purchaser.condition.moreThan', { label, value: first });
    case '<':
      return t.rich('purchaser.condition.lessThan', { label, value: first });
    case '!=':
      return t.rich('purchaser.condition.not', { label, value: first });
    case 'in':
      return t.rich('purchaser.condition.in', {
        label,
        values: values.reduce((list, v) => t.rich('purchaser.condition.orValue', { list, value: v })),
      });
    case '=':
      return attribute?.type === 'number' || condition.attribute === PRICE
        ? t.rich('purchaser.condition.exactly', { label, value: first })
        : t.rich('purchaser.condition.is', { label, value: first });
  }
}

/** An item's characteristics, in the order its kind lists them; the sorted-by one stands out. */
export function Specs(props: { kind: Kind; item: RetrievedItem; sortedBy?: string }) {
  const { item } = props;
  const t = useT();
  const given = props.kind.attributes.filter((a) => item.attributes[a.name] !== undefined);
  return (
    <dl className="specs">
      {given.map((a) => (
        <div key={a.name} className={a.name === props.sortedBy ? 'sorted' : undefined}>
          <dt>
            <Label text={a.labels} />
          </dt>
          <dd>
            {a.type === 'enum' && <Swatch value={String(item.attributes[a.name])} />}
            {formatValue(a, item.attributes[a.name], t)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
