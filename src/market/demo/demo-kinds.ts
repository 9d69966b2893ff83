import type { AttributeInput } from '../kinds/attribute-schema.ts';

/** The kinds of the seed's examples (personal computers, business suits) and one more. */
export const DEMO_KINDS: { id: string; name: string; description: string; attributes: AttributeInput[] }[] = [
  {
    id: 'personal-computer',
    name: 'Personal computer',
    description: 'Desktop and notebook computers',
    attributes: [
      {
        name: 'cpu_mhz',
        label: 'CPU speed',
        type: 'number',
        unit: 'MHz',
        min: 100,
        max: 10000,
        integer: true,
        required: true,
      },
      {
        name: 'disk_gb',
        label: 'Disk',
        type: 'number',
        unit: 'GB',
        min: 1,
        max: 100000,
        integer: true,
        required: true,
      },
      {
        name: 'ram_gb',
        label: 'Memory',
        type: 'number',
        unit: 'GB',
        min: 1,
        max: 4096,
        integer: true,
        required: true,
      },
      {
        name: 'screen_in',
        label: 'Screen',
        type: 'number',
        unit: 'in',
        min: 5,
        max: 50,
        integer: false,
        required: false,
      },
      {
        name: 'colour',
        label: 'Colour',
        type: 'enum',
        values: ['black', 'silver', 'white', 'grey', 'blue', 'red'],
        required: true,
      },
      { name: 'ssd', label: 'SSD', type: 'boolean', required: false },
      { name: 'maker', label: 'Maker', type: 'text', maxLength: 60, required: false },
    ],
  },
  {
    id: 'business-suit',
    name: 'Business suit',
    description: 'Two- and three-piece suits',
    attributes: [
      {
        name: 'chest_cm',
        label: 'Chest',
        type: 'number',
        unit: 'cm',
        min: 70,
        max: 150,
        integer: true,
        required: true,
      },
      {
        name: 'waist_cm',
        label: 'Waist',
        type: 'number',
        unit: 'cm',
        min: 60,
        max: 140,
        integer: true,
        required: true,
      },
      {
        name: 'colour',
        label: 'Colour',
        type: 'enum',
        values: ['navy', 'charcoal', 'black', 'grey', 'beige', 'brown'],
        required: true,
      },
      {
        name: 'fibre',
        label: 'Fibre',
        type: 'enum',
        values: ['wool', 'cotton', 'linen', 'polyester', 'wool_blend'],
        required: true,
      },
      { name: 'slim_fit', label: 'Slim fit', type: 'boolean', required: false },
      { name: 'maker', label: 'Maker', type: 'text', maxLength: 60, required: false },
    ],
  },
  {
    id: 'smartphone',
    name: 'Smartphone',
    description: 'Unlocked mobile phones',
    attributes: [
      {
        name: 'storage_gb',
        label: 'Storage',
        type: 'number',
        unit: 'GB',
        min: 1,
        max: 4096,
        integer: true,
        required: true,
      },
      {
        name: 'ram_gb',
        label: 'Memory',
        type: 'number',
        unit: 'GB',
        min: 1,
        max: 64,
        integer: true,
        required: true,
      },
      {
        name: 'screen_in',
        label: 'Screen',
        type: 'number',
        unit: 'in',
        min: 3,
        max: 10,
        integer: false,
        required: true,
      },
      {
        name: 'colour',
        label: 'Colour',
        type: 'enum',
        values: ['black', 'white', 'blue', 'green', 'pink', 'gold'],
        required: true,
      },
      { name: 'dual_sim', label: 'Dual SIM', type: 'boolean', required: false },
    ],
  },
];

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
