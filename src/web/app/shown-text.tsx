import type { ReactNode } from 'react';
import { type LocalizedText, pickText, type TextLanguage } from '../../protocol/localized-text.ts';
import { activeLocale, type Locale, useLocale } from '../i18n/i18n.tsx';
import { descriptionOf } from './kind-labels.ts';
import type { Kind } from './market-types.ts';

/**
 * A text as a terminal shows it, and the language it is in when that is not the page's, for a
 * `lang` attribute: a screen reader then reads it in its own language (WCAG 3.1.2).
 */
export interface Shown {
  text: string;
  lang?: TextLanguage;
}

/** `language` when it is not the page's: what a `lang` attribute says; none when it is, or is unknown. */
export const langBeside = (language: TextLanguage | undefined, page: Locale = activeLocale()) =>
  language === page ? undefined : language;

/** A text in the page's language, else in the other, saying so when it is the other. */
export function shown(text: LocalizedText, page: Locale = activeLocale()): Shown {
  const picked = pickText(text, page);
  return { text: picked.text, lang: langBeside(picked.language, page) };
}

/** Shown text as content: in a span marked with its language when that is not the page's. */
export function ShownText(props: { value: Shown; className?: string }) {
  const { text, lang } = props.value;
  if (!lang && !props.className) return text;
  return (
    <span lang={lang} className={props.className}>
      {text}
    </span>
  );
}

/** A text given by language (a kind's name, an attribute's label, …) as content, as `shown` picks it. */
export function Label(props: { text: LocalizedText; className?: string }) {
  const { locale } = useLocale();
  return <ShownText value={shown(props.text, locale)} className={props.className} />;
}

/** An option of a select whose words are shown text: marked like content (an option may have `lang`). */
export function ShownOption(props: { value: string; shown: Shown }) {
  return (
    <option value={props.value} lang={props.shown.lang}>
      {props.shown.text}
    </option>
  );
}

/** A select's options for the kinds, each by its name. */
export function KindOptions(props: { kinds: readonly Pick<Kind, 'id' | 'names'>[] }) {
  const { locale } = useLocale();
  return props.kinds.map((k) => <ShownOption key={k.id} value={k.id} shown={shown(k.names, locale)} />);
}

/** A kind's description as content; `otherwise` (a form's own hint, say) for a kind without one, or none chosen. */
export function KindDescription(props: {
  kind: Pick<Kind, 'descriptions'> | undefined;
  otherwise?: ReactNode;
}) {
  const about = descriptionOf(props.kind);
  return about ? <Label text={about} /> : props.otherwise;
}
