import { type RefObject, useState } from 'react';
import { Field } from './ui.tsx';

/**
 * The card a payment is made with, as purchasers and sellers type it: one set of fields, one
 * set of checks, whichever terminal asks.
 */

export type CardKind = 'prepaid' | 'credit';

export const CARD_KINDS: Record<
  CardKind,
  { name: string; number: string; numberHint: string; pinHint: string }
> = {
  prepaid: {
    name: 'Prepaid card',
    number: 'Prepaid card number',
    numberHint: 'The 16 digits printed on the card. Spaces are fine.',
    pinHint:
      'The PIN that came with the card, 4 to 8 digits. Too many wrong tries lock the card for a while.',
  },
  credit: {
    name: 'Credit card',
    number: 'Credit card number',
    numberHint: 'The 16 digits on the front of the card. Spaces are fine. No name or address is asked.',
    pinHint: 'The card’s PIN, 4 to 8 digits. Too many wrong tries lock the card for a while.',
  },
};

export interface CardEntry {
  number: string;
  pin: string;
}
export type CardField = keyof CardEntry;
export type CardErrors = Partial<Record<CardField, string>>;

/** The card as typed: its number's digits, or what is wrong with each field. */
export function checkCard(entry: CardEntry): { digits: string; errors: CardErrors } {
  const digits = entry.number.replace(/[\s-]/g, '');
  return {
    digits,
    errors: {
      ...(/^\d{12,32}$/.test(digits)
        ? {}
        : {
            number: digits ? 'Enter only the digits on the card, 12 to 32 of them' : 'Enter the card number',
          }),
      ...(/^\d{4,8}$/.test(entry.pin) ? {} : { pin: entry.pin ? 'A PIN is 4 to 8 digits' : 'Enter the PIN' }),
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
  const card = CARD_KINDS[props.kind];
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
      <Field label="PIN" hint={card.pinHint} error={props.errors.pin}>
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
