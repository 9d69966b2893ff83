import fc from 'fast-check';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { generateOrderId } from '../../protocol/order-id.ts';
import { barcodesIn, readPdf as readPdfPage } from '../testing/label-reading.ts';
import {
  composeLabelPng,
  LABEL_CAPTIONS,
  LABEL_PAGE_SIZES,
  type LabelInput,
  type LabelPageSize,
  labelInputSchema,
  renderLabelPdf,
  renderLabelPng,
} from './label.ts';
import { fontRuns, LABEL_FONTS, type LabelFont } from './layout.ts';

const CANARY = 'Hanako-Yamada-CANARY';
const sizes = Object.keys(LABEL_PAGE_SIZES) as LabelPageSize[];

const sample = (orderId = generateOrderId()): LabelInput => ({
  orderId,
  pickupPoint: { code: 'FM-SHIBUYA-01', name: 'FamilyMart Shibuya Center-gai' },
  returnReference: 'RET-8F3K2Q',
  parcelSize: 'M',
});

/** A store in Japan, as its operator registered it: name and address as on its sign. */
const japanese = (orderId = generateOrderId()): LabelInput => ({
  orderId,
  pickupPoint: {
    code: 'LS-DOGENZAKA-21',
    name: 'ローソン 渋谷道玄坂店 (Shibuya)',
    address: '東京都渋谷区道玄坂2-10-12 新大宗ビル1号館1F',
  },
  returnReference: 'RET-8F3K2Q',
  parcelSize: 'S',
});

async function expectBarcodesOf(image: Uint8Array | ImageData, orderId: string) {
  const found = await barcodesIn(image);
  expect(found.map((b) => b.format).sort()).toEqual(['Code128', 'QRCode']);
  for (const b of found) expect(b).toEqual({ format: b.format, text: orderId, isValid: true });
}

async function readPdf(pdf: Buffer) {
  const read = await readPdfPage(pdf);
  expect(read.pages).toBe(1);
  // No character was drawn as an empty box: each is in the face its run was set in.
  expect(read.notdefGlyphs).toBe(0);
  return read;
}

/** The PDF's text line by line: pieces on one baseline joined in order, left to right. */
function pdfLines(items: { str: string; transform: number[] }[]): string[] {
  const lines = new Map<number, { x: number; str: string }[]>();
  for (const item of items) {
    const y = Math.round((item.transform[5] ?? 0) * 10);
    lines.set(y, [...(lines.get(y) ?? []), { x: item.transform[4] ?? 0, str: item.str }]);
  }
  return [...lines.entries()]
    .sort(([a], [b]) => b - a)
    .map(([, pieces]) =>
      pieces
        .sort((a, b) => a.x - b.x)
        .map((p) => p.str)
        .join(''),
    );
}

/** pdf.js may split a run of glyphs with spaces ("Y.A" read as "Y .A"): compare without them. */
const squash = (text: string) => text.replace(/\s+/g, '');

/** The label says what the input says, in full, and otherwise only its fixed captions. */
function expectOnlyLabelText(text: string, input: LabelInput) {
  const fromInput = [
    input.orderId,
    input.pickupPoint.code,
    input.pickupPoint.name,
    input.pickupPoint.address ?? '',
    input.returnReference,
  ].filter(Boolean);
  let rest = squash(text);
  for (const field of fromInput) expect(rest).toContain(squash(field));
  expect(text).not.toContain(CANARY);
  // Take away every allowed piece, longest first: whatever is left was not asked for.
  const allowed = [...fromInput, input.parcelSize ?? '', ...LABEL_CAPTIONS].map(squash).filter(Boolean);
  for (const piece of allowed.sort((a, b) => b.length - a.length)) rest = rest.split(piece).join('');
  expect(rest).toBe('');
}

/** What a careless caller might pass along: the schema must drop it before anything is drawn. */
const withPurchaser = (input: LabelInput) =>
  ({ ...input, purchaser: { name: CANARY, email: `${CANARY}@example.com` } }) as LabelInput;

describe('shipping labels', () => {
  it('PNG: 4×6 in at 203 dpi; one Code 128 and one QR, both exactly the order ID', async () => {
    const input = sample();
    const png = await renderLabelPng(withPurchaser(input));

    expect(png.readUInt32BE(16)).toBe(812);
    expect(png.readUInt32BE(20)).toBe(1218);
    expect(png.subarray(37, 41).toString('latin1')).toBe('pHYs');
    expect(png.readUInt32BE(41)).toBe(Math.round(203 / 0.0254));
    expect(png.includes(CANARY)).toBe(false);
    await expectBarcodesOf(new Uint8Array(png), input.orderId);

    const layout = composeLabelPng(withPurchaser(input));
    expectOnlyLabelText(layout.texts.map((t) => t.text).join(' '), input);
    const printedId = layout.texts.find((t) => t.text === input.orderId);
    expect(printedId?.size).toBeGreaterThanOrEqual(18);
  });

  it.each(sizes)('PDF %s: page size, one Code 128 and one QR, only label text', async (size) => {
    const input = sample();
    const pdf = await renderLabelPdf(withPurchaser(input), size);
    const read = await readPdf(pdf);

    expect(read.width).toBeCloseTo(LABEL_PAGE_SIZES[size].width, 2);
    expect(read.height).toBeCloseTo(LABEL_PAGE_SIZES[size].height, 2);
    expect({ width: read.width, height: read.height }).toEqual(
      size === 'a6' ? { width: 297.64, height: 419.53 } : { width: 288, height: 432 },
    );
    await expectBarcodesOf(read.image, input.orderId);
    expectOnlyLabelText(read.text, input);
    expect(read.items.find((i) => i.str === input.orderId)?.height).toBeGreaterThanOrEqual(18);
    expect(JSON.stringify(read.info)).not.toContain(CANARY);
    expect(pdf.includes(CANARY)).toBe(false);
  });

  it('property: for generated order IDs and pickup points, every barcode decodes back exactly', async () => {
    const token = fc.stringMatching(/^[A-Z0-9]{1,8}$/);
    const input = fc.record({
      // The production generator (node:crypto), not a model of it; a failure prints the ID.
      orderId: fc.constant(null).map(() => generateOrderId()),
      pickupPoint: fc.record({
        // Up to three hyphenated tokens, at most 24 characters: the longest code the schema takes.
        code: fc.stringMatching(/^[A-Z0-9]{1,8}(-[A-Z0-9]{1,7}){0,2}$/),
        name: fc
          .array(fc.stringMatching(/^[A-Za-z0-9'&.]{1,12}$/), { minLength: 1, maxLength: 5 })
          .map((t) => t.join(' ')),
      }),
      returnReference: token.map((t) => `RET-${t}`),
      parcelSize: fc.constantFrom('S' as const, 'M' as const, 'L' as const, undefined),
    });
    await fc.assert(
      fc.asyncProperty(input, async (label) => {
        await expectBarcodesOf(new Uint8Array(await renderLabelPng(label)), label.orderId);
        expectOnlyLabelText(
          composeLabelPng(label)
            .texts.map((t) => t.text)
            .join(' '),
          label,
        );
        for (const size of sizes) {
          const read = await readPdf(await renderLabelPdf(label, size));
          await expectBarcodesOf(read.image, label.orderId);
          expectOnlyLabelText(read.text, label);
        }
      }),
      { numRuns: 5 },
    );
  });

  it('Japanese pickup point: name and address printed whole in PDF and PNG, barcodes still the order ID', async () => {
    const input = japanese();
    const { name, address } = input.pickupPoint;

    const png = await renderLabelPng(input);
    await expectBarcodesOf(new Uint8Array(png), input.orderId);
    const layout = composeLabelPng(input);
    expectOnlyLabelText(layout.texts.map((t) => t.text).join(' '), input);
    // Kana and kanji from the Japanese face, Latin letters and digits from DejaVu, on one line.
    const nameLine = layout.texts.find((t) => t.text.startsWith('ローソン'))?.baseline;
    const nameRuns = layout.texts.filter((t) => t.baseline === nameLine);
    expect(nameRuns.map((t) => [t.text, t.font])).toEqual([
      ['ローソン 渋谷道玄坂店 ', 'japanese'],
      ['(Shibuya)', 'sans'],
    ]);

    for (const size of sizes) {
      const read = await readPdf(await renderLabelPdf(input, size));
      await expectBarcodesOf(read.image, input.orderId);
      const lines = pdfLines(read.items);
      expect(lines, size).toContain(name);
      expect(lines, size).toContain(address);
      expectOnlyLabelText(read.text, input);
    }
  });

  it('property: names and addresses mixing Latin, kana and kanji come out of the PDF as they went in', async () => {
    const letters = [
      ...'ABCmxyz0189&.-',
      ...'あいうえおがぎぐっゃゅょをんー',
      ...'アイウエオガギグッャュョヲンヴ',
      // Place-name kanji, one outside the Basic Multilingual Plane (𠮟, a surrogate pair in JS).
      ...'東京都渋谷区新宿大阪府北梅田中央難波池袋上野銀座品川横浜札幌名古屋福岡神戸駅前通丁目番地号店館階道玄坂𠮟',
      ...'ﾛｰｿﾝＡＢＣ１２３',
    ];
    const words = (max: number) =>
      fc
        .array(fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 12 }), {
          minLength: 1,
          maxLength: 8,
        })
        .map((ws) =>
          Array.from(ws.map((w) => w.join('')).join(' '))
            .slice(0, max)
            .join('')
            .trim(),
        );
    const input = fc.record({
      orderId: fc.constant(null).map(() => generateOrderId()),
      pickupPoint: fc.record({ code: fc.constant('LS-UMEDA-02'), name: words(64), address: words(100) }),
      returnReference: fc.constant('RET-UMEDA2'),
      size: fc.constantFrom(...sizes),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ size, ...label }) => {
        const read = await readPdf(await renderLabelPdf(label, size));
        expectOnlyLabelText(read.text, label);
        await expectBarcodesOf(read.image, label.orderId);
      }),
      { numRuns: 6 },
    );
  });

  it('knows its widest character: none that the schema lets through is wider than Œ', () => {
    const name = labelInputSchema.shape.pickupPoint.shape.name;
    const faces = new Map<LabelFont, fontkit.Font>();
    const face = (font: LabelFont) => {
      const opened = faces.get(font) ?? (fontkit.openSync(LABEL_FONTS[font]) as fontkit.Font);
      faces.set(font, opened);
      return opened;
    };
    // Advance widths in ems, read from the font files by fontkit, in the face each run is set in.
    const widthOf = (char: string, latin: 'sans' | 'sansBold') =>
      (fontRuns(char, latin) ?? []).reduce((sum, run) => {
        const f = face(run.font);
        return sum + f.glyphForCodePoint(run.text.codePointAt(0) as number).advanceWidth / f.unitsPerEm;
      }, 0);
    let allowed = 0;
    for (let code = 0x21; code <= 0x2fa1f; code++) {
      const char = String.fromCodePoint(code);
      if (!name.safeParse(char).success) continue;
      allowed++;
      for (const latin of ['sans', 'sansBold'] as const) {
        expect(widthOf(char, latin), `U+${code.toString(16)}`).toBeLessThanOrEqual(widthOf('Œ', latin));
      }
    }
    // Latin and some fourteen thousand kana and kanji.
    expect(allowed).toBeGreaterThan(14_000);
  });

  it('fits the longest allowed texts in the widest letters and still scans', async () => {
    // Œ is the widest character the schema lets through, in both the regular and the bold face;
    // kanji are a little narrower, but break anywhere, so they are tried too.
    const widest = (length: number) => Array(10).fill('Œ'.repeat(12)).join(' ').slice(0, length);
    const inputs: LabelInput[] = [
      {
        orderId: generateOrderId(),
        pickupPoint: { code: 'Œ'.repeat(24), name: widest(64), address: widest(100) },
        returnReference: 'Œ'.repeat(24),
        parcelSize: 'L',
      },
      {
        orderId: generateOrderId(),
        pickupPoint: { code: 'Œ'.repeat(24), name: '鬱'.repeat(64), address: '鬱'.repeat(100) },
        returnReference: 'Œ'.repeat(24),
        parcelSize: 'L',
      },
    ];
    for (const input of inputs) {
      await expectBarcodesOf(new Uint8Array(await renderLabelPng(input)), input.orderId);
      await expectBarcodesOf(new Uint8Array(await renderLabelPng(input, { dpi: 300 })), input.orderId);
      for (const size of sizes) {
        await expectBarcodesOf((await readPdf(await renderLabelPdf(input, size))).image, input.orderId);
      }
    }
  });

  it('refuses input it cannot print faithfully', async () => {
    const good = sample();
    const mistyped = good.orderId.slice(0, -1) + (good.orderId.endsWith('0') ? '1' : '0');
    const bad: LabelInput[] = [
      { ...good, orderId: mistyped },
      { ...good, orderId: good.orderId.toLowerCase() },
      { ...good, orderId: good.orderId.replaceAll('-', '') },
      // Scripts the label does not print, and a kanji its Japanese font lacks.
      { ...good, pickupPoint: { code: 'FM-SHIBUYA-01', name: '세븐일레븐 명동점' } },
      { ...good, pickupPoint: { code: 'FM-SHIBUYA-01', name: 'Lawson 🏪' } },
      { ...good, pickupPoint: { code: 'FM-SHIBUYA-01', name: '\u{20000}田店' } },
      { ...good, pickupPoint: { code: 'FM-SHIBUYA-01', name: 'x', address: '東京都\u0007渋谷区' } },
      { ...good, pickupPoint: { code: 'FM-SHIBUYA-01', name: 'x', address: '東'.repeat(101) } },
      { ...good, pickupPoint: { code: 'FM-SHIBUYA-01', name: 'ローソン\u3000' } },
      { ...good, pickupPoint: { code: ' FM-SHIBUYA-01', name: 'x' } },
      { ...good, returnReference: 'R'.repeat(25) },
    ];
    for (const input of bad) {
      await expect(renderLabelPng(input)).rejects.toThrow();
      await expect(renderLabelPdf(input, 'a6')).rejects.toThrow();
    }
    await expect(renderLabelPng(good, { dpi: 96 })).rejects.toThrow(RangeError);
  });
});
