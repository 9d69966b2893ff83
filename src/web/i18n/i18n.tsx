import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import enApp from './catalogues/en/app.json';
import enClerk from './catalogues/en/clerk.json';
import enOperator from './catalogues/en/operator.json';
import enPurchaser from './catalogues/en/purchaser.json';
import enSalesperson from './catalogues/en/salesperson.json';
import jaApp from './catalogues/ja/app.json';
import jaClerk from './catalogues/ja/clerk.json';
import jaOperator from './catalogues/ja/operator.json';
import jaPurchaser from './catalogues/ja/purchaser.json';
import jaSalesperson from './catalogues/ja/salesperson.json';

/**
 * The terminals in Japanese and English: messages in ICU MessageFormat (react-intl, FormatJS),
 * one catalogue per language and terminal, keyed by IDs that name where a message is used. The
 * English catalogues define the IDs (`MessageId`, checked by the compiler); a test checks that
 * the Japanese ones have exactly the same, each with the same arguments.
 */
const english = { ...enApp, ...enClerk, ...enPurchaser, ...enSalesperson, ...enOperator };
export type MessageId = keyof typeof english;

export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const CATALOGUES: Record<Locale, Record<string, string>> = {
  en: english,
  ja: { ...jaApp, ...jaClerk, ...jaPurchaser, ...jaSalesperson, ...jaOperator },
};

/** Each language named in itself, for the switch. */
export const LANGUAGE_NAMES: Record<Locale, string> = { ja: '日本語', en: 'English' };

const STORAGE_KEY = 'tokumei.locale';

/**
 * The language chosen on this device, else the first of the browser's languages Tokumei
 * speaks, else Japanese: the marketplace is for Japan first.
 */
export function initialLocale(): Locale {
  const stored = safeStorage()?.getItem(STORAGE_KEY);
  if (stored === 'ja' || stored === 'en') return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const language = tag.toLowerCase().split('-')[0];
    if (language === 'ja' || language === 'en') return language;
  }
  return 'ja';
}

/** Storage can be refused (private windows, policies): the choice then lasts for the page. */
function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

let active: Locale = 'en';
/**
 * The language being shown, for formatting outside React's tree (money, dates): set before the
 * tree renders in it, so every formatter called while rendering agrees with the messages.
 */
export const activeLocale = (): Locale => active;

const LocaleContext = createContext<{ locale: Locale; choose(locale: Locale): void }>({
  locale: 'en',
  choose: () => {},
});

export function LocaleProvider(props: { children: ReactNode; initial?: Locale }) {
  const [locale, setLocale] = useState<Locale>(() => props.initial ?? initialLocale());
  active = locale;
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const choose = useCallback((next: Locale) => {
    safeStorage()?.setItem(STORAGE_KEY, next);
    setLocale(next);
  }, []);
  const value = useMemo(() => ({ locale, choose }), [locale, choose]);
  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider locale={locale} messages={CATALOGUES[locale]} defaultLocale="en">
        {props.children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}

export const useLocale = () => useContext(LocaleContext);

type Values = Record<string, string | number | Date | ((chunks: ReactNode[]) => ReactNode) | ReactNode>;

/**
 * The translator: `t(id, values)` is a message as text; `t.rich(id, values)` lets tags in the
 * message wrap parts in elements (`<b>…</b>` with `{ b: (chunks) => <strong>{chunks}</strong> }`).
 */
export function useT() {
  const intl = useIntl();
  return useMemo(() => {
    const t = (id: MessageId, values?: Record<string, string | number | Date>) =>
      intl.formatMessage({ id }, values) as string;
    t.rich = (id: MessageId, values: Values) => intl.formatMessage({ id }, values as never) as ReactNode;
    return t;
  }, [intl]);
}

/** The visible switch between the two languages, each named in itself. */
export function LanguageSwitch() {
  const { locale, choose } = useLocale();
  const t = useT();
  return (
    <fieldset className="language-switch">
      <legend className="visually-hidden">{t('app.language')}</legend>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === locale}
          className={l === locale ? 'current' : undefined}
          onClick={() => choose(l)}
        >
          {LANGUAGE_NAMES[l]}
        </button>
      ))}
    </fieldset>
  );
}
