import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
// The explicit node entry: TypeScript's bundler resolution does not pick the 'node' condition.
import bwipjs from 'bwip-js/node';
import { z } from 'zod';
import { parseOrderId } from '../../protocol/order-id.ts';

/**
 * B9: what a shipping label shows, laid out once in points for both the PDF and the PNG. The
 * label carries only the order ID, the pickup point and the carrier's return reference: the
 * schema strips any other field, so nothing about the purchaser can reach the printer.
 */

// Latin script only (ASCII, Latin-1, Latin Extended-A: enough for romanised Japanese with
// macrons): that is what the bundled DejaVu fonts are guaranteed to print on both renderers.
const PRINTABLE = /^[\x21-\x7E\u00A1-\u017F](?:[\x20-\x7E\u00A0-\u017F]*[\x21-\x7E\u00A1-\u017F])?$/;
const printable = (max: number) =>
  z.string().max(max).regex(PRINTABLE, 'printable Latin text, no outer spaces');

/** The limits are what the layout is proven (by test) to fit on either page size. */
export const labelInputSchema = z.object({
  orderId: z.string().refine((id) => parseOrderId(id) === id, 'a canonical order ID'),
  pickupPoint: z.object({ code: printable(24), name: printable(64) }),
  returnReference: printable(24),
  parcelSize: z.enum(['S', 'M', 'L']).optional(),
});
export type LabelInput = z.input<typeof labelInputSchema>;

/** Page sizes in PostScript points (1/72 in), as pdfkit and every PDF reader count them. */
export const LABEL_PAGE_SIZES = {
  a6: { width: 297.64, height: 419.53 },
  '4x6': { width: 288, height: 432 },
} as const;
export type LabelPageSize = keyof typeof LABEL_PAGE_SIZES;
export type PageDimensions = { readonly width: number; readonly height: number };

// Fonts come from an npm package, not from the machine, so every host prints the same label.
// DejaVu (Bitstream Vera licence, permissive) ships plain TTF files that both pdfkit (embedded
// as a subset) and skia read; the mono face keeps the order ID's groups easy to read aloud.
const dejavu = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const LABEL_FONTS = {
  sans: join(dejavu, 'DejaVuSans.ttf'),
  sansBold: join(dejavu, 'DejaVuSans-Bold.ttf'),
  monoBold: join(dejavu, 'DejaVuSansMono-Bold.ttf'),
} as const;
export type LabelFont = keyof typeof LABEL_FONTS;

/** Width in points of `text` set in `font` at `size` points; each renderer measures with its own engine. */
export type Measure = (text: string, font: LabelFont, size: number) => number;

export interface LabelText {
  text: string;
  font: LabelFont;
  size: number;
  x: number;
  baseline: number;
}
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface LabelLayout {
  page: PageDimensions;
  texts: LabelText[];
  rules: Box[];
  /** Each symbol's box includes its quiet zone. */
  code128: Box;
  qr: Box;
}

/**
 * Both barcodes carry the order ID exactly as printed, hyphens included: a scan gives the
 * canonical string that parseOrderId returns and delivery stores, with no reformatting at the
 * counter. It costs Code 128 two symbols (22 modules) and QR nothing: '-' is in QR's
 * alphanumeric set, and 20 alphanumerics fit version 2 even at error correction H, which a
 * scuffed or taped-over parcel needs.
 */
export function code128Bars(orderId: string): number[] {
  const [symbol] = bwipjs.raw('code128', orderId);
  if (!symbol || !('sbs' in symbol)) throw new Error('bwip-js gave no Code 128 pattern');
  return symbol.sbs;
}
export function qrModules(orderId: string): { size: number; dark: (x: number, y: number) => boolean } {
  const [symbol] = bwipjs.raw('qrcode', orderId, 'eclevel=H');
  if (!symbol || !('pixs' in symbol)) throw new Error('bwip-js gave no QR matrix');
  return { size: symbol.pixx, dark: (x, y) => symbol.pixs[y * symbol.pixx + x] === 1 };
}
/** Quiet zones in modules, from ISO/IEC 15417 (Code 128) and ISO/IEC 18004 (QR). */
export const CODE128_QUIET = 10;
export const QR_QUIET = 4;

const MARGIN = 12;
const GAP = 8;
// DejaVu's ascent and line height as a fraction of the size.
const ASCENT = 0.93;
const LINE = 1.17;

const CAPTION = {
  mark: 'Tokumei',
  pickup: 'PICKUP AT',
  order: 'ORDER ID',
  returns: 'RETURNS',
  size: 'SIZE',
} as const;
/** Fixed captions, the only words on a label that do not come from the input. */
export const LABEL_CAPTIONS: readonly string[] = Object.values(CAPTION);

export function composeLabel(input: LabelInput, page: PageDimensions, measure: Measure): LabelLayout {
  const { orderId, pickupPoint, returnReference, parcelSize } = labelInputSchema.parse(input);
  const width = page.width - 2 * MARGIN;
  const texts: LabelText[] = [];
  const rules: Box[] = [];

  const column = (x: number, columnWidth: number, top: number) => {
    const at = { y: top };
    const put = (text: string, font: LabelFont, maxSize: number, minSize = maxSize, maxLines = 1) => {
      const { size, lines } = fitText(measure, text, font, columnWidth, maxSize, minSize, maxLines);
      for (const line of lines) {
        texts.push({ text: line, font, size, x, baseline: at.y + ASCENT * size });
        at.y += LINE * size;
      }
    };
    const rule = () => {
      rules.push({ x, y: at.y + 3, width: columnWidth, height: 1 });
      at.y += GAP;
    };
    return { at, put, rule };
  };

  const main = column(MARGIN, width, MARGIN);
  main.put(CAPTION.mark, 'sansBold', 11);
  main.rule();
  main.put(CAPTION.pickup, 'sans', 8);
  main.put(pickupPoint.code, 'sansBold', 30, 14, 2);
  main.put(pickupPoint.name, 'sans', 14, 9, 3);
  main.rule();
  main.put(CAPTION.order, 'sans', 8);
  main.put(orderId, 'monoBold', 24, 12);
  const code128 = { x: MARGIN, y: main.at.y + 2, width, height: 72 };

  const bottom = page.height - MARGIN;
  const top = code128.y + code128.height + GAP;
  const side = Math.min(bottom - top, width * 0.6);
  const qr = { x: MARGIN + width - side, y: top, width: side, height: side };
  const aside = column(MARGIN, width - side - GAP, top);
  aside.put(CAPTION.returns, 'sans', 8);
  aside.put(returnReference, 'sansBold', 14, 8, 3);
  if (parcelSize) {
    aside.at.y += GAP;
    aside.put(CAPTION.size, 'sans', 8);
    aside.put(parcelSize, 'sansBold', 28);
  }
  if (aside.at.y > bottom) throw new Error('label text overflows the page');
  return { page, texts, rules, code128, qr };
}

/**
 * The largest size, down to `minSize`, at which the text fits `maxLines` lines broken at spaces;
 * failing that, at `minSize` broken anywhere (a long reference has no spaces to break at).
 */
function fitText(
  measure: Measure,
  text: string,
  font: LabelFont,
  width: number,
  maxSize: number,
  minSize: number,
  maxLines: number,
): { size: number; lines: string[] } {
  const fits = (size: number) => (line: string) => measure(line, font, size) <= width;
  const fitted = (size: number, lines: string[]) =>
    lines.length <= maxLines && lines.every(fits(size)) ? { size, lines } : null;
  for (let size = maxSize; size >= minSize; size -= 0.5) {
    const found = fitted(size, wrapAtSpaces(text, fits(size)));
    if (found) return found;
  }
  const filled = fitted(minSize, fill(text, fits(minSize)));
  if (filled) return filled;
  throw new Error(`label text does not fit: ${text}`);
}

function wrapAtSpaces(text: string, fits: (line: string) => boolean): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const joined = line ? `${line} ${word}` : word;
    if (line && !fits(joined)) {
      lines.push(line);
      line = word;
    } else {
      line = joined;
    }
  }
  return [...lines, line];
}

/** Packs as many characters as fit on each line, the last resort that keeps the limits provable. */
function fill(text: string, fits: (line: string) => boolean): string[] {
  const lines: string[] = [];
  let line = '';
  for (const char of text) {
    if (line && !fits(line + char)) {
      lines.push(line.trim());
      line = char;
    } else {
      line += char;
    }
  }
  return [...lines, line.trim()];
}
