import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { unitTexts } from '../app/kind-labels.ts';
import { currencySymbol, minorDigits } from '../app/money.ts';
import { Label, ShownText } from '../app/shown-text.tsx';
import { Button, Field, Notice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { enumValueShown, formatNumber, Swatch } from './attribute-format.tsx';
import type { Attribute, Kind } from './market-api.ts';
import {
  buildRequest,
  type Draft,
  type FieldErrors,
  maxKey,
  minKey,
  PRICE,
  type SortChoice,
} from './search-params.ts';

interface FieldsProps {
  draft: Draft;
  errors: FieldErrors;
  set: (key: string, value: string) => void;
}

/**
 * The purchase request as a form generated from the kind's attribute schema: a range for each
 * number (and the price), a swatch or chip picker for each enum, any/yes/no for each boolean and
 * a text box for each text attribute. Empty fields are no condition.
 */
export function ConditionForm(props: {
  kind: Kind;
  initial: Draft;
  sort: SortChoice;
  /** The market's currency, which prices are typed in. */
  currency: string;
  /** Errors the market answered for the submitted request, by field key. */
  serverErrors: FieldErrors;
  onSearch: (draft: Draft) => void;
}) {
  const t = useT();
  const [draft, setDraft] = useState(props.initial);
  const [errors, setErrors] = useState<FieldErrors>(props.serverErrors);
  const form = useRef<HTMLFormElement>(null);

  const set = (key: string, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    // An edited field's error is stale; the others stay until the next search.
    setErrors(({ [key]: _, ...rest }) => rest);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = buildRequest(props.kind, draft, props.sort, props.currency, t).errors;
    setErrors(checked);
    if (Object.keys(checked).length) {
      // Start where the first problem is; its message is tied to the control.
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    props.onSearch(draft);
  };

  const fields = { draft, errors, set };
  const errorCount = Object.keys(errors).length;
  return (
    <form
      ref={form}
      className="condition-form"
      onSubmit={submit}
      noValidate
      aria-label={t('purchaser.form.label')}
    >
      <RangeFieldset
        {...fields}
        name={PRICE}
        legend={t('purchaser.form.price')}
        unit={currencySymbol(props.currency)}
        hint={
          minorDigits(props.currency)
            ? t('purchaser.form.priceHint.minor')
            : t('purchaser.form.priceHint.whole')
        }
      />
      {props.kind.attributes.map((attribute) => (
        <AttributeFields key={attribute.name} attribute={attribute} {...fields} />
      ))}
      {errorCount > 0 && (
        <Notice tone="error" title={t('purchaser.form.errors.title')}>
          <p>{t('purchaser.form.errors.count', { count: errorCount })}</p>
        </Notice>
      )}
      <div className="row form-actions">
        <Button type="submit" variant="primary">
          {t('purchaser.form.search')}
        </Button>
        <Button
          onClick={() => {
            setDraft({});
            setErrors({});
          }}
        >
          {t('purchaser.form.clear')}
        </Button>
      </div>
    </form>
  );
}

function AttributeFields(props: FieldsProps & { attribute: Attribute }) {
  const { attribute: a } = props;
  const t = useT();
  const label = <Label text={a.labels} />;
  switch (a.type) {
    case 'number': {
      const units = unitTexts(a);
      const unit = units && <Label text={units} />;
      return (
        <RangeFieldset {...props} name={a.name} legend={label} unit={unit} hint={rangeHint(a, unit, t)} />
      );
    }
    case 'enum':
      return <EnumFieldset {...props} attribute={a} />;
    case 'boolean':
      return <BooleanFieldset {...props} attribute={a} />;
    case 'text':
      return (
        <Field label={label} hint={t('purchaser.form.textHint')} error={props.errors[a.name]}>
          {(control) => (
            <input
              {...control}
              type="text"
              value={props.draft[a.name] ?? ''}
              onChange={(e) => props.set(a.name, e.target.value)}
            />
          )}
        </Field>
      );
  }
}

function rangeHint(
  a: Extract<Attribute, { type: 'number' }>,
  unit: ReactNode,
  t: ReturnType<typeof useT>,
): ReactNode {
  const integer = String(a.integer);
  if (a.min !== undefined && a.max !== undefined) {
    const range = { integer, min: formatNumber(a.min), max: formatNumber(a.max) };
    return unit
      ? t.rich('purchaser.form.rangeHint.rangeUnit', { ...range, unit })
      : t('purchaser.form.rangeHint.range', range);
  }
  return t('purchaser.form.rangeHint.plain', { integer });
}

/** A group of controls about one attribute, with the attribute's own hint and error. */
function Group(props: {
  legend: ReactNode;
  hintId?: string;
  hint?: ReactNode;
  error?: string;
  errorId: string;
  children: ReactNode;
}) {
  return (
    <fieldset
      className={`condition${props.error ? ' has-error' : ''}`}
      aria-describedby={
        [props.hint && props.hintId, props.error && props.errorId].filter(Boolean).join(' ') || undefined
      }
    >
      <legend>{props.legend}</legend>
      {props.hint && (
        <p className="hint" id={props.hintId}>
          {props.hint}
        </p>
      )}
      {props.children}
      {props.error && (
        <p className="field-error" id={props.errorId}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

function RangeFieldset(
  props: FieldsProps & { name: string; legend: ReactNode; unit?: ReactNode; hint?: ReactNode },
) {
  const id = useId();
  const t = useT();
  const groupError = props.errors[props.name];
  const bound = (key: string, text: string) => (
    <Field
      label={
        <>
          <span className="visually-hidden">{props.legend} </span>
          {text}
        </>
      }
      error={props.errors[key]}
    >
      {(control) => (
        <input
          {...control}
          aria-invalid={control['aria-invalid'] ?? (groupError ? true : undefined)}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={props.draft[key] ?? ''}
          onChange={(e) => props.set(key, e.target.value)}
        />
      )}
    </Field>
  );
  return (
    <Group
      legend={
        props.unit
          ? t.rich('purchaser.form.legendUnit', { label: props.legend, unit: props.unit })
          : props.legend
      }
      hint={props.hint}
      hintId={`${id}-hint`}
      error={groupError}
      errorId={`${id}-error`}
    >
      <div className="range">
        {bound(minKey(props.name), t('purchaser.form.min'))}
        <span className="range-dash" aria-hidden="true">
          –
        </span>
        {bound(maxKey(props.name), t('purchaser.form.max'))}
      </div>
    </Group>
  );
}

function EnumFieldset(props: FieldsProps & { attribute: Extract<Attribute, { type: 'enum' }> }) {
  const id = useId();
  const t = useT();
  const { name, values } = props.attribute;
  const chosen = new Set((props.draft[name] ?? '').split(',').filter(Boolean));
  const toggle = (value: string, on: boolean) => {
    const next = values.filter((v) => (v === value ? on : chosen.has(v)));
    props.set(name, next.join(','));
  };
  return (
    <Group
      legend={<Label text={props.attribute.labels} />}
      hint={t('purchaser.form.enumHint')}
      hintId={`${id}-hint`}
      error={props.errors[name]}
      errorId={`${id}-error`}
    >
      <div className="chips">
        {values.map((value) => (
          <label key={value} className="chip">
            <input
              type="checkbox"
              checked={chosen.has(value)}
              onChange={(e) => toggle(value, e.target.checked)}
            />
            <Swatch value={value} />
            <ShownText value={enumValueShown(props.attribute, value)} />
          </label>
        ))}
      </div>
    </Group>
  );
}

function BooleanFieldset(props: FieldsProps & { attribute: Extract<Attribute, { type: 'boolean' }> }) {
  const id = useId();
  const t = useT();
  const { name } = props.attribute;
  const current = props.draft[name] ?? '';
  return (
    <Group
      legend={<Label text={props.attribute.labels} />}
      error={props.errors[name]}
      errorId={`${id}-error`}
    >
      <div className="chips">
        {[
          ['', t('purchaser.form.any')],
          ['yes', t('purchaser.value.yes')],
          ['no', t('purchaser.value.no')],
        ].map(([value = '', text]) => (
          <label key={value} className="chip">
            <input
              type="radio"
              name={`${id}-${name}`}
              checked={current === value}
              onChange={() => props.set(name, value)}
            />
            {text}
          </label>
        ))}
      </div>
    </Group>
  );
}
