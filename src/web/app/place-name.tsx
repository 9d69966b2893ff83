import { type Locale, useLocale } from '../i18n/i18n.tsx';

/** What a pickup point calls itself: as on its sign, and in Latin letters when the operator gave them. */
export interface PlaceNames {
  name: string;
  nameRomaji?: string | null;
  address: string;
  addressRomaji?: string | null;
}

const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** For `lang`: text in Japanese script is marked so, for the right glyphs and a Japanese voice. */
export const langOf = (text: string): 'ja' | undefined => (JAPANESE.test(text) ? 'ja' : undefined);

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
      <span className={props.className} lang={langOf(name)}>
        {name}
      </span>
      {sign && (
        <>
          {' '}
          <span className="muted place-sign" lang={langOf(sign)}>
            {sign}
          </span>
        </>
      )}
    </>
  );
}

/** The address as `placeIn` gives it, marked Japanese when it is. */
export function PlaceAddress(props: { point: PlaceNames; className?: string }) {
  const { locale } = useLocale();
  const { address } = placeIn(props.point, locale);
  return (
    <span className={props.className} lang={langOf(address)}>
      {address}
    </span>
  );
}
