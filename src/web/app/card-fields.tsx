import { type RefObject, useState } from 'react';
import { useT } from '../i18n/i18n.tsx';
import type { Translate } from './translate.ts';
import { Field } from './ui.tsx';

/**
 * The card a payment is made with, as purchasers and sellers type it: one set of fields, one
 * set of checks, whichever terminal asks.
 */

export type CardKind = 'prepaid' | 'credit';

/** Each kind of card in the language shown: `Object.keys` lists the kinds, prepaid first. */
export const cardKinds = (
  t: Translate,
): Record<CardKind, { name: string; number: string; numberHint: string; pinHint: string }> => ({
  prepaid: {
    name: t('app.card.prepaid.name'),
    number: t('app.card.prepaid.number'),
    numberHint: t('app.card.prepaid.numberHint'),
    pinHint: t('app.card.prepaid.pinHint'),
  },
  credit: {
    name: t('app.card.credit.name'),
    number: t('app.card.credit.number'),
    numberHint: t('app.card.credit.numberHint'),
    pinHint: t('app.card.credit.pinHint'),
  },
});

export interface CardEntry {
  number: string;
  pin: string;
}
export type CardField = keyof CardEntry;
export type CardErrors = Partial<Record<CardField, string>>;

/** The card as typed: its number's digits, or what is wrong with each field (in `t`'s language). */
export function checkCard(entry: CardEntry, t: Translate): { digits: string; errors: CardErrors } {
  const digits = entry.number.replace(/[\s-]/g, '');
  return {
    digits,
    errors: {
      ...(/^\d{12,32}$/.test(digits)
        ? {}
        : {
            number: digits ? t('app.card.error.numberDigits') : t('app.card.error.numberMissing'),
          }),
      ...(/^\d{4,8}$/.test(entry.pin)
        ? {}
        : { pin: entry.pin ? t('app.card.error.pinDigits') : t('app.card.error.pinMissing') }),
    },
  };
}

const EMPTY: CardEntry = { number: '', pin: '' };

/**
 * The card being typed and the errors of a form that holds it (`E` may name more fields): a
 * change to a field clears its error; `clear()` empties the fields once the card is sent.
 */
export function useCardEntry<E extends CardErrors>() {
  const [entry, setEntry] = useState<CardEntry>(EMPTY);
  const [errors, setErrors] = useState<E>({} as E);
  const change = (field: CardField, value: string) => {
    setEntry((old) => ({ ...old, [field]: value }));
    setErrors((old) => ({ ...old, [field]: undefined }));
  };
  return { entry, errors, setErrors, change, clear: () => setEntry(EMPTY) };
}

/** The card number and PIN fields. */
export function CardFields(props: {
  kind: CardKind;
  entry: CardEntry;
  errors: CardErrors;
  refs: Record<CardField, RefObject<HTMLInputElement | null>>;
  onChange: (field: CardField, value: string) => void;
}) {
  const t = useT();
  const card = cardKinds(t)[props.kind];
  return (
    <>
      <Field label={card.number} hint={card.numberHint} error={props.errors.number}>
        {(control) => (
          <input
            {...control}
            ref={props.refs.number}
            className="card-number"
            inputMode="numeric"
            autoComplete="cc-number"
            spellCheck={false}
            maxLength={40}
            value={props.entry.number}
            onChange={(e) => props.onChange('number', e.target.value)}
          />
        )}
      </Field>
      <Field label={t('app.card.pin')} hint={card.pinHint} error={props.errors.pin}>
        {(control) => (
          <input
            {...control}
            ref={props.refs.pin}
            className="pin"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            value={props.entry.pin}
            onChange={(e) => props.onChange('pin', e.target.value)}
          />
        )}
      </Field>
    </>
  );
}
