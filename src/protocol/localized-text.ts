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

/** The text in `language`, else in the other language (empty only for a text with neither). */
export function pickLabel(text: LocalizedText, language: TextLanguage): string {
  return (language === 'ja' ? (text.ja ?? text.en) : (text.en ?? text.ja)) ?? '';
}
