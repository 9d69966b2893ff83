import { IntlMessageFormat } from 'intl-messageformat';
import type { AnswerLanguage } from './language.ts';

/**
 * Messages of the services' answers (problem titles and details) in ICU MessageFormat, one
 * catalogue per language. English defines the IDs and, read by the compiler from the text
 * itself, the arguments each message takes: a wrong ID or a missing argument fails to compile.
 * A message is named with its arguments when the answer is made, and worded when it is sent,
 * in the language the caller asked for.
 */

/** What an argument may be: text, a number, or another message, worded in the same language. */
export type MessageValue = string | number | Message;

/** A message named with its arguments: plain data, so a stored answer keeps it (idempotency). */
export type Message =
  | {
      readonly catalogue: string;
      readonly id: string;
      readonly values?: Readonly<Record<string, MessageValue>>;
    }
  /** Text that has no translation (a parser's or another library's words): the same in every language. */
  | { readonly text: string }
  /** Data given by language (a kind's unit, say): the caller's language, else the other one. */
  | { readonly texts: { readonly ja?: string; readonly en?: string } }
  /** Several messages, one after another (the issues of a request, of a row). */
  | { readonly list: readonly Message[] };

type Whitespace = ' ' | '\n' | '\t';
type Trim<S extends string> = S extends `${Whitespace}${infer R}`
  ? Trim<R>
  : S extends `${infer R}${Whitespace}`
    ? Trim<R>
    : S;

/** The value an argument of each ICU type takes. */
type ArgumentType<T extends string> = T extends 'number' | 'plural' | 'selectordinal'
  ? number
  : T extends 'select'
    ? string
    : MessageValue;

/**
 * The arguments an ICU message names, as [name, type] pairs, read one character at a time: in
 * text, `{` starts an argument; its name runs to `,` or `}`, then its type; a plural's or a
 * select's options hold branches in braces, which are text again (one level deeper), and the
 * argument ends at the `}` after them. (Tags are not parsed: messages are formatted with
 * `ignoreTag`, so `<key>` is text.)
 */
type Walk<
  S extends string,
  Mode extends 'text' | 'name' | 'type' | 'style' | 'options',
  Depth extends unknown[],
  Buffer extends string,
  Name extends string,
  Found,
> = S extends `${infer C}${infer Rest}`
  ? Mode extends 'text'
    ? C extends '{'
      ? Walk<Rest, 'name', Depth, '', '', Found>
      : C extends '}'
        ? Depth extends [unknown, ...infer Outer]
          ? Walk<Rest, 'options', Outer, '', '', Found>
          : Walk<Rest, 'text', Depth, '', '', Found>
        : Walk<Rest, 'text', Depth, '', '', Found>
    : Mode extends 'name'
      ? C extends '}'
        ? Walk<Rest, 'text', Depth, '', '', Found | [Trim<Buffer>, MessageValue]>
        : C extends ','
          ? Walk<Rest, 'type', Depth, '', Trim<Buffer>, Found>
          : Walk<Rest, 'name', Depth, `${Buffer}${C}`, '', Found>
      : Mode extends 'type'
        ? C extends '}'
          ? Walk<Rest, 'text', Depth, '', '', Found | [Name, ArgumentType<Trim<Buffer>>]>
          : C extends ','
            ? Walk<
                Rest,
                Trim<Buffer> extends 'plural' | 'selectordinal' | 'select' ? 'options' : 'style',
                Depth,
                '',
                '',
                Found | [Name, ArgumentType<Trim<Buffer>>]
              >
            : Walk<Rest, 'type', Depth, `${Buffer}${C}`, Name, Found>
        : Mode extends 'style'
          ? C extends '}'
            ? Walk<Rest, 'text', Depth, '', '', Found>
            : Walk<Rest, 'style', Depth, '', '', Found>
          : C extends '{'
            ? Walk<Rest, 'text', [unknown, ...Depth], '', '', Found>
            : C extends '}'
              ? Walk<Rest, 'text', Depth, '', '', Found>
              : Walk<Rest, 'options', Depth, '', '', Found>
  : Found;

type ArgumentsOf<S extends string> = Walk<S, 'text', [], '', '', never>;

/** The values a message takes, by name: `{}` for a message without arguments. */
export type MessageValues<S extends string> = {
  [N in ArgumentsOf<S>[0]]: Extract<ArgumentsOf<S>, [N, unknown]>[1];
};

/** The rest of a call naming message `S`: its values when it has arguments, nothing when not. */
export type ValuesArgument<S extends string> = [ArgumentsOf<S>] extends [never]
  ? []
  : [values: MessageValues<S>];

export type Catalogue = Readonly<Record<string, string>>;

/** The IDs of a catalogue's messages that take no argument. */
export type PlainMessageId<C extends Catalogue> = {
  [K in keyof C & string]: [ArgumentsOf<C[K]>] extends [never] ? K : never;
}[keyof C & string];

const catalogues = new Map<string, Record<AnswerLanguage, Catalogue>>();
const formats = new Map<string, IntlMessageFormat>();

/**
 * Registers a catalogue in both languages under its name; answers the function that names its
 * messages. Japanese must have exactly English's IDs (checked here by the compiler, and with
 * their arguments by the catalogue test).
 */
export function messageCatalogue<const En extends Catalogue>(
  name: string,
  en: En,
  ja: { readonly [K in keyof En]: string },
) {
  catalogues.set(name, { en, ja });
  return function message<Id extends keyof En & string>(id: Id, ...values: ValuesArgument<En[Id]>): Message {
    return values[0] === undefined ? { catalogue: name, id } : { catalogue: name, id, values: values[0] };
  };
}

/** Messages kept elsewhere (a contract's), under IDs that start with `prefix`, for a catalogue to include. */
export const prefixed = <const P extends string, const T extends Catalogue>(prefix: P, messages: T) =>
  Object.fromEntries(Object.entries(messages).map(([id, text]) => [`${prefix}${id}`, text])) as {
    readonly [K in keyof T & string as `${P}${K}`]: T[K];
  };

/** Text kept as it was given in every language; say where it comes from at the call. */
export const untranslated = (text: string): Message => ({ text });

/** Text given by language, worded in the caller's language where it has it, else in the other. */
export const localized = (texts: { readonly ja?: string; readonly en?: string }): Message => ({ texts });

/** Several messages as one, each worded and set apart as the language does. */
export const listOf = (messages: readonly Message[]): Message => ({ list: messages });

const LIST_SEPARATORS: Record<AnswerLanguage, string> = { en: '; ', ja: '／' };

/** Every registered catalogue by name, for the catalogue test. */
export const registeredCatalogues = (): ReadonlyMap<string, Record<AnswerLanguage, Catalogue>> => catalogues;

/** A message in `language`. */
export function wordMessage(message: Message, language: AnswerLanguage): string {
  if ('text' in message) return message.text;
  if ('texts' in message) return message.texts[language] ?? message.texts.ja ?? message.texts.en ?? '';
  if ('list' in message)
    return message.list.map((m) => wordMessage(m, language)).join(LIST_SEPARATORS[language]);
  const key = `${language}\0${message.catalogue}\0${message.id}`;
  let format = formats.get(key);
  if (!format) {
    const pattern = catalogues.get(message.catalogue)?.[language][message.id];
    if (pattern === undefined) throw new Error(`no message ${message.catalogue}:${message.id}`);
    format = new IntlMessageFormat(pattern, language, undefined, { ignoreTag: true });
    formats.set(key, format);
  }
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.values ?? {}))
    values[name] = typeof value === 'object' ? wordMessage(value, language) : value;
  return format.format(values) as string;
}
