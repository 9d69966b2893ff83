import type { FastifyRequest } from 'fastify';
import type { ZodFastifySchemaValidationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AnswerLanguage } from './language.ts';
import { listOf, type Message, untranslated } from './messages.ts';
import { message } from './problem.ts';

/** Zod's own words for an issue, per language; each a function of the issue alone (no global setting). */
const ZOD_WORDS: Record<AnswerLanguage, z.core.$ZodErrorMap> = {
  en: z.locales.en().localeError,
  ja: z.locales.ja().localeError,
};

const worded = (words: z.core.$ZodErrorMap, issue: z.core.$ZodRawIssue) => {
  const said = words(issue as never);
  return typeof said === 'string' ? said : said?.message;
};

type ValidationError = { validation: ZodFastifySchemaValidationError[]; validationContext?: string };

/** What was sent where an issue points, so that zod can say again what it received. */
function sentAt(request: FastifyRequest, part: string | undefined, path: string[]): unknown {
  const sources: Record<string, unknown> = {
    body: request.body,
    querystring: request.query,
    params: request.params,
    headers: request.headers,
  };
  let value = part ? sources[part] : undefined;
  for (const key of path) value = value && typeof value === 'object' ? (value as never)[key] : undefined;
  return value;
}

/**
 * What is wrong with each field in `language`. Zod's own messages are worded again by its
 * locale for that language, from the issue and the value sent; a message a schema words itself
 * is kept as written (in English).
 */
function issueText(issue: ZodFastifySchemaValidationError, input: unknown, language: AnswerLanguage): string {
  const said = issue.message ?? '';
  if (language === 'en') return said;
  const raw = { ...issue.params, code: issue.keyword, input, path: [] } as unknown as z.core.$ZodRawIssue;
  if (worded(ZOD_WORDS.en, raw) !== said) return said;
  return worded(ZOD_WORDS[language], raw) ?? said;
}

/**
 * The issues of a request that does not match its schema: each with where it is (body, query …),
 * the field's path and what is wrong, and all of them as the problem's detail.
 */
export function validationIssues(error: ValidationError, request: FastifyRequest, language: AnswerLanguage) {
  const part = error.validationContext;
  const errors = error.validation.map((v) => {
    const path = v.instancePath.replace(/^\//, '');
    const keys = path ? path.split('/') : [];
    return {
      in: part,
      path: keys.join('.'),
      message: issueText(v, sentAt(request, part, keys), language),
    };
  });
  const detail: Message = listOf(
    errors.map((e) =>
      message('invalid_request.issue', {
        part: e.in ?? '',
        path: e.path || message('invalid_request.root'),
        issue: untranslated(e.message),
      }),
    ),
  );
  return { errors, detail };
}
