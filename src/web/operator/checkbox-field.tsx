import { useId } from 'react';

/** A checkbox with its label beside it, and its hint and error tied to it. */
export function CheckboxField(props: {
  label: string;
  hint?: string;
  error?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  const describedBy = [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={`field checkbox-field${props.error ? ' has-error' : ''}`}>
      <div className="checkbox-line">
        <input
          id={id}
          type="checkbox"
          checked={props.checked}
          onChange={(e) => props.onChange(e.target.checked)}
          aria-describedby={describedBy || undefined}
          aria-invalid={props.error ? true : undefined}
        />
        <label htmlFor={id}>{props.label}</label>
      </div>
      {props.hint && (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p className="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}
