import { create } from 'qrcode';
import { useMemo } from 'react';
import { pickupQrPayload } from '../../protocol/pickup-code.ts';
import { useT } from '../i18n/i18n.tsx';

/** The quiet zone the QR standard asks for around the symbol, in modules. */
const QUIET = 4;

/**
 * The symbol's dark modules as one SVG path, a rectangle per horizontal run: drawn as vector
 * shapes by React, so nothing is parsed from a string and it stays sharp at any size or zoom.
 */
function qrPath(payload: string): { size: number; d: string } {
  // M: a phone screen is often scratched or dim; the payload is short enough either way.
  const { modules } = create(payload, { errorCorrectionLevel: 'M' });
  const { size } = modules;
  let d = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; ) {
      if (!modules.get(y, x)) {
        x++;
        continue;
      }
      let run = 1;
      while (x + run < size && modules.get(y, x + run)) run++;
      d += `M${x + QUIET} ${y + QUIET}h${run}v1h-${run}z`;
      x += run;
    }
  }
  return { size: size + 2 * QUIET, d };
}

/**
 * B9: the order ID and pickup code as one QR code (`TKP:<order ID>:<code>`), so one scan at the
 * counter gives the clerk both. Its text alternative says what it holds; the same text is on
 * the page above it, for anyone who cannot show or scan a screen.
 */
export function PickupQr(props: { orderId: string; code: string }) {
  const t = useT();
  const payload = pickupQrPayload(props.orderId, props.code);
  const { size, d } = useMemo(() => qrPath(payload), [payload]);
  return (
    <figure className="pickup-qr">
      <svg
        role="img"
        aria-label={t('purchaser.qr.label', { orderId: props.orderId, code: props.code })}
        viewBox={`0 0 ${size} ${size}`}
        shapeRendering="crispEdges"
        data-testid="pickup-qr"
        data-payload={payload}
        xmlns="http://www.w3.org/2000/svg"
      >
        <rect width={size} height={size} fill="#ffffff" />
        <path d={d} fill="#000000" />
      </svg>
      <figcaption className="hint">{t('purchaser.qr.caption')}</figcaption>
    </figure>
  );
}
