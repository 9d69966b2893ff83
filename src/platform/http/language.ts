import Negotiator from 'negotiator';

/**
 * The languages the services answer in. English comes first: it is what a caller that asks for
 * none, or for neither, gets, as every API client did before the services spoke Japanese.
 */
export const ANSWER_LANGUAGES = ['en', 'ja'] as const;
export type AnswerLanguage = (typeof ANSWER_LANGUAGES)[number];

const cache = new Map<string, AnswerLanguage>();
/** Distinct headers seen are few (browsers send a handful of shapes); the cache stays bounded anyway. */
const CACHE_LIMIT = 1000;

/**
 * The language to answer in, from an `Accept-Language` header: its ranges in order of
 * preference, a range matching its prefix (`ja-JP` asks for `ja`), English when it names
 * neither or is missing.
 */
export function answerLanguage(header: string | string[] | undefined): AnswerLanguage {
  if (typeof header !== 'string' || header === '') return 'en';
  let language = cache.get(header);
  if (!language) {
    const chosen = new Negotiator({ headers: { 'accept-language': header } }).language([...ANSWER_LANGUAGES]);
    language = (chosen as AnswerLanguage | undefined) ?? 'en';
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(header, language);
  }
  return language;
}
