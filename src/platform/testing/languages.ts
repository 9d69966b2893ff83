/** What a browser set to Japanese sends: Japanese first, English as the fallback it accepts. */
export const JAPANESE_BROWSER = 'ja-JP,ja;q=0.9,en;q=0.8';

/** The headers of a request that asks for `language`, or of one that does not say. */
export const askingFor = (language?: string): Record<string, string> =>
  language ? { 'accept-language': language } : {};
