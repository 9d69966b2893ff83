import type { ComponentProps } from 'react';

/**
 * A field a barcode scanner types into (it ends with Enter) or a clerk types by hand: no
 * autocorrect, capitals, monospace, long enough for a QR payload.
 */
export function ScanInput(props: Omit<ComponentProps<'input'>, 'className'>) {
  return (
    <input
      {...props}
      className="scan-input mono"
      autoComplete="off"
      autoCapitalize="characters"
      spellCheck={false}
      maxLength={80}
    />
  );
}
