import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
// The explicit node entry: TypeScript's bundler resolution does not pick the 'node' condition.
import bwipjs from 'bwip-js/node';
import * as fontkit from 'fontkit';
import { z } from 'zod';
import { parseOrderId } from '../../protocol/order-id.ts';

/**
 * B9: what a shipping label shows, laid out once in points for both the PDF and the PNG. The
 * label carries only the order ID, the pickup point and the carrier's return reference: the
 * schema strips any other field, so nothing about the purchaser can reach the printer.
 */

// Latin script (ASCII, Latin-1, Latin Extended-A: enough for romanised Japanese with macrons)
// and Japanese (kana, kanji, CJK punctuation, full- and half-width forms). Scripts are allowed by
// name, so the widest character the layout must fit stays known; each character must also be in
// one of the label's fonts (printableIn), so nothing prints as an empty box.
const LATIN = '\\x20-\\x7E\\u00A0-\\u017F';
const JAPANESE =
  '\\u3000-\\u30FF\\u31F0-\\u31FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFF01-\\uFF9F\\u{20000}-\\u{2FA1F}';
const PRINTABLE = new RegExp(`^(?=\\S)[${LATIN}${JAPANESE}]*(?<=\\S)$`, 'u');
const printable = (max: number, font: LatinFont) =>
  z
    .string()
    .max(max)
    // Aborts: a character of another script is reported once, not again as missing from the fonts.
    .regex(PRINTABLE, { message: 'Latin or Japanese text, no outer spaces', abort: true })
    .refine((text) => printableIn(text, font), 'a character none of the label’s fonts has');

/** The limits are what the layout is proven (by test) to fit on either page size. */
export const labelInputSchema = z.object({
  orderId: z.string().refine((id) => parseOrderId(id) === id, 'a canonical order ID'),
  pickupPoint: z.object({
    code: printable(24, 'sansBold'),
    name: printable(64, 'sans'),
    /** The store's own address, as on its sign: in Japanese for a store in Japan. */
    address: printable(100, 'sans').optional(),
  }),
  returnReference: printable(24, 'sansBold'),
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

// Fonts come from npm packages, not from the machine, so every host prints the same label.
// DejaVu (Bitstream Vera licence, permissive) ships plain TTF files that both pdfkit (embedded
// as a subset) and skia read; the mono face keeps the order ID's groups easy to read aloud.
// DejaVu has no Japanese: a character it lacks is drawn in Noto Sans JP (OFL), as TrueType
// (glyf) files from @expo-google-fonts/noto-sans-jp, which pdfkit subsets to a few kilobytes.
const resolve = createRequire(import.meta.url).resolve;
const dejavu = join(dirname(resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const notoJp = dirname(resolve('@expo-google-fonts/noto-sans-jp/package.json'));
export const LABEL_FONTS = {
  sans: join(dejavu, 'DejaVuSans.ttf'),
  sansBold: join(dejavu, 'DejaVuSans-Bold.ttf'),
  monoBold: join(dejavu, 'DejaVuSansMono-Bold.ttf'),
  japanese: join(notoJp, '400Regular', 'NotoSansJP_400Regular.ttf'),
  japaneseBold: join(notoJp, '700Bold', 'NotoSansJP_700Bold.ttf'),
} as const;
export type LabelFont = keyof typeof LABEL_FONTS;
/** The faces the layout asks for; each falls back to a Japanese face for what it lacks. */
export type LatinFont = 'sans' | 'sansBold' | 'monoBold';
const JAPANESE_FOR: Record<LatinFont, LabelFont> = {
  sans: 'japanese',
  sansBold: 'japaneseBold',
  monoBold: 'japaneseBold',
};

// fontkit (the font engine inside pdfkit) reads each file once, when first asked; only the
// character map is consulted here.
const faces = new Map<LabelFont, fontkit.Font>();
function face(font: LabelFont): fontkit.Font {
  let opened = faces.get(font);
  if (!opened) {
    const file = fontkit.openSync(LABEL_FONTS[font]);
    if ('fonts' in file) throw new Error(`${LABEL_FONTS[font]} is a collection, not one font`);
    opened = file;
    faces.set(font, opened);
  }
  return opened;
}

export interface TextRun {
  text: string;
  font: LabelFont;
}

/**
 * Splits text into runs by the face that draws each character: the Latin face when it has the
 * glyph, else its Japanese fallback. A space stays in the run before it when that face has one,
 * so a Japanese name is not cut into runs at every space. Null when some character is in neither.
 */
export function fontRuns(text: string, font: LatinFont): TextRun[] | null {
  const runs: TextRun[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    const last = runs.at(-1);
    const chosen =
      last && /\s/u.test(char) && face(last.font).hasGlyphForCodePoint(code)
        ? last.font
        : ([font, JAPANESE_FOR[font]] as const).find((f) => face(f).hasGlyphForCodePoint(code));
    if (!chosen) return null;
    if (last?.font === chosen) last.text += char;
    else runs.push({ text: char, font: chosen });
  }
  return runs;
}

/** Whether every character of the text is in the face or its Japanese fallback. */
export const printableIn = (text: string, font: LatinFont): boolean => fontRuns(text, font) !== null;

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
  const runsOf = (text: string, font: LatinFont) => {
    const runs = fontRuns(text, font);
    if (!runs) throw new Error(`no label font prints ${JSON.stringify(text)}`);
    return runs;
  };
  const measureLine: MeasureLine = (text, font, size) =>
    runsOf(text, font).reduce((sum, run) => sum + measure(run.text, run.font, size), 0);

  const column = (x: number, columnWidth: number, top: number) => {
    const at = { y: top };
    const put = (text: string, font: LatinFont, maxSize: number, minSize = maxSize, maxLines = 1) => {
      const { size, lines } = fitText(measureLine, text, font, columnWidth, maxSize, minSize, maxLines);
      for (const line of lines) {
        // Each run in its own face, one after another on the line's one baseline.
        let runX = x;
        for (const run of runsOf(line, font)) {
          texts.push({ text: run.text, font: run.font, size, x: runX, baseline: at.y + ASCENT * size });
          runX += measure(run.text, run.font, size);
        }
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
  if (pickupPoint.address) main.put(pickupPoint.address, 'sans', 9, 7, 3);
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

/** Width of a line in a Latin face, each character measured in the face that draws it. */
type MeasureLine = (text: string, font: LatinFont, size: number) => number;

/**
 * The largest size, down to `minSize`, at which the text fits `maxLines` lines broken where a
 * line may break; failing that, at `minSize` broken anywhere (a long reference has no spaces).
 */
function fitText(
  measure: MeasureLine,
  text: string,
  font: LatinFont,
  width: number,
  maxSize: number,
  minSize: number,
  maxLines: number,
): { size: number; lines: string[] } {
  const fits = (size: number) => (line: string) => measure(line, font, size) <= width;
  const fitted = (size: number, lines: string[]) =>
    lines.length <= maxLines && lines.every(fits(size)) ? { size, lines } : null;
  for (let size = maxSize; size >= minSize; size -= 0.5) {
    const found = fitted(size, wrap(text, fits(size)));
    if (found) return found;
  }
  const filled = fitted(minSize, fill(text, fits(minSize)));
  if (filled) return filled;
  throw new Error(`label text does not fit: ${text}`);
}

/**
 * Lines filled with as many pieces as fit. Latin text breaks at spaces; Japanese, written without
 * them, between any two characters, except before closing brackets, punctuation, the long-vowel
 * mark and small kana, or after opening brackets (the basic rules of kinsoku shori).
 */
function wrap(text: string, fits: (line: string) => boolean): string[] {
  const lines: string[] = [];
  let line = '';
  for (const [i, word] of text.split(' ').entries()) {
    for (const [j, piece] of breakable(word).entries()) {
      const joined = line ? `${line}${i > 0 && j === 0 ? ' ' : ''}${piece}` : piece;
      if (line && !fits(joined)) {
        lines.push(line);
        line = piece;
      } else {
        line = joined;
      }
    }
  }
  return [...lines, line];
}

const JAPANESE_CHAR = new RegExp(`[${JAPANESE}]`, 'u');
const NO_LINE_START =
  /[、。，．・：；？！ー～ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰ-ㇿ々ゝゞヽヾ」』）〕］｝〉》】〙〗,.:;!?)\]}]/u;
const NO_LINE_END = /[「『（〔［｛〈《【〘〖([{]/u;

/** A word cut where a line may break inside it: only next to a Japanese character. */
function breakable(word: string): string[] {
  const pieces: string[] = [];
  let piece = '';
  let previous = '';
  for (const char of word) {
    const mayBreak =
      piece !== '' &&
      (JAPANESE_CHAR.test(previous) || JAPANESE_CHAR.test(char)) &&
      !NO_LINE_START.test(char) &&
      !NO_LINE_END.test(previous);
    if (mayBreak) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
    previous = char;
  }
  return [...pieces, piece];
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
