/**
 * Two registrations are the same commodity when they name the same kind and the same model
 * identifier (the maker's model number, or a GTIN) after normalisation: Unicode NFKC, case
 * folded, and spaces, hyphens, dots, slashes and underscores dropped. So "ThinkPad X1-Carbon
 * G11" and "thinkpad x1 carbon g11" are one commodity, offered by as many sellers as sell it.
 */
export const modelKey = (model: string): string =>
  model
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-._/]+/g, '');
