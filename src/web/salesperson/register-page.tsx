import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { ApiError, api } from '../app/api.ts';
import { useFocusFirstInvalid } from '../app/forms.ts';
import { attributeLabel } from '../app/kind-labels.ts';
import { amountText, formatMoney } from '../app/money.ts';
import { KindDescription, KindOptions } from '../app/shown-text.tsx';
import { useMarketCurrency } from '../app/terminal-config.ts';
import type { Translate } from '../app/translate.ts';
import { Button, Field, Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { AttributeField } from './attribute-field.tsx';
import { type FieldErrors, fieldErrorsOf, hasErrors, type ProblemItem, sentence } from './form-errors.ts';
import { attributeField, type OfferBody, type OfferDraft, readCurrency, readOffer } from './offer-fields.ts';
import { SELL_QUERY, useSeller } from './seller-session.tsx';
import type { Kind, Offer } from './types.ts';

/** The currency starts empty and becomes the market's own once it is read (GET /terminal-config). */
const EMPTY: OfferDraft = { model: '', name: '', price: '', currency: '', stock: '', attributes: {} };
const OWN_FIELDS = ['kind', 'model', 'name', 'price', 'currency', 'stock'];

/** A1–A2: commodity information in the form its kind's attribute schema asks for, and the offer. */
export function RegisterPage() {
  const { key } = useSeller();
  const t = useT();
  const queries = useQueryClient();
  const [kindId, setKindId] = useState('');
  const [draft, setDraft] = useState(EMPTY);
  const [checked, setChecked] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const done = useRef<HTMLDivElement>(null);
  const marketCurrency = useMarketCurrency();
  useEffect(() => {
    if (marketCurrency) setDraft((d) => (d.currency ? d : { ...d, currency: marketCurrency }));
  }, [marketCurrency]);

  const kinds = useQuery({
    queryKey: [SELL_QUERY, 'kinds'],
    queryFn: () => api<{ kinds: Kind[] }>('GET', '/kinds'),
  });
  // The chosen kind is read afresh: the operator may have extended its schema since the list.
  const kind = useQuery({
    queryKey: [SELL_QUERY, 'kinds', kindId],
    queryFn: () => api<Kind>('GET', `/kinds/${encodeURIComponent(kindId)}`),
    enabled: kindId !== '',
  });
  const register = useMutation({
    mutationFn: (body: OfferBody) => api<Offer>('POST', '/seller/offers', { body, token: key }),
    onSuccess: () => {
      setDraft((d) => ({ ...EMPTY, currency: d.currency }));
      void queries.invalidateQueries({ queryKey: [SELL_QUERY, 'offers'] });
    },
  });
  useFocusFirstInvalid(form, attempt, register.error);
  useEffect(() => {
    if (register.data) done.current?.focus();
  }, [register.data]);

  const refused = fieldErrorsOf(register.error, placeError(t, kind.data));
  const errors = hasErrors(checked) ? checked : refused;
  const conflict = register.error instanceof ApiError && register.error.code === 'commodity_conflict';
  const set = (field: keyof Omit<OfferDraft, 'attributes'>) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: e.target.value }));
  const currency = readCurrency(t, draft.currency).value ?? marketCurrency ?? 'JPY';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.reset();
    // A form filled before the market's currency was read is in the market's currency.
    const filled = draft.currency.trim() || !marketCurrency ? draft : { ...draft, currency: marketCurrency };
    const read = kind.data
      ? readOffer(t, kind.data, filled)
      : { errors: { kind: t('salesperson.register.kindMissing') } };
    setChecked(read.errors);
    if (read.body) register.mutate(read.body);
    else setAttempt((n) => n + 1);
  };

  return (
    <Page title={t('salesperson.register.title')} intro={t('salesperson.register.intro')}>
      {register.data && (
        <div ref={done} tabIndex={-1} className="focus-target">
          <Notice tone="success" title={t('salesperson.register.registered')}>
            <p>
              {t.rich('salesperson.register.onSale', {
                name: register.data.name,
                model: register.data.model,
                price: formatMoney(register.data.price, register.data.currency),
                stock: register.data.stock,
                link: (chunks) => <Link href="/offers">{chunks}</Link>,
              })}
            </p>
          </Notice>
        </div>
      )}
      <form ref={form} className="panel register-form" noValidate onSubmit={submit}>
        {conflict ? (
          <Notice tone="error" title={t('salesperson.register.conflictTitle')}>
            <p>{t('salesperson.register.conflictText')}</p>
          </Notice>
        ) : hasErrors(errors) ? (
          <Notice tone="error" title={t('salesperson.register.notRegistered')}>
            <p>{t('salesperson.register.correctFields')}</p>
          </Notice>
        ) : (
          <ProblemNotice error={register.error} />
        )}
        {kinds.error && <ProblemNotice error={kinds.error} title={t('salesperson.register.kindsFailed')} />}

        <fieldset>
          <legend>{t('salesperson.register.commodity')}</legend>
          <Field
            label={t('salesperson.register.kind')}
            hint={<KindDescription kind={kind.data} otherwise={t('salesperson.register.kindHint')} />}
            error={errors.kind}
          >
            {(control) => (
              <select
                {...control}
                required
                value={kindId}
                disabled={!kinds.data}
                onChange={(e) => {
                  setKindId(e.target.value);
                  setDraft((d) => ({ ...d, attributes: {} }));
                  setChecked({});
                }}
              >
                <option value="">
                  {kinds.data ? t('salesperson.register.choose') : t('salesperson.register.loadingKinds')}
                </option>
                <KindOptions kinds={kinds.data?.kinds ?? []} />
              </select>
            )}
          </Field>
          <div className="grid">
            <Field
              label={t('salesperson.register.model')}
              hint={t('salesperson.register.modelHint')}
              error={errors.model}
            >
              {(control) => (
                <input
                  {...control}
                  required
                  maxLength={120}
                  autoComplete="off"
                  value={draft.model}
                  onChange={set('model')}
                />
              )}
            </Field>
            <Field
              label={t('salesperson.register.name')}
              hint={t('salesperson.register.nameHint')}
              error={errors.name}
            >
              {(control) => (
                <input {...control} required maxLength={200} value={draft.name} onChange={set('name')} />
              )}
            </Field>
          </div>
        </fieldset>

        {kindId !== '' && (
          <fieldset>
            <legend>{t('salesperson.register.characteristics')}</legend>
            {kind.error && <ProblemNotice error={kind.error} title={t('salesperson.register.kindFailed')} />}
            {kind.isPending && <Loading label={t('salesperson.register.loadingCharacteristics')} rows={2} />}
            {kind.data && (
              <div className="grid">
                {kind.data.attributes.map((definition) => (
                  <AttributeField
                    key={definition.name}
                    definition={definition}
                    value={draft.attributes[definition.name] ?? ''}
                    error={errors[attributeField(definition.name)]}
                    onChange={(value) =>
                      setDraft((d) => ({ ...d, attributes: { ...d.attributes, [definition.name]: value } }))
                    }
                  />
                ))}
              </div>
            )}
          </fieldset>
        )}

        <fieldset>
          <legend>{t('salesperson.register.yourOffer')}</legend>
          <div className="grid">
            <Field
              label={t('salesperson.register.price')}
              hint={t('salesperson.register.priceHint', { currency, example: amountText(12800, currency) })}
              error={errors.price}
            >
              {(control) => (
                <input
                  {...control}
                  required
                  inputMode="decimal"
                  autoComplete="off"
                  value={draft.price}
                  onChange={set('price')}
                />
              )}
            </Field>
            <Field
              label={t('salesperson.register.currency')}
              hint={t('salesperson.register.currencyHint', { example: marketCurrency ?? 'JPY' })}
              error={errors.currency}
            >
              {(control) => (
                <input
                  {...control}
                  required
                  maxLength={3}
                  autoComplete="off"
                  className="mono"
                  value={draft.currency}
                  onChange={set('currency')}
                />
              )}
            </Field>
            <Field
              label={t('salesperson.register.stock')}
              hint={t('salesperson.register.stockHint')}
              error={errors.stock}
            >
              {(control) => (
                <input
                  {...control}
                  required
                  inputMode="numeric"
                  autoComplete="off"
                  value={draft.stock}
                  onChange={set('stock')}
                />
              )}
            </Field>
          </div>
        </fieldset>
        <Button type="submit" variant="primary" busy={register.isPending}>
          {t('salesperson.register.submit')}
        </Button>
      </form>
    </Page>
  );
}

/** Puts each of the market's field errors next to its field, worded with the attribute's label. */
const placeError =
  (t: Translate, kind: Kind | undefined) =>
  (item: ProblemItem): [string, string] | null => {
    const name = item.attribute ?? (item.path?.startsWith('attributes.') ? item.path.slice(11) : undefined);
    if (name !== undefined) {
      const definition = kind?.attributes.find((a) => a.name === name);
      if (!definition) return null;
      // Conflicts say what the shared commodity has ("the commodity has 3000"), not a rule.
      const values = { label: attributeLabel(definition), message: item.message };
      return [
        attributeField(name),
        item.message.startsWith('the commodity')
          ? t('salesperson.register.attributeConflict', values)
          : t('salesperson.register.attributeProblem', values),
      ];
    }
    return item.path && OWN_FIELDS.includes(item.path) ? [item.path, sentence(item.message)] : null;
  };
