import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { api } from '../app/api.ts';
import { useFocusFirstInvalid } from '../app/forms.ts';
import { amountText, formatMoney } from '../app/money.ts';
import { Button, Field, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { byPath, type FieldErrors, fieldErrorsOf, hasErrors } from './form-errors.ts';
import { replaceCachedOffer } from './offer-cache.ts';
import { readPrice, readStock } from './offer-fields.ts';
import { useSeller } from './seller-session.tsx';
import type { Offer } from './types.ts';

type Mode = 'view' | 'edit' | 'withdraw';

/** One offer on sale, with its price and stock editable in place and a confirmed withdrawal. */
export function OfferItem(props: { offer: Offer; kindName: ReactNode; onWithdrawn(offer: Offer): void }) {
  const { offer } = props;
  const t = useT();
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
            <dt>{t('salesperson.offer.price')}</dt>
            <dd>{formatMoney(offer.price, offer.currency)}</dd>
          </div>
          <div>
            <dt>{t('salesperson.offer.stock')}</dt>
            <dd className={offer.stock === 0 ? 'sold-out' : undefined}>
              {offer.stock === 0 ? t('salesperson.offer.soldOut') : offer.stock}
            </dd>
          </div>
        </dl>
        <div className="row offer-actions">
          <Button id={editButton} aria-expanded={mode === 'edit'} onClick={() => toggle('edit')}>
            {t.rich('salesperson.offer.edit', { name: offer.name, hidden })}
          </Button>
          <Button
            id={withdrawButton}
            variant="danger"
            aria-expanded={mode === 'withdraw'}
            onClick={() => toggle('withdraw')}
          >
            {t.rich('salesperson.offer.withdraw', { name: offer.name, hidden })}
          </Button>
        </div>
      </div>
      <p className="offer-saved" role="status">
        {saved &&
          t('salesperson.offer.saved', {
            price: formatMoney(saved.price, saved.currency),
            stock: saved.stock,
          })}
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

/** Words only screen readers hear, completing a short visible button text. */
const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;

function EditOffer(props: { offer: Offer; onSaved(offer: Offer): void; onCancel(): void }) {
  const { key } = useSeller();
  const t = useT();
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
    const newPrice = readPrice(t, price, offer.currency);
    const newStock = readStock(t, stock);
    setChecked({ price: newPrice.error, stock: newStock.error });
    if (newPrice.value !== undefined && newStock.value !== undefined)
      save.mutate({ price: newPrice.value, stock: newStock.value });
    else setAttempt((n) => n + 1);
  };

  return (
    <form
      ref={form}
      className="offer-edit"
      noValidate
      onSubmit={submit}
      aria-label={t('salesperson.offer.editForm', { name: offer.name })}
    >
      {save.error && !hasErrors(refused) && (
        <ProblemNotice error={save.error} title={t('salesperson.offer.notSaved')} />
      )}
      <div className="grid">
        <Field
          label={t('salesperson.offer.price')}
          hint={t('salesperson.offer.priceHint', { currency: offer.currency })}
          error={errors.price}
        >
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
          label={t('salesperson.offer.stock')}
          hint={t('salesperson.offer.stockHint')}
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
          {t('salesperson.offer.save')}
        </Button>
        <Button onClick={props.onCancel}>{t('salesperson.offer.cancel')}</Button>
      </div>
    </form>
  );
}

function ConfirmWithdraw(props: { offer: Offer; onWithdrawn(offer: Offer): void; onCancel(): void }) {
  const { key } = useSeller();
  const t = useT();
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
      <legend>{t('salesperson.offer.withdrawQuestion', { name: props.offer.name })}</legend>
      <p>{t('salesperson.offer.withdrawExplained')}</p>
      <ProblemNotice error={withdraw.error} title={t('salesperson.offer.notWithdrawn')} />
      <div className="row">
        <Button variant="danger" busy={withdraw.isPending} onClick={() => withdraw.mutate()}>
          {t('salesperson.offer.withdrawConfirm')}
        </Button>
        <Button onClick={props.onCancel}>{t('salesperson.offer.keepOnSale')}</Button>
      </div>
    </fieldset>
  );
}
