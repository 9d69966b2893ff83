import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateOrderId } from '../../protocol/order-id.ts';
import { barcodesIn, readPdf as readPdfPage } from '../testing/label-reading.ts';
import {
  composeLabelPng,
  LABEL_CAPTIONS,
  LABEL_PAGE_SIZES,
  type LabelInput,
  type LabelPageSize,
  renderLabelPdf,
  renderLabelPng,
} from './label.ts';

const CANARY = 'Hanako-Yamada-CANARY';
const sizes = Object.keys(LABEL_PAGE_SIZES) as LabelPageSize[];

const sample = (orderId = generateOrderId()): LabelInput => ({
  orderId,
  pickupPoint: { code: 'FM-SHIBUYA-01', name: 'FamilyMart Shibuya Center-gai' },
  returnReference: 'RET-8F3K2Q',
  parcelSize: 'M',
});

async function expectBarcodesOf(image: Uint8Array | ImageData, orderId: string) {
  const found = await barcodesIn(image);
  expect(found.map((b) => b.format).sort()).toEqual(['Code128', 'QRCode']);
  for (const b of found) expect(b).toEqual({ format: b.format, text: orderId, isValid: true });
}

async function readPdf(pdf: Buffer) {
  const read = await readPdfPage(pdf);
  expect(read.pages).toBe(1);
  return read;
}

/** pdf.js may split a run of glyphs with spaces ("Y.A" read as "Y .A"): compare without them. */
const squash = (text: string) => text.replace(/\s+/g, '');

/** The label says what the input says, in full, and otherwise only its fixed captions. */
function expectOnlyLabelText(text: string, input: LabelInput) {
  const fromInput = [input.orderId, input.pickupPoint.code, input.pickupPoint.name, input.returnReference];
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

  it('fits the longest allowed texts in the widest letters and still scans', async () => {
    // Œ is the widest character the schema lets through, in both the regular and the bold face.
    const input: LabelInput = {
      orderId: generateOrderId(),
      pickupPoint: { code: 'Œ'.repeat(24), name: Array(5).fill('Œ'.repeat(12)).join(' ').slice(0, 64) },
      returnReference: 'Œ'.repeat(24),
      parcelSize: 'L',
    };
    await expectBarcodesOf(new Uint8Array(await renderLabelPng(input)), input.orderId);
    await expectBarcodesOf(new Uint8Array(await renderLabelPng(input, { dpi: 300 })), input.orderId);
    for (const size of sizes) {
      await expectBarcodesOf((await readPdf(await renderLabelPdf(input, size))).image, input.orderId);
    }
  });

  it('refuses input it cannot print faithfully', async () => {
    const good = sample();
    const mistyped = good.orderId.slice(0, -1) + (good.orderId.endsWith('0') ? '1' : '0');
    const bad: LabelInput[] = [
      { ...good, orderId: mistyped },
      { ...good, orderId: good.orderId.toLowerCase() },
      { ...good, orderId: good.orderId.replaceAll('-', '') },
      { ...good, pickupPoint: { code: 'FM-SHIBUYA-01', name: 'ファミリーマート 渋谷センター街店' } },
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
