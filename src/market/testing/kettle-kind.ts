/**
 * A kind whose texts are given in both languages, in one, or not at all, for the tests of how
 * each language falls back: the name and the colour's label in both; the capacity's label in
 * English only (its unit in both); copper labelled in Japanese only, steel not at all; the
 * automatic switch-off labelled in Japanese only.
 */
export const KETTLE_KIND = {
  id: 'kettle',
  name: { ja: '電気ケトル', en: 'Electric kettle' },
  attributes: [
    {
      name: 'capacity_l',
      label: { en: 'Capacity' },
      type: 'number',
      unit: { ja: 'リットル', en: 'L' },
      min: 0.1,
      max: 5,
    },
    {
      name: 'colour',
      label: { ja: 'カラー', en: 'Colour' },
      type: 'enum',
      values: ['white', 'copper', 'steel'],
      valueLabels: { white: { ja: 'ホワイト', en: 'White' }, copper: { ja: 'カッパー' } },
    },
    { name: 'auto_off', label: { ja: '自動電源オフ' }, type: 'boolean' },
  ],
};
