import { type FormEvent, useRef, useState } from 'react';
import { ApiError } from '../../app/api.ts';
import {
  PICKUP_POINT_KINDS,
  type PickupPoint,
  type PickupPointFields,
  type PickupPointKind,
} from '../../app/delivery.ts';
import { useFocusFirstInvalid } from '../../app/forms.ts';
import { Button, Field } from '../../app/ui.tsx';
import { type MessageId, useT } from '../../i18n/i18n.tsx';
import { CheckboxField } from '../checkbox-field.tsx';
import {
  type FieldErrors,
  type FormProblem,
  FormProblemNotice,
  generalMessage,
  noProblem,
  plainMessage,
} from '../form-feedback.tsx';
import type { Translate } from '../format.ts';

export const KIND_NAMES: Record<PickupPointKind, MessageId> = {
  convenience_store: 'operator.points.kind.convenienceStore',
  locker: 'operator.points.kind.locker',
};

const TEXTS = ['name', 'nameKana', 'nameRomaji', 'address', 'addressRomaji', 'openingHours'] as const;
const NUMBERS = ['latitude', 'longitude', 'capacity', 'retentionDays'] as const;
const OPTIONAL = new Set<string>(['nameKana', 'nameRomaji', 'addressRomaji']);
type TypedField = 'code' | (typeof TEXTS)[number] | (typeof NUMBERS)[number];
type Draft = Record<TypedField, string> & { kind: PickupPointKind; active: boolean };

const LABELS: Record<TypedField, MessageId> = {
  code: 'operator.points.field.code',
  name: 'operator.points.field.name',
  nameKana: 'operator.points.field.nameKana',
  nameRomaji: 'operator.points.field.nameRomaji',
  address: 'operator.points.field.address',
  addressRomaji: 'operator.points.field.addressRomaji',
  openingHours: 'operator.points.field.openingHours',
  latitude: 'operator.points.field.latitude',
  longitude: 'operator.points.field.longitude',
  capacity: 'operator.points.field.capacity',
  retentionDays: 'operator.points.field.retentionDays',
};
const HINTS: Partial<Record<TypedField, MessageId>> = {
  code: 'operator.points.hint.code',
  name: 'operator.points.hint.name',
  nameKana: 'operator.points.hint.nameKana',
  nameRomaji: 'operator.points.hint.nameRomaji',
  address: 'operator.points.hint.address',
  addressRomaji: 'operator.points.hint.addressRomaji',
  openingHours: 'operator.points.hint.openingHours',
  latitude: 'operator.points.hint.position',
  retentionDays: 'operator.points.hint.retentionDays',
};

const draftOf = (point?: PickupPoint): Draft => ({
  code: point?.code ?? '',
  name: point?.name ?? '',
  nameKana: point?.nameKana ?? '',
  nameRomaji: point?.nameRomaji ?? '',
  kind: point?.kind ?? 'convenience_store',
  address: point?.address ?? '',
  addressRomaji: point?.addressRomaji ?? '',
  latitude: point ? String(point.latitude) : '',
  longitude: point ? String(point.longitude) : '',
  openingHours: point?.openingHours ?? '',
  capacity: point ? String(point.capacity) : '',
  retentionDays: point ? String(point.retentionDays) : '',
  active: point?.active ?? true,
});

/** Delivery's own wording for what it refuses in these fields (src/delivery/pickup-points/routes.ts). */
const DELIVERY_SAYS: [string, MessageId][] = [
  ['Latin or Japanese text, no outer spaces', 'operator.points.problem.script'],
  ['a character none of the label’s fonts has', 'operator.points.problem.unprintable'],
  ['kana, as it is read', 'operator.points.problem.kana'],
  ['Latin script (romaji)', 'operator.points.problem.romaji'],
  ['capital letters, digits and hyphens, 3 to 24 of them', 'operator.points.problem.code'],
];

/** Delivery's refusal of a save, field by field in the form's words. */
function refusalOf(error: unknown, t: Translate): FormProblem {
  if (!(error instanceof ApiError)) return { fields: {}, general: generalMessage(error) };
  if (error.code === 'pickup_point_exists') {
    return { fields: { code: t('operator.points.problem.exists') }, general: null };
  }
  const fields: FieldErrors = {};
  for (const e of error.problem.errors ?? []) {
    if (e.path === undefined) continue;
    const known = DELIVERY_SAYS.find(([said]) => said === e.message);
    fields[e.path] = known ? t(known[1]) : plainMessage(e.message, t);
  }
  return Object.keys(fields).length ? { fields, general: null } : { fields, general: generalMessage(error) };
}

/**
 * Registering a pickup point (no `point`) or changing one: the name and address as on the sign,
 * in Japanese for a store in Japan, with the name's reading and the romaji when known. Fields
 * left empty here are checked before anything is sent; the rest is delivery's to refuse.
 */
export function PointForm(props: {
  point?: PickupPoint;
  save: (body: PickupPointFields & { code: string; active: boolean }) => Promise<unknown>;
  busy: boolean;
  submitLabel: string;
}) {
  const t = useT();
  const [draft, setDraft] = useState<Draft>(() => draftOf(props.point));
  const [problem, setProblem] = useState<FormProblem>(noProblem);
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, attempt);
  const editing = props.point !== undefined;

  const set = (field: keyof Draft) => (value: string | boolean) =>
    setDraft((d) => ({ ...d, [field]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields: FieldErrors = {};
    for (const field of ['code', ...TEXTS] as const) {
      if (!OPTIONAL.has(field) && !draft[field].trim()) fields[field] = t('operator.problem.enterValue');
    }
    const numbers = Object.fromEntries(
      NUMBERS.map((field) => {
        const value = Number(draft[field].trim());
        if (!draft[field].trim() || !Number.isFinite(value))
          fields[field] = t('operator.points.problem.number');
        return [field, value];
      }),
    ) as Record<(typeof NUMBERS)[number], number>;
    if (Object.keys(fields).length) {
      setProblem({ fields, general: null });
      setAttempt((n) => n + 1);
      return;
    }
    const text = (field: (typeof TEXTS)[number]) => draft[field].trim() || null;
    try {
      await props.save({
        code: draft.code.trim(),
        name: draft.name.trim(),
        nameKana: text('nameKana'),
        nameRomaji: text('nameRomaji'),
        kind: draft.kind,
        address: draft.address.trim(),
        addressRomaji: text('addressRomaji'),
        openingHours: draft.openingHours.trim(),
        ...numbers,
        active: draft.active,
      });
      setProblem(noProblem);
    } catch (error) {
      setProblem(refusalOf(error, t));
      setAttempt((n) => n + 1);
    }
  };

  const input = (field: TypedField, options: { lang?: 'ja' | 'en'; numeric?: boolean } = {}) => (
    <Field label={t(LABELS[field])} hint={HINTS[field] && t(HINTS[field])} error={problem.fields[field]}>
      {(control) => (
        <input
          {...control}
          lang={options.lang}
          inputMode={options.numeric ? 'decimal' : undefined}
          autoComplete="off"
          spellCheck={false}
          value={draft[field]}
          onChange={(e) => set(field)(e.target.value)}
        />
      )}
    </Field>
  );

  return (
    <form ref={form} className="panel point-form" onSubmit={submit} noValidate>
      <FormProblemNotice problem={problem} title={t('operator.points.saveFailed')} />
      {!editing && input('code')}
      <fieldset>
        <legend>{t('operator.points.legend.name')}</legend>
        {input('name')}
        {input('nameKana', { lang: 'ja' })}
        {input('nameRomaji', { lang: 'en' })}
      </fieldset>
      <fieldset>
        <legend>{t('operator.points.legend.place')}</legend>
        <Field label={t('operator.points.field.kind')} error={problem.fields.kind}>
          {(control) => (
            <select {...control} value={draft.kind} onChange={(e) => set('kind')(e.target.value)}>
              {PICKUP_POINT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(KIND_NAMES[kind])}
                </option>
              ))}
            </select>
          )}
        </Field>
        {input('address')}
        {input('addressRomaji', { lang: 'en' })}
        <div className="grid">
          {input('latitude', { numeric: true })}
          {input('longitude', { numeric: true })}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('operator.points.legend.service')}</legend>
        {input('openingHours')}
        <div className="grid">
          {input('capacity', { numeric: true })}
          {input('retentionDays', { numeric: true })}
        </div>
        {editing && (
          <CheckboxField
            label={t('operator.points.field.active')}
            hint={t('operator.points.hint.active')}
            checked={draft.active}
            onChange={set('active')}
          />
        )}
      </fieldset>
      <div className="row form-actions">
        <Button type="submit" variant="primary" busy={props.busy}>
          {props.submitLabel}
        </Button>
      </div>
    </form>
  );
}
