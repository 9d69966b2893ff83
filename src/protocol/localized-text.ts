/**
 * A text people read, in Japanese and English: the services give it, the terminals show the
 * reader's language. At least one of the two is given (each service checks its own input);
 * a missing one is shown in the other language rather than not at all.
 */
export interface LocalizedText {
  ja?: string;
  en?: string;
}

export const TEXT_LANGUAGES = ['ja', 'en'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

/**
 * The text in `language`, else in the other language, with the language it is in (so that a
 * page can mark text in the other one); empty, in `language`, only for a text with neither.
 */
export function pickText(
  text: LocalizedText,
  language: TextLanguage,
): { text: string; language: TextLanguage } {
  const other: TextLanguage = language === 'ja' ? 'en' : 'ja';
  const own = text[language];
  if (own !== undefined) return { text: own, language };
  const fallback = text[other];
  return fallback === undefined ? { text: '', language } : { text: fallback, language: other };
}

/** The text in `language`, else in the other language (empty only for a text with neither). */
export const pickLabel = (text: LocalizedText, language: TextLanguage): string =>
  pickText(text, language).text;
