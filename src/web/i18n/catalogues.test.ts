import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { argumentsOf } from '../../platform/testing/icu-messages.ts';

const ROOT = join(import.meta.dirname, 'catalogues');
const read = (language: string, area: string): Record<string, string> =>
  JSON.parse(readFileSync(join(ROOT, language, area), 'utf8'));

describe('the message catalogues', () => {
  const areas = readdirSync(join(ROOT, 'en'));

  it('have the same files in both languages', () => {
    expect(readdirSync(join(ROOT, 'ja')).sort()).toEqual([...areas].sort());
  });

  for (const area of areas) {
    it(`${area}: every message in both languages, with the same arguments, in ICU MessageFormat`, () => {
      const en = read('en', area);
      const ja = read('ja', area);
      expect(Object.keys(ja).sort(), 'the same IDs').toEqual(Object.keys(en).sort());
      const prefix = `${area.replace(/\.json$/, '')}.`;
      for (const [id, english] of Object.entries(en)) {
        expect(id.startsWith(prefix), `${id} belongs in ${area}`).toBe(true);
        const japanese = ja[id] as string;
        expect(japanese.trim(), `${id} in Japanese`).not.toBe('');
        expect(argumentsOf(parse(japanese)), id).toEqual(argumentsOf(parse(english)));
      }
    });
  }
});
