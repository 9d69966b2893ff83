import type { LocalizedText } from '../../protocol/localized-text.ts';
import type { AttributeInput, TextInput } from '../kinds/attribute-schema.ts';

const text = (ja: string, en: string): LocalizedText => ({ ja, en });

/** An enum's values and their labels, from value → [Japanese, English]. */
const labelled = (labels: Record<string, [string, string]>) => ({
  values: Object.keys(labels),
  valueLabels: Object.fromEntries(Object.entries(labels).map(([v, [ja, en]]) => [v, text(ja, en)])),
});

// The English texts are those the demo had before it had Japanese ones: tests find them.
const COLOURS: Record<string, [string, string]> = {
  black: ['ブラック', 'Black'],
  silver: ['シルバー', 'Silver'],
  white: ['ホワイト', 'White'],
  grey: ['グレー', 'Grey'],
  blue: ['ブルー', 'Blue'],
  red: ['レッド', 'Red'],
  navy: ['ネイビー', 'Navy'],
  charcoal: ['チャコールグレー', 'Charcoal'],
  beige: ['ベージュ', 'Beige'],
  brown: ['ブラウン', 'Brown'],
  green: ['グリーン', 'Green'],
  pink: ['ピンク', 'Pink'],
  gold: ['ゴールド', 'Gold'],
};
const colours = (...values: string[]) =>
  labelled(Object.fromEntries(values.map((v) => [v, COLOURS[v] as [string, string]])));

const MAKER = text('メーカー', 'Maker');
const GB = text('GB', 'GB');
const INCHES = text('インチ', 'in');

type DemoKind = { id: string; name: TextInput; description: LocalizedText; attributes: AttributeInput[] };

/**
 * The kinds of the seed's examples (personal computers, business suits) and one more, with their
 * texts in Japanese and English: the kinds test markets and the benchmark have.
 */
export const DEMO_KINDS: DemoKind[] = [
  {
    id: 'personal-computer',
    name: text('パソコン', 'Personal computer'),
    description: text('デスクトップパソコン・ノートパソコン', 'Desktop and notebook computers'),
    attributes: [
      {
        name: 'cpu_mhz',
        label: text('CPU クロック', 'CPU speed'),
        type: 'number',
        unit: text('MHz', 'MHz'),
        min: 100,
        max: 10000,
        integer: true,
        required: true,
      },
      {
        name: 'disk_gb',
        label: text('ストレージ容量', 'Disk'),
        type: 'number',
        unit: GB,
        min: 1,
        max: 100000,
        integer: true,
        required: true,
      },
      {
        name: 'ram_gb',
        label: text('メモリ', 'Memory'),
        type: 'number',
        unit: GB,
        min: 1,
        max: 4096,
        integer: true,
        required: true,
      },
      {
        name: 'screen_in',
        label: text('画面サイズ', 'Screen'),
        type: 'number',
        unit: INCHES,
        min: 5,
        max: 50,
        integer: false,
        required: false,
      },
      {
        name: 'colour',
        label: text('カラー', 'Colour'),
        type: 'enum',
        ...colours('black', 'silver', 'white', 'grey', 'blue', 'red'),
        required: true,
      },
      { name: 'ssd', label: text('SSD 搭載', 'SSD'), type: 'boolean', required: false },
      { name: 'maker', label: MAKER, type: 'text', maxLength: 60, required: false },
    ],
  },
  {
    id: 'business-suit',
    name: text('ビジネススーツ', 'Business suit'),
    description: text('ツーピース・スリーピースのスーツ', 'Two- and three-piece suits'),
    attributes: [
      {
        name: 'chest_cm',
        label: text('胸囲', 'Chest'),
        type: 'number',
        unit: text('cm', 'cm'),
        min: 70,
        max: 150,
        integer: true,
        required: true,
      },
      {
        name: 'waist_cm',
        label: text('ウエスト', 'Waist'),
        type: 'number',
        unit: text('cm', 'cm'),
        min: 60,
        max: 140,
        integer: true,
        required: true,
      },
      {
        name: 'colour',
        label: text('カラー', 'Colour'),
        type: 'enum',
        ...colours('navy', 'charcoal', 'black', 'grey', 'beige', 'brown'),
        required: true,
      },
      {
        name: 'fibre',
        label: text('素材', 'Fibre'),
        type: 'enum',
        ...labelled({
          wool: ['ウール', 'Wool'],
          cotton: ['コットン', 'Cotton'],
          linen: ['リネン', 'Linen'],
          polyester: ['ポリエステル', 'Polyester'],
          wool_blend: ['ウール混', 'Wool blend'],
        }),
        required: true,
      },
      { name: 'slim_fit', label: text('スリムフィット', 'Slim fit'), type: 'boolean', required: false },
      { name: 'maker', label: MAKER, type: 'text', maxLength: 60, required: false },
    ],
  },
  {
    id: 'smartphone',
    name: text('スマートフォン', 'Smartphone'),
    description: text('SIMフリーのスマートフォン', 'Unlocked mobile phones'),
    attributes: [
      {
        name: 'storage_gb',
        label: text('ストレージ', 'Storage'),
        type: 'number',
        unit: GB,
        min: 1,
        max: 4096,
        integer: true,
        required: true,
      },
      {
        name: 'ram_gb',
        label: text('メモリ', 'Memory'),
        type: 'number',
        unit: GB,
        min: 1,
        max: 64,
        integer: true,
        required: true,
      },
      {
        name: 'screen_in',
        label: text('画面サイズ', 'Screen'),
        type: 'number',
        unit: INCHES,
        min: 3,
        max: 10,
        integer: false,
        required: true,
      },
      {
        name: 'colour',
        label: text('カラー', 'Colour'),
        type: 'enum',
        ...colours('black', 'white', 'blue', 'green', 'pink', 'gold'),
        required: true,
      },
      { name: 'dual_sim', label: text('デュアル SIM', 'Dual SIM'), type: 'boolean', required: false },
    ],
  },
];

/**
 * Two kinds of Japanese goods, whose commodities have Japanese names, so that a Japanese
 * purchaser of the demo finds goods that look real.
 */
export const JAPANESE_DEMO_KINDS: DemoKind[] = [
  {
    id: 'rice-cooker',
    name: text('炊飯器', 'Rice cooker'),
    description: text(
      '家庭用の炊飯器（IH・圧力IH・マイコン）',
      'Rice cookers for the home: induction (IH), pressure induction and microcomputer',
    ),
    attributes: [
      {
        name: 'capacity_go',
        label: text('炊飯容量', 'Capacity'),
        type: 'number',
        // 1 合 is the rice cup of 180 ml that Japanese cookers are measured in.
        unit: text('合', 'cups'),
        min: 0.5,
        max: 20,
        integer: false,
        required: true,
      },
      {
        name: 'heating',
        label: text('炊飯方式', 'Heating'),
        type: 'enum',
        ...labelled({
          ih: ['IH', 'Induction (IH)'],
          pressure_ih: ['圧力IH', 'Pressure induction'],
          microcomputer: ['マイコン', 'Microcomputer'],
        }),
        required: true,
      },
      {
        name: 'inner_pot',
        label: text('内釜', 'Inner pot'),
        type: 'enum',
        ...labelled({
          multilayer: ['多層釜', 'Multi-layer'],
          iron: ['鉄釜', 'Iron'],
          copper: ['銅釜', 'Copper'],
          clay: ['土鍋釜', 'Clay'],
        }),
        required: false,
      },
      { name: 'maker', label: MAKER, type: 'text', maxLength: 60, required: false },
    ],
  },
  {
    id: 'tea',
    name: text('お茶', 'Tea'),
    description: text(
      '日本各地の茶葉（煎茶・玉露・ほうじ茶など）',
      'Loose-leaf tea from across Japan: sencha, gyokuro, hojicha and more',
    ),
    attributes: [
      {
        name: 'origin',
        label: text('産地', 'Origin'),
        type: 'enum',
        ...labelled({
          shizuoka: ['静岡', 'Shizuoka'],
          kagoshima: ['鹿児島', 'Kagoshima'],
          uji: ['宇治', 'Uji'],
          sayama: ['狭山', 'Sayama'],
          yame: ['八女', 'Yame'],
        }),
        required: true,
      },
      {
        name: 'tea_type',
        label: text('茶の種類', 'Type of tea'),
        type: 'enum',
        ...labelled({
          sencha: ['煎茶', 'Sencha'],
          gyokuro: ['玉露', 'Gyokuro'],
          hojicha: ['ほうじ茶', 'Hojicha'],
          genmaicha: ['玄米茶', 'Genmaicha'],
          matcha: ['抹茶', 'Matcha'],
          black: ['和紅茶', 'Japanese black tea'],
        }),
        required: true,
      },
      {
        name: 'weight_g',
        label: text('内容量', 'Net weight'),
        type: 'number',
        unit: text('g', 'g'),
        min: 1,
        max: 5000,
        integer: true,
        required: true,
      },
      { name: 'organic', label: text('有機栽培', 'Organic'), type: 'boolean', required: false },
    ],
  },
];

/** What a market is given on its first start (seed-demo.ts). */
export const FIRST_START_KINDS: DemoKind[] = [...DEMO_KINDS, ...JAPANESE_DEMO_KINDS];

const pick = <T>(values: readonly T[], n: number): T => values[n % values.length] as T;

/**
 * The n-th demo commodity of a kind: varied but reproducible, so that demo searches, tests
 * and the benchmark see the same spread of values.
 */
export function demoCommodity(
  kindId: string,
  n: number,
): { model: string; name: string; attributes: Record<string, unknown>; price: number } {
  const h = (salt: number) => Math.abs(Math.imul(n + 1, 2654435761) ^ Math.imul(salt, 40503)) >>> 0;
  switch (kindId) {
    case 'personal-computer': {
      const maker = pick(['Fujitsu', 'NEC', 'Panasonic', 'Dynabook', 'VAIO', 'Lenovo'], h(1));
      const cpu = 1000 + (h(2) % 41) * 100;
      const ram = pick([4, 8, 16, 32, 64], h(3));
      const disk = pick([128, 256, 512, 1000, 2000, 4000], h(4));
      return {
        model: `${maker.slice(0, 2).toUpperCase()}-PC${n}`,
        name: `${maker} ${ram} GB / ${disk} GB PC`,
        attributes: {
          cpu_mhz: cpu,
          disk_gb: disk,
          ram_gb: ram,
          screen_in: pick([13.3, 14, 15.6, 16, 17.3], h(5)),
          colour: pick(['black', 'silver', 'white', 'grey', 'blue', 'red'], h(6)),
          ssd: h(7) % 3 !== 0,
          maker,
        },
        price: 40_000 + (h(8) % 300) * 1000 + ram * 2000,
      };
    }
    case 'business-suit': {
      const maker = pick(['Aoki', 'Aoyama', 'Konaka', 'Suit Select', 'Haruyama'], h(1));
      const fibre = pick(['wool', 'cotton', 'linen', 'polyester', 'wool_blend'], h(2));
      return {
        model: `${maker.slice(0, 3).toUpperCase()}-S${n}`,
        name: `${maker} ${fibre.replace('_', ' ')} suit`,
        attributes: {
          chest_cm: 84 + (h(3) % 8) * 4,
          waist_cm: 70 + (h(4) % 10) * 4,
          colour: pick(['navy', 'charcoal', 'black', 'grey', 'beige', 'brown'], h(5)),
          fibre,
          slim_fit: h(6) % 2 === 0,
          maker,
        },
        price: 15_000 + (h(7) % 100) * 500,
      };
    }
    case 'rice-cooker': {
      const maker = pick(['象印', 'タイガー', 'パナソニック', '日立', '東芝', '三菱電機'], h(1));
      const capacity = pick([3, 5.5, 5.5, 10], h(2));
      const heating = pick(['ih', 'pressure_ih', 'microcomputer'], h(3));
      const heatingName = { ih: 'IH', pressure_ih: '圧力IH', microcomputer: 'マイコン' }[heating];
      return {
        model: `RC-${String(capacity).replace('.', '')}${heating === 'microcomputer' ? 'M' : 'H'}${n}`,
        name: `${maker} ${heatingName}炊飯器 ${capacity}合炊き`,
        attributes: {
          capacity_go: capacity,
          heating,
          inner_pot: pick(['multilayer', 'iron', 'copper', 'clay'], h(4)),
          maker,
        },
        // Roughly what each kind of cooker costs in Japanese shops.
        price:
          (heating === 'microcomputer' ? 5_000 : heating === 'ih' ? 12_000 : 28_000) +
          capacity * 1_000 +
          (h(5) % 30) * 300,
      };
    }
    case 'tea': {
      const origin = pick(['shizuoka', 'kagoshima', 'uji', 'sayama', 'yame'], h(1));
      const type = pick(['sencha', 'gyokuro', 'hojicha', 'genmaicha', 'matcha', 'black'], h(2));
      const weight = type === 'matcha' ? pick([20, 30, 40], h(3)) : pick([80, 100, 200, 500], h(3));
      const place = { shizuoka: '静岡', kagoshima: '鹿児島', uji: '宇治', sayama: '狭山', yame: '八女' }[
        origin
      ];
      const tea = {
        sencha: '深蒸し煎茶',
        gyokuro: '玉露',
        hojicha: 'ほうじ茶',
        genmaicha: '抹茶入り玄米茶',
        matcha: '抹茶',
        black: '和紅茶',
      }[type];
      const organic = h(4) % 4 === 0;
      return {
        model: `TEA-${origin.slice(0, 3).toUpperCase()}-${weight}-${n}`,
        name: `${organic ? '有機 ' : ''}${place}産 ${tea} ${weight}g`,
        attributes: { origin, tea_type: type, weight_g: weight, organic },
        price:
          Math.round(((type === 'gyokuro' || type === 'matcha' ? 12 : 5) * weight + (h(5) % 20) * 50) / 10) *
          10,
      };
    }
    default: {
      const storage = pick([64, 128, 256, 512, 1024], h(1));
      return {
        model: `TK-PHONE-${n}`,
        name: `Phone ${storage} GB`,
        attributes: {
          storage_gb: storage,
          ram_gb: pick([4, 6, 8, 12, 16], h(2)),
          screen_in: pick([5.4, 6.1, 6.4, 6.7], h(3)),
          colour: pick(['black', 'white', 'blue', 'green', 'pink', 'gold'], h(4)),
          dual_sim: h(5) % 2 === 0,
        },
        price: 20_000 + (h(6) % 150) * 1000 + storage * 30,
      };
    }
  }
}
