import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { api } from '../app/api.ts';
import { useFocusFirstInvalid } from '../app/forms.ts';
import { amountText, formatMoney } from '../app/money.ts';
import { Button, Field, ProblemNotice } from '../app/ui.tsx';
import { byPath, type FieldErrors, fieldErrorsOf, hasErrors } from './form-errors.ts';
import { replaceCachedOffer } from './offer-cache.ts';
import { readPrice, readStock } from './offer-fields.ts';
import { useSeller } from './seller-session.tsx';
import type { Offer } from './types.ts';

type Mode = 'view' | 'edit' | 'withdraw';

/** One offer on sale, with its price and stock editable in place and a confirmed withdrawal. */
export function OfferItem(props: { offer: Offer; kindName: string; onWithdrawn(offer: Offer): void }) {
  const { offer } = props;
  const [mode, setMode] = useState<Mode>('view');
  const [saved, setSaved] = useState<Offer | null>(null);
  // The shared Button takes no ref; its id finds it to give focus back when a step closes.
  const editButton = useId();
  const withdrawButton = useId();
  const back = (buttonId: string) => {
    setMode('view');
    document.getElementById(buttonId)?.focus();
  };
  const toggle = (next: Mode) => {
    setSaved(null);
    setMode(mode === next ? 'view' : next);
  };

  return (
    <li className="offer-item">
      <div className="offer-summary">
        <div className="offer-title">
          <h3>{offer.name}</h3>
          <p className="muted">
            <span className="mono">{offer.model}</span> · {props.kindName}
          </p>
        </div>
        <dl className="offer-figures">
          <div>
            <dt>Price</dt>
            <dd>{formatMoney(offer.price, offer.currency)}</dd>
          </div>
          <div>
            <dt>Stock</dt>
            <dd className={offer.stock === 0 ? 'sold-out' : undefined}>
              {offer.stock === 0 ? 'Sold out' : offer.stock}
            </dd>
          </div>
        </dl>
        <div className="row offer-actions">
          <Button id={editButton} aria-expanded={mode === 'edit'} onClick={() => toggle('edit')}>
            Edit<span className="visually-hidden"> price and stock of {offer.name}</span>
          </Button>
          <Button
            id={withdrawButton}
            variant="danger"
            aria-expanded={mode === 'withdraw'}
            onClick={() => toggle('withdraw')}
          >
            Withdraw<span className="visually-hidden"> {offer.name}</span>
          </Button>
        </div>
      </div>
      <p className="offer-saved" role="status">
        {saved &&
          `Saved: ${formatMoney(saved.price, saved.currency)}, ${saved.stock} in stock, as the market confirmed.`}
      </p>
      {mode === 'edit' && (
        <EditOffer
          offer={offer}
          onSaved={(updated) => {
            setSaved(updated);
            back(editButton);
          }}
          onCancel={() => back(editButton)}
        />
      )}
      {mode === 'withdraw' && (
        <ConfirmWithdraw
          offer={offer}
          onWithdrawn={props.onWithdrawn}
          onCancel={() => back(withdrawButton)}
        />
      )}
    </li>
  );
}

function EditOffer(props: { offer: Offer; onSaved(offer: Offer): void; onCancel(): void }) {
  const { key } = useSeller();
  const queries = useQueryClient();
  const { offer } = props;
  const [price, setPrice] = useState(amountText(offer.price, offer.currency));
  const [stock, setStock] = useState(String(offer.stock));
  const [checked, setChecked] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const save = useMutation({
    mutationFn: (body: { price: number; stock: number }) =>
      api<Offer>('PATCH', `/seller/offers/${offer.offerId}`, { body, token: key }),
    onSuccess: (updated) => {
      replaceCachedOffer(queries, updated);
      props.onSaved(updated);
    },
  });
  useFocusFirstInvalid(form, attempt, save.error);
  useEffect(() => {
    form.current?.querySelector('input')?.focus();
  }, []);
  const refused = fieldErrorsOf(save.error, byPath(['price', 'stock']));
  const errors = hasErrors(checked) ? checked : refused;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.reset();
    const newPrice = readPrice(price, offer.currency);
    const newStock = readStock(stock);
    setChecked({ price: newPrice.error, stock: newStock.error });
    if (newPrice.value !== undefined && newStock.value !== undefined)
      save.mutate({ price: newPrice.value, stock: newStock.value });
    else setAttempt((n) => n + 1);
  };

  return (
    <form ref={form} className="offer-edit" noValidate onSubmit={submit} aria-label={`Edit ${offer.name}`}>
      {save.error && !hasErrors(refused) && <ProblemNotice error={save.error} title="Not saved" />}
      <div className="grid">
        <Field label="Price" hint={`Per unit, in ${offer.currency}`} error={errors.price}>
          {(control) => (
            <input
              {...control}
              inputMode="decimal"
              autoComplete="off"
              value={price}
              onChange={(e) => setPrice(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Stock"
          hint="Units you can ship now; 0 keeps it listed as sold out"
          error={errors.stock}
        >
          {(control) => (
            <input
              {...control}
              inputMode="numeric"
              autoComplete="off"
              value={stock}
              onChange={(e) => setStock(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="row">
        <Button type="submit" variant="primary" busy={save.isPending}>
          Save
        </Button>
        <Button onClick={props.onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

function ConfirmWithdraw(props: { offer: Offer; onWithdrawn(offer: Offer): void; onCancel(): void }) {
  const { key } = useSeller();
  const queries = useQueryClient();
  const group = useRef<HTMLFieldSetElement>(null);
  const withdraw = useMutation({
    mutationFn: () => api<Offer>('DELETE', `/seller/offers/${props.offer.offerId}`, { token: key }),
    onSuccess: (withdrawn) => {
      replaceCachedOffer(queries, withdrawn);
      props.onWithdrawn(withdrawn);
    },
  });
  useEffect(() => group.current?.focus(), []);
  return (
    <fieldset ref={group} className="confirm" tabIndex={-1}>
      <legend>Withdraw {props.offer.name}?</legend>
      <p>
        Purchasers will no longer find it. Orders already placed are not affected, and registering the same
        model again puts it back on sale.
      </p>
      <ProblemNotice error={withdraw.error} title="Not withdrawn" />
      <div className="row">
        <Button variant="danger" busy={withdraw.isPending} onClick={() => withdraw.mutate()}>
          Withdraw offer
        </Button>
        <Button onClick={props.onCancel}>Keep it on sale</Button>
      </div>
    </fieldset>
  );
}
