import PDFDocument from 'pdfkit';
import {
  CODE128_QUIET,
  code128Bars,
  composeLabel,
  LABEL_FONTS,
  LABEL_PAGE_SIZES,
  type LabelFont,
  type LabelInput,
  type LabelPageSize,
  QR_QUIET,
  qrModules,
} from './layout.ts';

/**
 * B9: the label as a one-page PDF for office printers (A6) or label printers (4×6 in). pdfkit
 * (MIT) embeds subsets of the label's fonts (DejaVu, and Noto Sans JP for Japanese), so the text
 * is searchable and prints the same everywhere;
 * bwip-js (MIT) encodes the barcodes, drawn here as vector rectangles so they stay sharp at any
 * printer resolution.
 */
export async function renderLabelPdf(input: LabelInput, size: LabelPageSize): Promise<Buffer> {
  const page = LABEL_PAGE_SIZES[size];
  const doc = new PDFDocument({
    size: [page.width, page.height],
    margin: 0,
    info: { Title: 'Shipping label', Creator: 'Tokumei' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  for (const [name, file] of Object.entries(LABEL_FONTS)) doc.registerFont(name, file);
  const measure = (text: string, font: LabelFont, points: number) =>
    doc.font(font).fontSize(points).widthOfString(text);
  const layout = composeLabel(input, page, measure);

  for (const t of layout.texts) {
    doc
      .font(t.font)
      .fontSize(t.size)
      .text(t.text, t.x, t.baseline, { lineBreak: false, baseline: 'alphabetic' });
  }
  for (const r of layout.rules) doc.rect(r.x, r.y, r.width, r.height);

  const bars = code128Bars(input.orderId);
  const total = bars.reduce((sum, w) => sum + w, 0) + 2 * CODE128_QUIET;
  const bar = layout.code128.width / total;
  let x = layout.code128.x + CODE128_QUIET * bar;
  bars.forEach((w, i) => {
    // sbs alternates bar, space, bar, … starting with a bar.
    if (i % 2 === 0) doc.rect(x, layout.code128.y, w * bar, layout.code128.height);
    x += w * bar;
  });

  const qr = qrModules(input.orderId);
  const cell = layout.qr.width / (qr.size + 2 * QR_QUIET);
  for (let row = 0; row < qr.size; row++) {
    for (let col = 0; col < qr.size; col++) {
      if (qr.dark(col, row)) {
        doc.rect(layout.qr.x + (col + QR_QUIET) * cell, layout.qr.y + (row + QR_QUIET) * cell, cell, cell);
      }
    }
  }
  // One fill for every rectangle: a single path, so abutting modules leave no hairline seams.
  doc.fill('black');

  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
