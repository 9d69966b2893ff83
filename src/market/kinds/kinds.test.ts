import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { startTestMarket, type TestMarket } from '../testing/market-harness.ts';
import { assignSlots, validateAttributes } from './attribute-schema.ts';

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
    expect(checked.error).toEqual(
      expect.arrayContaining([
        { attribute: 'fibre', message: 'is not an attribute of this kind' },
        { attribute: 'ram_gb', message: 'must be a whole number' },
        { attribute: 'colour', message: 'must be one of red, blue' },
        { attribute: 'ssd', message: 'must be true or false' },
      ]),
    );
    const missing = validateAttributes(defs.value, { ram_gb: 512 });
    expect(!missing.ok && missing.error).toEqual([
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
    expect(!result.ok && result.error).toMatch(/at most 8 number attributes/);
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
