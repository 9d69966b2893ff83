/**
 * The form a pickup point's texts and a purchaser's search text are both compared in, so that
 * one store is found however its name is typed: `ﾛｰｿﾝ`, `ろーそん`, `ローソン`, `lawson` and
 * `ＬＡＷＳＯＮ` all become one string. The same function serves both sides, here in the
 * service rather than in SQL, so PGlite and PostgreSQL (whose `lower()` folds only ASCII under
 * the C collation) cannot disagree.
 *
 * - NFKC: full-width Latin and digits to ASCII, half-width katakana to full-width (with its
 *   voiced marks composed), compatibility characters such as `㈱` spelled out.
 * - Hiragana to katakana: a reading typed in either syllabary matches.
 * - Lower case, without Latin accents: `osaki` finds `Ōsaki` (the accents are taken off the
 *   decomposed form; kana's voiced marks are not accents, so `バ` stays apart from `ハ`), then
 *   NFKC again to put the kana back together.
 * - No spaces or dashes: `ローソン渋谷` finds `ローソン 渋谷道玄坂店`, `7eleven` finds `7-Eleven`.
 *   The long-vowel mark `ー` stays: `ローソン` is not `ロソン`.
 */
export function searchForm(text: string): string {
  return text
    .normalize('NFKC')
    .replace(HIRAGANA, (c) => String.fromCodePoint((c.codePointAt(0) as number) + KANA_OFFSET))
    .toLowerCase()
    .normalize('NFD')
    .replace(LATIN_ACCENTS, '')
    .normalize('NFKC')
    .replace(IGNORED, '');
}

/** ぁ to ゖ and the iteration marks ゝゞ: each has its katakana 0x60 code points on. */
const HIRAGANA = /[\u3041-\u3096\u309D\u309E]/g;
const KANA_OFFSET = 0x60;
/** The combining diacritical marks (macron, acute, …), not the kana voicing marks U+3099–309A. */
const LATIN_ACCENTS = /[\u0300-\u036F]/g;
/** White space, control characters and the dashes and hyphens people type interchangeably. */
const IGNORED = /[\s\p{Cc}\-\u2010-\u2015\u2212\u2E3A\u2E3B]/gu;

/**
 * Between the forms of one point's texts in its stored search text: a search form never holds
 * it (white space is dropped), so no match can run from one text into the next.
 */
export const FORM_SEPARATOR = '\n';

/** The stored search text of a point: the search form of each of its texts, kept apart. */
export const searchText = (texts: readonly (string | null | undefined)[]): string =>
  texts
    .filter((t): t is string => Boolean(t))
    .map(searchForm)
    .filter(Boolean)
    .join(FORM_SEPARATOR);

/**
 * Every character and every pair of adjacent characters of each form: what the GIN index is
 * built on. A query's grams must all be among a point's for it to hold the query, so the index
 * narrows the rows and `LIKE` on the search text then checks the order. Pairs, not pg_trgm's
 * triples: a place name in kanji is often two characters (渋谷, 梅田), which yields no triple.
 */
export function searchGrams(forms: string): string[] {
  const grams = new Set<string>();
  for (const form of forms.split(FORM_SEPARATOR)) {
    const chars = Array.from(form);
    chars.forEach((c, i) => {
      grams.add(c);
      const next = chars[i + 1];
      if (next !== undefined) grams.add(c + next);
    });
  }
  return [...grams];
}

/** The grams a point must have to hold the query form: its pairs, or the one character. */
export function queryGrams(form: string): string[] {
  const chars = Array.from(form);
  if (chars.length === 1) return chars;
  return [...new Set(chars.slice(1).map((c, i) => `${chars[i]}${c}`))];
}
