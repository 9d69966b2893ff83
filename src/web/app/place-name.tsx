import { type Locale, useLocale } from '../i18n/i18n.tsx';
import { langBeside, type Shown, ShownText } from './shown-text.tsx';

/** What a pickup point calls itself: as on its sign, and in Latin letters when the operator gave them. */
export interface PlaceNames {
  name: string;
  nameRomaji?: string | null;
  address: string;
  addressRomaji?: string | null;
}

const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Text in Japanese script is Japanese; of Latin letters (romaji, a brand) the language is not known. */
const langOf = (text: string): 'ja' | undefined => (JAPANESE.test(text) ? 'ja' : undefined);

/**
 * A name or address as shown on a page in `locale`: Japanese on an English page is marked so,
 * for the right glyphs and a Japanese voice; romaji and a page's own language need nothing.
 */
const placeText = (text: string, locale: Locale): Shown => ({ text, lang: langBeside(langOf(text), locale) });

/**
 * A pickup point's name and address in the terminal's language. In Japanese, as on the sign. In
 * English, the romaji when the operator gave it, else the sign's own text; and beside romaji the
 * sign's name (`sign`), since that is what a purchaser looks for in the street.
 */
export function placeIn(point: PlaceNames, locale: Locale) {
  const english = locale === 'en';
  const name = (english && point.nameRomaji) || point.name;
  return {
    name,
    address: (english && point.addressRomaji) || point.address,
    sign: name !== point.name ? point.name : null,
  };
}

/** The name as `placeIn` gives it, with the sign's name after it in the muted style when it differs. */
export function PlaceName(props: { point: PlaceNames; className?: string }) {
  const { locale } = useLocale();
  const { name, sign } = placeIn(props.point, locale);
  return (
    <>
      <ShownText value={placeText(name, locale)} className={props.className} />
      {sign && (
        <>
          {' '}
          <ShownText value={placeText(sign, locale)} className="muted place-sign" />
        </>
      )}
    </>
  );
}

/** The address as `placeIn` gives it, marked Japanese when it is on an English page. */
export function PlaceAddress(props: { point: PlaceNames; className?: string }) {
  const { locale } = useLocale();
  const { address } = placeIn(props.point, locale);
  return <ShownText value={placeText(address, locale)} className={props.className} />;
}
