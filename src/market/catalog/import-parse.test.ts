import { describe, expect, it } from 'vitest';
import { type ImportEntry, MAX_IMPORT_DEPTH, parseImport } from './import-parse.ts';

const HEADER = 'kind,model,name,price,currency,stock,colour';
const problems = (entries: ImportEntry[]) =>
  entries.flatMap((e) => (e.ok ? [] : [{ line: e.line, reason: e.reason }]));

describe('import file parsing', () => {
  it('reads CSV cells as text, an empty cell as an absent attribute', () => {
    const parsed = parseImport(`\uFEFF${HEADER},ram_gb\nsmartphone,P-1,Phone,1000,JPY,2,,8\n`, 'csv');
    expect(parsed).toEqual({
      ok: true,
      value: [
        {
          line: 2,
          ok: true,
          fromText: true,
          row: {
            kind: 'smartphone',
            model: 'P-1',
            name: 'Phone',
            attributes: { ram_gb: '8' },
            price: 1000,
            currency: 'JPY',
            stock: 2,
          },
        },
      ],
    });
  });

  it('counts physical CSV lines across quoted line breaks, CRLF and blank lines', () => {
    const csv = [
      HEADER,
      'k,"M\r\n1",n,1,JPY,1,',
      '',
      'k,M2,n,1,JPY,1.5,',
      ',,,,,,',
      'k,M3,"two\nlines",x,JPY,1,',
      'k,M4,n,1,JPY,1',
    ].join('\r\n');
    const parsed = parseImport(csv, 'csv');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.map((e) => e.line)).toEqual([2, 5, 7, 9]);
    expect(problems(parsed.value)).toEqual([
      { line: 5, reason: 'stock must be a whole number' },
      { line: 7, reason: 'price must be a number' },
      { line: 9, reason: 'has 6 cells, the header has 7' },
    ]);
  });

  it('names every field that is missing or wrong', () => {
    const parsed = parseImport(`${HEADER}\nk,,n,,jpy,-1,\n`, 'csv');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(problems(parsed.value)).toEqual([
      {
        line: 2,
        reason:
          'model is required; price is required; currency must be an ISO 4217 code such as JPY; stock must be at least 0',
      },
    ]);
  });

  it('reads NDJSON line by line, a bad line being only a bad row', () => {
    const offer = { kind: 'k', model: 'm', name: 'n', price: 1, currency: 'JPY', stock: 1 };
    const text = `${JSON.stringify(offer)}\n\n{"kind":\n${JSON.stringify({ ...offer, model: 'a\u0000b' })}\n`;
    const parsed = parseImport(text, 'ndjson');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value[0]).toMatchObject({ line: 1, ok: true, fromText: false });
    expect(problems(parsed.value)).toEqual([
      { line: 3, reason: expect.stringMatching(/^is not valid JSON/) },
      { line: 4, reason: 'contains a NUL character' },
    ]);
  });

  it('refuses a file that cannot be read at all', () => {
    expect(parseImport('', 'csv')).toMatchObject({ ok: false, error: expect.stringMatching(/empty/) });
    expect(parseImport('kind,kind,model,name,price,currency,stock\n', 'csv')).toMatchObject({
      ok: false,
      error: 'line 1: the column kind appears twice',
    });
    expect(parseImport('[\n{"a": 1,,}]', 'json')).toMatchObject({
      ok: false,
      error: 'line 2: invalid JSON (PropertyNameExpected)',
    });
  });

  it('bounds nesting: a deep JSON file is refused whole, a deep NDJSON line is a row error', () => {
    const offer = '{"kind":"k","model":"M","name":"n","price":1,"currency":"JPY","stock":1}';
    const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    expect(parseImport(`[\n${offer},\n{"attributes":${deep(20_000)}}]`, 'json')).toEqual({
      ok: false,
      error: `line 3: the file nests deeper than ${MAX_IMPORT_DEPTH} levels`,
    });
    // Brackets inside strings are text, not nesting.
    expect(parseImport(`[{"model":"${'['.repeat(100)}"}]`, 'json').ok).toBe(true);
    const parsed = parseImport(`${offer}\n{"attributes":${deep(20_000)}}\n`, 'ndjson');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value[0]).toMatchObject({ line: 1, ok: true });
    expect(problems(parsed.value)).toEqual([
      { line: 2, reason: `nests deeper than ${MAX_IMPORT_DEPTH} levels` },
    ]);
  });
});
