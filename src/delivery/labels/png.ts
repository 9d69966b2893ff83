import { crc32 } from 'node:zlib';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import {
  CODE128_QUIET,
  code128Bars,
  composeLabel,
  LABEL_FONTS,
  LABEL_PAGE_SIZES,
  type LabelFont,
  type LabelInput,
  type LabelLayout,
  QR_QUIET,
  qrModules,
} from './layout.ts';

/**
 * B9: the 4×6 in label as a PNG for thermal printers (203 dpi by default; 300 and 600 also
 * common). @napi-rs/canvas (MIT, prebuilt skia shipped inside the npm package, no build step)
 * draws the same layout as the PDF; it bundles no fonts, so the label's font files are registered
 * under our own family names, which no installed font can shadow (each run of text names the
 * one face that has its glyphs, so skia never falls back to a font of the machine's). It stays on the 0.1 line that
 * pdf.js (the tests' PDF rasteriser) asks for: with two copies npm writes a lock file that
 * `npm ci` then refuses. @resvg/resvg-js was the other candidate (MPL-2.0, stable line still
 * 2.6): rendering a composed SVG, it could not measure text to fit long pickup names the way
 * canvas's measureText does.
 */
export const DEFAULT_LABEL_DPI = 203;
const MIN_DPI = 150;
const MAX_DPI = 600;

const FAMILY: Record<LabelFont, string> = {
  sans: 'TokumeiLabelSans',
  sansBold: 'TokumeiLabelSansBold',
  monoBold: 'TokumeiLabelMonoBold',
  japanese: 'TokumeiLabelJapanese',
  japaneseBold: 'TokumeiLabelJapaneseBold',
};
for (const font of Object.keys(FAMILY) as LabelFont[]) {
  if (!GlobalFonts.registerFromPath(LABEL_FONTS[font], FAMILY[font])) {
    throw new Error(`cannot load label font ${LABEL_FONTS[font]}`);
  }
}
const cssFont = (font: LabelFont, size: number) => `${size}px ${FAMILY[font]}`;

/** What the PNG shows, in points on the 4×6 in page: the texts here are all the text it draws. */
export function composeLabelPng(input: LabelInput): LabelLayout {
  const ctx = createCanvas(1, 1).getContext('2d');
  return composeLabel(input, LABEL_PAGE_SIZES['4x6'], (text, font, size) => {
    ctx.font = cssFont(font, size);
    return ctx.measureText(text).width;
  });
}

export async function renderLabelPng(input: LabelInput, options: { dpi?: number } = {}): Promise<Buffer> {
  const dpi = options.dpi ?? DEFAULT_LABEL_DPI;
  if (!Number.isInteger(dpi) || dpi < MIN_DPI || dpi > MAX_DPI) {
    throw new RangeError(`dpi must be an integer from ${MIN_DPI} to ${MAX_DPI}`);
  }
  const layout = composeLabelPng(input);
  const scale = dpi / 72;
  const px = (points: number) => Math.round(points * scale);
  const canvas = createCanvas(px(layout.page.width), px(layout.page.height));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = 'black';

  ctx.save();
  ctx.scale(scale, scale);
  ctx.textBaseline = 'alphabetic';
  for (const t of layout.texts) {
    ctx.font = cssFont(t.font, t.size);
    ctx.fillText(t.text, t.x, t.baseline);
  }
  for (const r of layout.rules) ctx.fillRect(r.x, r.y, r.width, r.height);
  ctx.restore();

  // Barcodes are drawn in whole printer dots per module, centred in their boxes: a module of
  // 2.7 dots would print as a mix of 2 and 3 and blur the bar widths a scanner relies on.
  const bars = code128Bars(input.orderId);
  const code128 = layout.code128;
  const total = bars.reduce((sum, w) => sum + w, 0);
  const bar = Math.floor(px(code128.width) / (total + 2 * CODE128_QUIET));
  let x = px(code128.x) + Math.floor((px(code128.width) - total * bar) / 2);
  bars.forEach((w, i) => {
    if (i % 2 === 0) ctx.fillRect(x, px(code128.y), w * bar, px(code128.height));
    x += w * bar;
  });

  const qr = qrModules(input.orderId);
  const cell = Math.floor(px(layout.qr.width) / (qr.size + 2 * QR_QUIET));
  const left = px(layout.qr.x) + Math.floor((px(layout.qr.width) - qr.size * cell) / 2);
  const top = px(layout.qr.y) + Math.floor((px(layout.qr.height) - qr.size * cell) / 2);
  for (let row = 0; row < qr.size; row++) {
    for (let col = 0; col < qr.size; col++) {
      if (qr.dark(col, row)) ctx.fillRect(left + col * cell, top + row * cell, cell, cell);
    }
  }

  return withResolution(await canvas.encode('png'), dpi);
}

/**
 * Adds a pHYs chunk after IHDR so that print dialogs and label software print 4×6 in, not
 * whatever size their default 72 or 96 dpi would make of the pixels.
 */
function withResolution(png: Buffer, dpi: number): Buffer {
  const perMetre = Math.round(dpi / 0.0254);
  const body = Buffer.alloc(13);
  body.write('pHYs', 0, 'latin1');
  body.writeUInt32BE(perMetre, 4);
  body.writeUInt32BE(perMetre, 8);
  body.writeUInt8(1, 12); // unit: metre
  const chunk = Buffer.alloc(21);
  chunk.writeUInt32BE(9, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body), 17);
  const ihdrEnd = 8 + 8 + 13 + 4; // signature, IHDR length and type, IHDR data, CRC
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}
