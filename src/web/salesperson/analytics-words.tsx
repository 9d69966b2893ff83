import type { Granularity } from './analytics-api.ts';
import type { Kind } from './types.ts';

const BY: Record<Granularity, string> = { day: 'by day', week: 'by week', month: 'by month' };

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
/** A UTC day (YYYY-MM-DD) as people read dates here. */
export const formatDay = (iso: string) => day.format(new Date(`${iso}T00:00:00Z`));

/** What a report is about, in one line: "Personal computer, by week, 4 Aug 2026 – 26 Oct 2026, colour". */
export function describeParameters(parameters: Record<string, unknown>, kinds: Kind[] | undefined): string {
  const kindId = String(parameters.kind ?? '');
  const kind = kinds?.find((k) => k.id === kindId);
  const attribute = typeof parameters.attribute === 'string' ? parameters.attribute : undefined;
  const attributeLabel =
    attribute === 'price'
      ? 'price'
      : (kind?.attributes.find((a) => a.name === attribute)?.label ?? attribute);
  const granularity = parameters.granularity as Granularity | undefined;
  return [
    kind?.name ?? kindId,
    granularity && BY[granularity],
    typeof parameters.from === 'string' && typeof parameters.to === 'string'
      ? `${formatDay(parameters.from)} – ${formatDay(parameters.to)}`
      : undefined,
    attributeLabel,
    typeof parameters.currency === 'string' ? parameters.currency : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

const epsilonFigure = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });

/** ε as a figure, to three significant digits (a third of 1 is 0.333); screen readers say "epsilon". */
export function EpsilonText(props: { epsilon: string }) {
  return <span className="epsilon">ε {epsilonFigure.format(Number(props.epsilon))}</span>;
}
