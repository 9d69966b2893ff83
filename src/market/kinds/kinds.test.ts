import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wordMessage } from '../../platform/http/messages.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { offers } from '../db/schema.ts';
import { KETTLE_KIND } from '../testing/kettle-kind.ts';
import { pcOffer, registerTestSeller, startTestMarket, type TestMarket } from '../testing/market-harness.ts';
import { type AttributeError, assignSlots, validateAttributes } from './attribute-schema.ts';
import { KindCache } from './kind-cache.ts';

const laptop = {
  id: 'laptop',
  name: 'Laptop',
  attributes: [
    {
      name: 'cpu_mhz',
      label: 'CPU',
      type: 'number',
      unit: 'MHz',
      min: 100,
      max: 9000,
      integer: true,
      required: true,
    },
    { name: 'colour', label: 'Colour', type: 'enum', values: ['black', 'silver'], required: true },
    { name: 'ssd', label: 'SSD', type: 'boolean' },
    { name: 'maker', label: 'Maker', type: 'text' },
  ],
};

/** Each attribute's reason in English, as a seller's answer's `errors` give it. */
const inEnglish = (errors: AttributeError[]) =>
  errors.map(({ attribute, reason }) => ({ attribute, message: wordMessage(reason, 'en') }));

describe('attribute schemas', () => {
  const defs = assignSlots(
    [],
    [
      {
        name: 'ram_gb',
        label: 'RAM',
        type: 'number',
        unit: 'GB',
        min: 1,
        max: 256,
        integer: true,
        required: true,
      },
      { name: 'colour', label: 'Colour', type: 'enum', values: ['red', 'blue'], required: false },
      { name: 'ssd', label: 'SSD', type: 'boolean', required: false },
    ],
  );

  it('keeps each text by language, a plain string being the English one', () => {
    expect(defs.ok && defs.value.map((d) => d.labels)).toEqual([
      { en: 'RAM' },
      { en: 'Colour' },
      { en: 'SSD' },
    ]);
    expect(defs.ok && defs.value[0]).toMatchObject({ units: { en: 'GB' } });
    expect(defs.ok && defs.value[1]).toMatchObject({ valueLabels: {} });
  });

  it('assigns one typed slot per attribute', () => {
    expect(defs.ok && defs.value.map((d) => d.slot)).toEqual(['n1', 'e1', 'b1']);
  });

  it('names every attribute that does not fit', () => {
    if (!defs.ok) throw new Error('schema');
    const checked = validateAttributes(defs.value, {
      ram_gb: 1.5,
      colour: 'green',
      ssd: 'yes',
      fibre: 'wool',
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(inEnglish(checked.error)).toEqual(
      expect.arrayContaining([
        { attribute: 'fibre', message: 'is not an attribute of this kind' },
        { attribute: 'ram_gb', message: 'must be a whole number' },
        { attribute: 'colour', message: 'must be one of red, blue' },
        { attribute: 'ssd', message: 'must be true or false' },
      ]),
    );
    const missing = validateAttributes(defs.value, { ram_gb: 512 });
    expect(!missing.ok && inEnglish(missing.error)).toEqual([
      { attribute: 'ram_gb', message: 'must be at most 256 GB' },
    ]);
  });

  it('reads CSV text as typed values', () => {
    if (!defs.ok) throw new Error('schema');
    expect(
      validateAttributes(defs.value, { ram_gb: '16', colour: 'red', ssd: 'yes' }, { fromText: true }),
    ).toEqual({
      ok: true,
      value: { ram_gb: 16, colour: 'red', ssd: true },
    });
  });

  it('refuses more attributes of a type than there are slots', () => {
    const many = Array.from({ length: 9 }, (_, i) => ({
      name: `n${i}x`,
      label: 'x',
      type: 'number' as const,
      integer: false,
      required: false,
    }));
    const result = assignSlots([], many);
    expect(!result.ok && wordMessage(result.error, 'en')).toMatch(/at most 8 number attributes/);
  });
});

describeEachDatabase('operator kinds API', (dbKind) => {
  let m: TestMarket;
  beforeAll(async () => {
    m = await startTestMarket(dbKind, { kinds: false });
  });
  afterAll(() => m.close());

  it('requires the operator key', async () => {
    expect((await m.call('POST', '/operator/kinds', { body: laptop })).status).toBe(401);
    expect((await m.call('POST', '/operator/kinds', { body: laptop, token: 'tk_op_nope' })).status).toBe(401);
  });

  it('creates a kind and lists it publicly', async () => {
    const created = await m.call('POST', '/operator/kinds', { body: laptop, token: m.operatorKey });
    expect(created.status).toBe(201);
    expect(created.body.attributes.map((a: { slot: string }) => a.slot)).toEqual(['n1', 'e1', 'b1', 't1']);
    const again = await m.call('POST', '/operator/kinds', { body: laptop, token: m.operatorKey });
    expect(again.status).toBe(409);
    const listed = await m.call('GET', '/kinds');
    expect(listed.body.kinds.map((k: { id: string }) => k.id)).toContain('laptop');
  });

  it('refuses a malformed schema with the offending field named', async () => {
    const res = await m.call('POST', '/operator/kinds', {
      token: m.operatorKey,
      body: { ...laptop, id: 'bad', attributes: [{ name: 'Price', label: 'x', type: 'number' }] },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.detail).toContain('attributes.0.name');
  });

  it('extends a kind with optional attributes and enum values only', async () => {
    const byRam = { kind: 'laptop', conditions: [{ attribute: 'ram_gb', op: '>=', value: 8 }] };
    // The kind is now cached by the market; the extension must reach retrieval all the same.
    expect((await m.call('POST', '/searches', { body: byRam })).body.code).toBe('invalid_conditions');
    const extended = await m.call('PATCH', '/operator/kinds/laptop', {
      token: m.operatorKey,
      body: {
        attributes: [{ name: 'ram_gb', label: 'RAM', type: 'number', unit: 'GB' }],
        enumValues: { colour: ['white'] },
      },
    });
    expect(extended.status).toBe(200);
    const colour = extended.body.attributes.find((a: { name: string }) => a.name === 'colour');
    expect(colour.values).toEqual(['black', 'silver', 'white']);
    expect(extended.body.attributes.at(-1)).toMatchObject({ name: 'ram_gb', slot: 'n2' });
    // The cache hears of the change by a database notification, which may come a moment later.
    await expect
      .poll(() => m.call('POST', '/searches', { body: byRam }))
      .toMatchObject({ status: 200, body: { matched: false } });

    const required = await m.call('PATCH', '/operator/kinds/laptop', {
      token: m.operatorKey,
      body: { attributes: [{ name: 'gpu', label: 'GPU', type: 'text', required: true }] },
    });
    expect(required.status).toBe(400);
    expect(required.body.detail).toMatch(/gpu: an added attribute cannot be required/);
    expect(
      (await m.call('PATCH', '/operator/kinds/nothing', { token: m.operatorKey, body: {} })).status,
    ).toBe(404);
  });
});

describeEachDatabase('kinds’ texts in Japanese and English', (dbKind) => {
  let m: TestMarket;
  beforeAll(async () => {
    m = await startTestMarket(dbKind);
  });
  afterAll(() => m.close());

  const create = (body: unknown) => m.call('POST', '/operator/kinds', { body, token: m.operatorKey });
  const patch = (kindId: string, body: unknown) =>
    m.call('PATCH', `/operator/kinds/${kindId}`, { body, token: m.operatorKey });
  const attribute = (kind: { attributes: Record<string, unknown>[] }, name: string) =>
    kind.attributes.find((a) => a.name === name);

  it('stores both languages and answers them, with the English (else Japanese) text as the one text', async () => {
    const created = await create(KETTLE_KIND);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    for (const kind of [created.body, (await m.call('GET', '/kinds/kettle')).body]) {
      expect(kind).toMatchObject({
        name: 'Electric kettle',
        names: { ja: '電気ケトル', en: 'Electric kettle' },
      });
      // English only: the one text is the English.
      expect(attribute(kind, 'capacity_l')).toEqual({
        name: 'capacity_l',
        label: 'Capacity',
        labels: { en: 'Capacity' },
        type: 'number',
        unit: 'L',
        units: { ja: 'リットル', en: 'L' },
        min: 0.1,
        max: 5,
        integer: false,
        required: false,
        slot: 'n1',
      });
      expect(attribute(kind, 'colour')).toMatchObject({
        values: ['white', 'copper', 'steel'],
        valueLabels: { white: { ja: 'ホワイト', en: 'White' }, copper: { ja: 'カッパー' } },
      });
      // Japanese only: the one text falls back to it.
      expect(attribute(kind, 'auto_off')).toMatchObject({
        label: '自動電源オフ',
        labels: { ja: '自動電源オフ' },
      });
    }
    const listed = await m.call('GET', '/kinds');
    expect(listed.body.kinds.find((k: { id: string }) => k.id === 'kettle').names.ja).toBe('電気ケトル');
  });

  it('still takes plain strings, as the English texts', async () => {
    const created = await create({
      id: 'plain',
      name: '  Plain kind ',
      attributes: [
        { name: 'size', label: 'Size', type: 'number', unit: 'cm' },
        { name: 'tone', label: 'Tone', type: 'enum', values: ['warm', 'cool'] },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: 'Plain kind', names: { en: 'Plain kind' } });
    expect(created.body.attributes).toMatchObject([
      { label: 'Size', labels: { en: 'Size' }, unit: 'cm', units: { en: 'cm' } },
      { label: 'Tone', labels: { en: 'Tone' }, values: ['warm', 'cool'], valueLabels: {} },
    ]);
  });

  it('changes texts language by language, keeping the other, without touching offers', async () => {
    const seller = await registerTestSeller(m);
    const offered = await m.call('POST', '/seller/offers', {
      token: seller.apiKey,
      body: pcOffer('LBL-1', {}, { colour: 'silver' }),
    });
    expect(offered.status).toBe(201);
    const offersBefore = await m.market.ctx.db.select().from(offers);
    const before = (await m.call('GET', '/kinds/personal-computer')).body;

    const changed = await patch('personal-computer', {
      name: { ja: 'パソコン・PC' },
      attributeLabels: {
        cpu_mhz: { label: 'Processor speed', unit: { ja: 'メガヘルツ' } },
        screen_in: { unit: null },
        colour: { label: { ja: null }, valueLabels: { silver: { ja: '銀' }, black: null } },
      },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.names).toEqual({ ja: 'パソコン・PC', en: 'Personal computer' });
    expect(attribute(changed.body, 'cpu_mhz')).toMatchObject({
      label: 'Processor speed',
      labels: { ja: 'CPU クロック', en: 'Processor speed' },
      unit: 'MHz',
      units: { ja: 'メガヘルツ', en: 'MHz' },
    });
    expect(attribute(changed.body, 'screen_in')).not.toHaveProperty('units');
    expect(attribute(changed.body, 'screen_in')).not.toHaveProperty('unit');
    expect(attribute(changed.body, 'colour')).toMatchObject({ labels: { en: 'Colour' } });
    expect(attribute(changed.body, 'colour')?.valueLabels).toEqual({
      silver: { ja: '銀', en: 'Silver' },
      white: { ja: 'ホワイト', en: 'White' },
      grey: { ja: 'グレー', en: 'Grey' },
      blue: { ja: 'ブルー', en: 'Blue' },
      red: { ja: 'レッド', en: 'Red' },
    });
    // Identifiers, order, slots and rules stay; offers are not written.
    const shape = (kind: { attributes: Record<string, unknown>[] }) =>
      kind.attributes.map(({ name, type, slot, values, min, max, required }) => ({
        name,
        type,
        slot,
        values,
        min,
        max,
        required,
      }));
    expect(shape(changed.body)).toEqual(shape(before));
    expect(await m.market.ctx.db.select().from(offers)).toEqual(offersBefore);
    const found = await m.call('POST', '/searches', {
      body: { kind: 'personal-computer', conditions: [{ attribute: 'colour', op: '=', value: 'silver' }] },
    });
    expect(found.body.items.map((i: { model: string }) => i.model)).toContain('LBL-1');
  });

  it('keeps a description by language, answering the English (else Japanese) one as `description`', async () => {
    const both = await create({
      id: 'teapot',
      name: { ja: '急須', en: 'Teapot' },
      description: { ja: '常滑焼・萬古焼などの急須', en: 'Japanese teapots, Tokoname and Banko ware' },
      attributes: [],
    });
    expect(both.status, JSON.stringify(both.body)).toBe(201);
    for (const kind of [both.body, (await m.call('GET', '/kinds/teapot')).body]) {
      expect(kind).toMatchObject({
        description: 'Japanese teapots, Tokoname and Banko ware',
        descriptions: { ja: '常滑焼・萬古焼などの急須', en: 'Japanese teapots, Tokoname and Banko ware' },
      });
    }
    // A plain string is the English text; none is an empty text, as before.
    const plain = await create({
      id: 'tray',
      name: 'Tray',
      description: ' Lacquered trays ',
      attributes: [],
    });
    expect(plain.body).toMatchObject({
      description: 'Lacquered trays',
      descriptions: { en: 'Lacquered trays' },
    });
    for (const id of ['bare', 'empty']) {
      const none = await create({
        id,
        name: 'Bare',
        ...(id === 'empty' && { description: '' }),
        attributes: [],
      });
      expect(none.status, JSON.stringify(none.body)).toBe(201);
      expect(none.body).toMatchObject({ description: '', descriptions: {} });
    }

    // Changed language by language; the one text falls back to the Japanese one.
    const jaOnly = await patch('teapot', { description: { en: null } });
    expect(jaOnly.body).toMatchObject({
      description: '常滑焼・萬古焼などの急須',
      descriptions: { ja: '常滑焼・萬古焼などの急須' },
    });
    const english = await patch('teapot', { description: 'Teapots' });
    expect(english.body.descriptions).toEqual({ ja: '常滑焼・萬古焼などの急須', en: 'Teapots' });
    // An empty text removes its language, as an empty string emptied the description before.
    expect((await patch('teapot', { description: { ja: '' } })).body.descriptions).toEqual({ en: 'Teapots' });
    expect((await patch('teapot', { description: '' })).body).toMatchObject({
      description: '',
      descriptions: {},
    });
    expect((await m.call('GET', '/kinds/teapot')).body.descriptions).toEqual({});
    const listed = await m.call('GET', '/kinds');
    expect(listed.body.kinds.find((k: { id: string }) => k.id === 'personal-computer')).toMatchObject({
      description: 'Desktop and notebook computers',
      descriptions: { ja: 'デスクトップパソコン・ノートパソコン', en: 'Desktop and notebook computers' },
    });
  });

  it('labels values added in the same change', async () => {
    const changed = await patch('kettle', {
      enumValues: { colour: ['black'] },
      attributeLabels: { colour: { valueLabels: { black: { ja: 'ブラック', en: 'Black' } } } },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(attribute(changed.body, 'colour')).toMatchObject({
      values: ['white', 'copper', 'steel', 'black'],
      valueLabels: { black: { ja: 'ブラック', en: 'Black' } },
    });
  });

  it('shows a change through the kind cache: at once in this process, by notification in another', async () => {
    const other = new KindCache();
    await other.start(m.testDb.database);
    try {
      // Both caches hold the kettle as it is now.
      expect((await m.call('GET', '/kinds/kettle')).body.names.en).toBe('Electric kettle');
      expect((await other.get(m.market.ctx.db, 'kettle'))?.names.en).toBe('Electric kettle');
      expect((await patch('kettle', { name: 'Kettle' })).status).toBe(200);
      expect((await m.call('GET', '/kinds/kettle')).body).toMatchObject({
        name: 'Kettle',
        names: { ja: '電気ケトル', en: 'Kettle' },
      });
      await expect.poll(async () => (await other.get(m.market.ctx.db, 'kettle'))?.names.en).toBe('Kettle');
    } finally {
      await other.stop();
    }
  });

  describe('refuses bad texts with a problem naming the field', () => {
    const refused = async (
      res: Promise<{ status: number; body: { code: string; detail?: string } }>,
      code: string,
      detail: RegExp,
    ) => {
      const answer = await res;
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
      expect(answer.body.code).toBe(code);
      expect(answer.body.detail).toMatch(detail);
    };
    const withColour = (colour: Record<string, unknown>) => ({
      ...KETTLE_KIND,
      id: 'bad',
      attributes: [{ name: 'colour', label: 'Colour', type: 'enum', values: ['red'], ...colour }],
    });

    it('empty, blank or missing in both languages', async () => {
      await refused(create({ ...KETTLE_KIND, id: 'bad', name: '' }), 'invalid_request', /name: Too small/);
      await refused(
        create({ ...KETTLE_KIND, id: 'bad', name: { ja: '   ' } }),
        'invalid_request',
        /name\.ja: Too small/,
      );
      await refused(
        create({ ...KETTLE_KIND, id: 'bad', name: {} }),
        'invalid_request',
        /name: give the text in Japanese \(ja\), English \(en\) or both/,
      );
      await refused(create(withColour({ label: { en: '' } })), 'invalid_request', /attributes\.0\.label\.en/);
      await refused(
        patch('kettle', { attributeLabels: { colour: { label: { ja: null, en: null } } } }),
        'invalid_kind',
        /attribute colour: its label needs a Japanese or English text/,
      );
      await refused(patch('kettle', { name: { ja: null, en: null } }), 'invalid_kind', /name needs/);
    });

    it('too long, or in a language it does not know', async () => {
      await refused(
        create(withColour({ label: { ja: 'あ'.repeat(81) } })),
        'invalid_request',
        /attributes\.0\.label\.ja: Too big/,
      );
      await refused(
        create({
          ...KETTLE_KIND,
          id: 'bad',
          attributes: [{ name: 'w', label: 'W', type: 'number', unit: 'x'.repeat(21) }],
        }),
        'invalid_request',
        /attributes\.0\.unit: Too big/,
      );
      await refused(
        create({ ...KETTLE_KIND, id: 'bad', description: { ja: 'あ'.repeat(501) } }),
        'invalid_request',
        /description\.ja: Too big/,
      );
      await refused(
        patch('kettle', { description: { de: 'Wasserkocher' } }),
        'invalid_request',
        /description: Unrecognized key/,
      );
      await refused(
        create({ ...KETTLE_KIND, id: 'bad', name: { fr: 'Bouilloire' } }),
        'invalid_request',
        /name: Unrecognized key/,
      );
    });

    it('labels for values or attributes that do not exist, or do not fit', async () => {
      await refused(
        create(withColour({ valueLabels: { purple: 'Purple' } })),
        'invalid_kind',
        /attribute colour: purple is labelled but is not one of its values/,
      );
      await refused(
        patch('kettle', { attributeLabels: { colour: { valueLabels: { purple: { ja: '紫' } } } } }),
        'invalid_kind',
        /attribute colour: purple is labelled but is not one of its values/,
      );
      await refused(
        patch('kettle', { attributeLabels: { spout: { label: 'Spout' } } }),
        'invalid_kind',
        /attribute spout is not an attribute of kettle/,
      );
      await refused(
        patch('kettle', { attributeLabels: { colour: { unit: 'cm' } } }),
        'invalid_kind',
        /only a number attribute has a unit/,
      );
      await refused(
        patch('kettle', { attributeLabels: { capacity_l: { valueLabels: { one: 'One' } } } }),
        'invalid_kind',
        /only an enum attribute has value labels/,
      );
      // Nothing of a refused change is kept.
      expect(attribute((await m.call('GET', '/kinds/kettle')).body, 'colour')).toMatchObject({
        labels: { ja: 'カラー', en: 'Colour' },
      });
    });
  });
});
