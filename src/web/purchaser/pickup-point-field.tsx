import type { Ref } from 'react';
import { Field } from '../app/ui';

/** The market's limit on a pickup point's code (src/protocol/settlement.ts). */
const MAX_LENGTH = 64;

/** The pickup point typed, trimmed, or what is wrong with it (the field holds no more than the limit). */
export function readPickupPoint(text: string): { id: string } | { error: string } {
  const id = text.trim();
  return id ? { id } : { error: 'Enter the code of the store or locker to collect the parcel from' };
}

/**
 * B8: the receiving address, a pickup point instead of a name and an address. Until the delivery
 * service offers a search of pickup points the purchaser types the code shown at the store or
 * locker; this component is the one to replace with that picker.
 */
export function PickupPointField(props: {
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <Field
      label="Pickup point (store or locker code)"
      hint="The code on the sign of the convenience store or parcel locker where you will collect the parcel, like PP-GINZA-7. Only this code goes to the seller, never a name or an address."
      error={props.error}
    >
      {(control) => (
        <input
          {...control}
          ref={props.inputRef}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={MAX_LENGTH}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A pickup point as the purchaser and the seller read it. */
export function PickupPointText(props: { id: string }) {
  return <span className="mono">{props.id}</span>;
}
