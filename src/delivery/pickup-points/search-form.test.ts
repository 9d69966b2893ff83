import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORM_SEPARATOR, queryGrams, searchForm, searchGrams, searchText } from './search-form.ts';

// The test's own tables, written out rather than computed the way the code under test does.
const KATAKANA =
  'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴッャュョァィゥェォー';
const HIRAGANA =
  'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんがぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽゔっゃゅょぁぃぅぇぉー';
// Half-width katakana: a voiced kana is two characters (base and ﾞ or ﾟ).
const HALF_WIDTH = [
  ...'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ',
  ...'ｶﾞ ｷﾞ ｸﾞ ｹﾞ ｺﾞ ｻﾞ ｼﾞ ｽﾞ ｾﾞ ｿﾞ ﾀﾞ ﾁﾞ ﾂﾞ ﾃﾞ ﾄﾞ ﾊﾞ ﾋﾞ ﾌﾞ ﾍﾞ ﾎﾞ ﾊﾟ ﾋﾟ ﾌﾟ ﾍﾟ ﾎﾟ ｳﾞ'.split(' '),
  ...'ｯｬｭｮｧｨｩｪｫｰ',
];
const LATIN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const KANJI = '東京都渋谷区道玄坂大阪府北梅田中央難波心斎橋筋日本橋室町品川崎駅前店丁目';

const katakana = [...KATAKANA];
const indexOf = (char: string) => katakana.indexOf(char);
const asHiragana = (s: string) => [...s].map((c) => (indexOf(c) >= 0 ? HIRAGANA[indexOf(c)] : c)).join('');
const asHalfWidth = (s: string) => [...s].map((c) => (indexOf(c) >= 0 ? HALF_WIDTH[indexOf(c)] : c)).join('');
/** Full-width Latin letters and digits (U+FF01–FF5E mirror ASCII 0x21–0x7E). */
const asFullWidth = (s: string) =>
  s.replace(/[!-~]/g, (c) => String.fromCharCode((c.charCodeAt(0) as number) + 0xfee0));

const word = (letters: string) =>
  fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 10 }).map((cs) => cs.join(''));
const phrase = (letters: string) =>
  fc.array(word(letters), { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '));

describe('search form', () => {
  it('has as many half-width and hiragana forms in its tables as katakana', () => {
    expect([...HIRAGANA]).toHaveLength(katakana.length);
    expect(HALF_WIDTH).toHaveLength(katakana.length);
  });

  it('property: one form whatever the width, syllabary or case a name is typed in', () => {
    fc.assert(
      fc.property(phrase(KATAKANA + LATIN + KANJI), (name) => {
        const form = searchForm(name);
        for (const variant of [
          asHiragana(name),
          asHalfWidth(name),
          asFullWidth(name),
          name.toUpperCase(),
          name.toLowerCase(),
          asFullWidth(asHiragana(name.toUpperCase())),
          name.replaceAll(' ', ''),
          name.replaceAll(' ', '\u3000'),
        ]) {
          expect(searchForm(variant), variant).toBe(form);
        }
      }),
    );
  });

  it('property: a piece of a text, typed in any of those forms, is found in it, and the index has its grams', () => {
    const pieceOf = fc
      .tuple(phrase(KATAKANA + LATIN + KANJI), fc.nat(), fc.nat())
      .map(([text, a, b]) => {
        const chars = [...text];
        const from = a % chars.length;
        return { text, piece: chars.slice(from, from + 1 + (b % (chars.length - from))).join('') };
      })
      .filter(({ piece }) => piece.trim() !== '');
    fc.assert(
      fc.property(
        pieceOf,
        fc.constantFrom(asHiragana, asHalfWidth, asFullWidth, (s: string) => s.toUpperCase()),
        ({ text, piece }, typed) => {
          const stored = searchText(['FM-TEST-01', text]);
          const query = searchForm(typed(piece));
          expect(stored).toContain(query);
          const grams = new Set(searchGrams(stored));
          for (const gram of queryGrams(query)) expect(grams.has(gram), gram).toBe(true);
        },
      ),
    );
  });

  it('keeps texts apart, drops spaces and dashes but not the long-vowel mark, and takes accents off Latin only', () => {
    expect(searchText(['LS-OSAKI-14', 'ローソン 大崎駅前店', null, 'Lawson Ōsaki Ekimae', undefined])).toBe(
      ['lsosaki14', 'ローソン大崎駅前店', 'lawsonosakiekimae'].join(FORM_SEPARATOR),
    );
    expect(searchForm('ﾛｰｿﾝ')).toBe('ローソン');
    expect(searchForm('ロソン')).not.toBe(searchForm('ローソン'));
    expect(searchForm('ﾊﾞｽ')).toBe('バス');
    expect(searchForm('バス')).not.toBe(searchForm('ハス'));
    expect(searchForm('セブン‐イレブン')).toBe(searchForm('セブンイレブン'));
    expect(searchForm('Dōgenzaka')).toBe('dogenzaka');
    expect(searchForm('%_\\')).toBe('%_\\');
    expect(queryGrams('崎')).toEqual(['崎']);
    expect(queryGrams('渋谷区')).toEqual(['渋谷', '谷区']);
    // Pairs never run across two texts.
    expect(searchGrams(searchText(['ab', 'cd']))).toEqual(['a', 'ab', 'b', 'c', 'cd', 'd']);
  });
});
