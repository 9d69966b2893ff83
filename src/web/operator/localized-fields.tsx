import type { LocalizedText, TextLanguage } from '../../protocol/localized-text.ts';
import { Field } from '../app/ui.tsx';
import { type MessageId, useT } from '../i18n/i18n.tsx';
import type { FieldErrors } from './form-feedback.tsx';

/** A text people read as the operator types it, in Japanese and English; either may be empty. */
export interface TextDraft {
  ja: string;
  en: string;
}

export const emptyText = (): TextDraft => ({ ja: '', en: '' });

export const textDraft = (text: LocalizedText | undefined): TextDraft => ({
  ja: text?.ja ?? '',
  en: text?.en ?? '',
});

const LANGUAGES: { language: TextLanguage; words: MessageId }[] = [
  { language: 'ja', words: 'operator.text.ja' },
  { language: 'en', words: 'operator.text.en' },
];

/** The languages typed, as the market takes a text; `{}` when neither (which it refuses, saying so). */
export function textInput(draft: TextDraft): LocalizedText {
  const text: LocalizedText = {};
  for (const { language } of LANGUAGES) {
    const typed = draft[language].trim();
    if (typed) text[language] = typed;
  }
  return text;
}

/**
 * What changes a text from `current` to what was typed: each language changed, `null` for one
 * emptied; undefined when nothing changed.
 */
export function textChange(
  current: LocalizedText | undefined,
  draft: TextDraft,
): { ja?: string | null; en?: string | null } | undefined {
  const change: { ja?: string | null; en?: string | null } = {};
  for (const { language } of LANGUAGES) {
    const typed = draft[language].trim();
    if (typed !== (current?.[language] ?? '')) change[language] = typed || null;
  }
  return Object.keys(change).length ? change : undefined;
}

/**
 * One text as two fields, Japanese then English, each named after `label` and its language
 * (`multiline` for a text of sentences, such as a description). The market's errors for the
 * text as a whole (`path`) show on the first.
 */
export function LocalizedTextFields(props: {
  label: string;
  value: TextDraft;
  onChange: (value: TextDraft) => void;
  errors: FieldErrors;
  /** Where the market puts this text's errors, e.g. `name` or `attributes.0.label`. */
  path: string;
  hints?: Partial<Record<TextLanguage, string>>;
  className?: string;
  multiline?: boolean;
}) {
  const t = useT();
  return (
    <>
      {LANGUAGES.map(({ language, words }, i) => (
        <Field
          key={language}
          label={t(words, { label: props.label })}
          hint={props.hints?.[language]}
          error={
            props.errors[`${props.path}.${language}`] ?? (i === 0 ? props.errors[props.path] : undefined)
          }
          className={props.className}
        >
          {(control) => {
            const typed = {
              ...control,
              lang: language,
              value: props.value[language],
              onChange: (e: { target: { value: string } }) =>
                props.onChange({ ...props.value, [language]: e.target.value }),
            };
            return props.multiline ? (
              <textarea {...typed} rows={2} />
            ) : (
              <input {...typed} autoComplete="off" />
            );
          }}
        </Field>
      ))}
    </>
  );
}
