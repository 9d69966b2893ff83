/**
 * B9: shipping labels. The order ID as text, Code 128 and QR; the pickup point; the carrier's
 * return reference; nothing about the purchaser.
 */
export {
  LABEL_CAPTIONS,
  LABEL_PAGE_SIZES,
  type LabelInput,
  type LabelPageSize,
  labelInputSchema,
} from './layout.ts';
export { renderLabelPdf } from './pdf.ts';
export { composeLabelPng, DEFAULT_LABEL_DPI, renderLabelPng } from './png.ts';
