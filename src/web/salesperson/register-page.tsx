import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { ApiError, api } from '../app/api.ts';
import { useFocusFirstInvalid } from '../app/forms.ts';
import { amountText, formatMoney } from '../app/money.ts';
import { useMarketCurrency } from '../app/terminal-config.ts';
import { Button, Field, Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
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

  const refused = fieldErrorsOf(register.error, placeError(kind.data));
  const errors = hasErrors(checked) ? checked : refused;
  const conflict = register.error instanceof ApiError && register.error.code === 'commodity_conflict';
  const set = (field: keyof Omit<OfferDraft, 'attributes'>) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: e.target.value }));
  const currency = readCurrency(draft.currency).value ?? marketCurrency ?? 'JPY';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.reset();
    // A form filled before the market's currency was read is in the market's currency.
    const filled = draft.currency.trim() || !marketCurrency ? draft : { ...draft, currency: marketCurrency };
    const read = kind.data
      ? readOffer(kind.data, filled)
      : { errors: { kind: 'Choose the kind of commodity' } };
    setChecked(read.errors);
    if (read.body) register.mutate(read.body);
    else setAttempt((n) => n + 1);
  };

  return (
    <Page
      title="Register commodity"
      intro="Describe the commodity by its kind's characteristics, then set your price and stock. Purchasers find it by exactly these characteristics."
    >
      {register.data && (
        <div ref={done} tabIndex={-1} className="focus-target">
          <Notice tone="success" title="Registered">
            <p>
              {register.data.name} ({register.data.model}) is on sale at{' '}
              {formatMoney(register.data.price, register.data.currency)}, {register.data.stock} in stock.{' '}
              <Link href="/offers">See your offers</Link>
            </p>
          </Notice>
        </div>
      )}
      <form ref={form} className="panel register-form" noValidate onSubmit={submit}>
        {conflict ? (
          <Notice tone="error" title="This model is already registered with other characteristics">
            <p>
              A model number names one commodity, shared by every seller who offers it, so its characteristics
              are those it was first registered with. The fields marked below differ. If yours is the same
              product, correct them; if it is a different product, give its own model number.
            </p>
          </Notice>
        ) : hasErrors(errors) ? (
          <Notice tone="error" title="The commodity was not registered">
            <p>Correct the fields marked below, then register again.</p>
          </Notice>
        ) : (
          <ProblemNotice error={register.error} />
        )}
        {kinds.error && (
          <ProblemNotice error={kinds.error} title="The kinds of commodity could not be loaded" />
        )}

        <fieldset>
          <legend>Commodity</legend>
          <Field
            label="Kind"
            hint={kind.data?.description ?? 'It decides which characteristics are asked below.'}
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
                <option value="">{kinds.data ? 'Choose…' : 'Loading kinds…'}</option>
                {kinds.data?.kinds.map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="grid">
            <Field
              label="Model"
              hint="The maker's model number or GTIN. One model is one commodity shared by every seller; case, spaces and hyphens do not matter."
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
              label="Name"
              hint="What purchasers see, e.g. “NEC 16 GB notebook”. A model already registered keeps its first name."
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
            <legend>Characteristics</legend>
            {kind.error && <ProblemNotice error={kind.error} title="This kind could not be loaded" />}
            {kind.isPending && <Loading label="Loading the characteristics of this kind" rows={2} />}
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
          <legend>Your offer</legend>
          <div className="grid">
            <Field
              label="Price"
              hint={`Per unit, in ${currency}, such as ${amountText(12800, currency)}`}
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
              label="Currency"
              hint={`3-letter code, such as ${marketCurrency ?? 'JPY'}`}
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
            <Field label="Stock" hint="Units you can ship now" error={errors.stock}>
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
          Register
        </Button>
      </form>
    </Page>
  );
}

/** Puts each of the market's field errors next to its field, worded with the attribute's label. */
const placeError =
  (kind: Kind | undefined) =>
  (item: ProblemItem): [string, string] | null => {
    const name = item.attribute ?? (item.path?.startsWith('attributes.') ? item.path.slice(11) : undefined);
    if (name !== undefined) {
      const definition = kind?.attributes.find((a) => a.name === name);
      if (!definition) return null;
      // Conflicts say what the shared commodity has ("the commodity has 3000"), not a rule.
      const joiner = item.message.startsWith('the commodity') ? ': ' : ' ';
      return [attributeField(name), `${definition.label}${joiner}${item.message}`];
    }
    return item.path && OWN_FIELDS.includes(item.path) ? [item.path, sentence(item.message)] : null;
  };
