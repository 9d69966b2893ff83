import { attributeLabelOf, kindName } from '../app/kind-labels.ts';
import type { Translate } from '../app/translate.ts';
import { activeLocale, type MessageId } from '../i18n/i18n.tsx';
import type { Granularity } from './analytics-api.ts';
import type { Kind } from './types.ts';

const BY: Record<Granularity, MessageId> = {
  day: 'salesperson.words.byDay',
  week: 'salesperson.words.byWeek',
  month: 'salesperson.words.byMonth',
};

/** A UTC day (YYYY-MM-DD) as people read dates in the language shown. */
export const formatDay = (iso: string) =>
  new Intl.DateTimeFormat(activeLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );

/** What a report is about, in one line: "Personal computer, by week, 4 Aug 2026 – 26 Oct 2026, colour". */
export function describeParameters(
  t: Translate,
  parameters: Record<string, unknown>,
  kinds: Kind[] | undefined,
): string {
  const kindId = String(parameters.kind ?? '');
  const kind = kinds?.find((k) => k.id === kindId);
  const attribute = typeof parameters.attribute === 'string' ? parameters.attribute : undefined;
  const attributeLabel =
    attribute === 'price' ? t('salesperson.words.price') : (attributeLabelOf(kind, attribute) ?? attribute);
  const granularity = parameters.granularity as Granularity | undefined;
  const by = granularity && BY[granularity];
  return [
    kind ? kindName(kind) : kindId,
    by && t(by),
    typeof parameters.from === 'string' && typeof parameters.to === 'string'
      ? t('salesperson.words.dayRange', { from: formatDay(parameters.from), to: formatDay(parameters.to) })
      : undefined,
    attributeLabel,
    typeof parameters.currency === 'string' ? parameters.currency : undefined,
  ]
    .filter(Boolean)
    .join(t('salesperson.words.separator'));
}

/** ε as a figure, to three significant digits (a third of 1 is 0.333); screen readers say "epsilon". */
export function EpsilonText(props: { epsilon: string }) {
  const figure = new Intl.NumberFormat(activeLocale(), { maximumSignificantDigits: 3 });
  return <span className="epsilon">ε {figure.format(Number(props.epsilon))}</span>;
}
