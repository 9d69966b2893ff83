import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

// The checks use tools that share nothing with what made the label (bwip-js, pdfkit): ZXing-C++
// (zxing-wasm, MIT; ZXing itself Apache-2.0) decodes, and Mozilla's pdf.js (pdfjs-dist,
// Apache-2.0) rasterises each PDF and reads back its text. mupdf could do pdf.js's part but is
// AGPL; pdf.js is permissive and draws with the @napi-rs/canvas the PNG renderer ships anyway.
// The wasm is read from node_modules: zxing-wasm would otherwise fetch it from a CDN.
prepareZXingModule({
  overrides: {
    wasmBinary: new Uint8Array(
      readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm')),
    ).buffer,
  },
});

/** Every barcode of any kind in the image, as the independent decoder reads it. */
export async function barcodesIn(image: Uint8Array | ImageData) {
  // No format filter: any symbol on the label, of any kind, is reported.
  return (await readBarcodes(image, { tryHarder: true })).map(({ format, text, isValid }) => ({
    format,
    text,
    isValid,
  }));
}

type CanvasFactory = {
  create(width: number, height: number): { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D };
};

/**
 * A one-page PDF's size, text, metadata, the page rasterised as a thermal printer would, and how
 * many glyphs it shows as the font's .notdef (CID 0, an empty box: a character its font lacks).
 */
export async function readPdf(pdf: Buffer) {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  try {
    const pages = doc.numPages;
    const page = await doc.getPage(1);
    const [, , width, height] = page.view as [number, number, number, number];
    const items = (await page.getTextContent()).items.flatMap((item) => ('str' in item ? [item] : []));
    // 203 dpi: what a thermal printer would make of the page.
    const viewport = page.getViewport({ scale: 203 / 72 });
    // pdf.js draws on a canvas from its own factory (the @napi-rs/canvas it finds installed).
    const { canvas, context } = (doc.canvasFactory as CanvasFactory).create(
      Math.ceil(viewport.width),
      Math.ceil(viewport.height),
    );
    await page.render({ canvas, canvasContext: context, viewport }).promise;
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const { info } = await doc.getMetadata();
    const operators = await page.getOperatorList();
    const notdefGlyphs = operators.fnArray
      .flatMap((fn, i) => (fn === OPS.showText ? (operators.argsArray[i]?.[0] as unknown[]) : []))
      .filter(
        (glyph) =>
          typeof glyph === 'object' && (glyph as { originalCharCode?: number }).originalCharCode === 0,
      ).length;
    return {
      pages,
      width,
      height,
      items,
      text: items.map((i) => i.str).join(' '),
      image,
      info,
      notdefGlyphs,
    };
  } finally {
    await doc.destroy();
  }
}
