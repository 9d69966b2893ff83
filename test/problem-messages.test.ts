import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import {
  message as deliveryMessage,
  problem as deliveryProblem,
} from '../src/delivery/problems/catalogue.ts';
import { message as marketMessage, problem as marketProblem } from '../src/market/problems/catalogue.ts';
import { registeredCatalogues, untranslated, wordMessage } from '../src/platform/http/messages.ts';
import { inLanguage, problem as platformProblem } from '../src/platform/http/problem.ts';
import { argumentsOf } from '../src/platform/testing/icu-messages.ts';
import { problem as settlementProblem } from '../src/settlement/problems/catalogue.ts';

const SRC = resolve(import.meta.dirname, '../src');

/** Each service's problems come from its own catalogue; platform's from the shared one. */
const CATALOGUE_OF_FOLDER: Record<string, string> = {
  platform: 'platform',
  market: 'market',
  settlement: 'settlement',
  delivery: 'delivery',
};

/** What a message says besides its arguments: a Japanese one must say something in Japanese. */
const literalText = (elements: MessageFormatElement[]): string =>
  elements
    .map((e) =>
      e.type === TYPE.literal
        ? e.value
        : e.type === TYPE.plural || e.type === TYPE.select
          ? Object.values(e.options)
              .map((o) => literalText(o.value))
              .join('')
          : '',
    )
    .join('');

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });

/** Every `problem(status, code…` call in the services' code: the file, the code as written, and the call. */
function problemCalls() {
  return sourceFiles(SRC).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/\bproblem\(\s*([^,]+),\s*([^,)]+)\s*(?:,|\))/g)].map((m) => {
      const rest = text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 160);
      return {
        file: relative(SRC, file),
        code: (m[2] as string).trim(),
        namesTitle: /^\s*\{?\s*title:/.test(rest),
      };
    });
  });
}

describe('the problem catalogues', () => {
  const catalogues = [...registeredCatalogues()];

  it('are registered for the platform and every service', () => {
    expect(catalogues.map(([name]) => name).sort()).toEqual(['delivery', 'market', 'platform', 'settlement']);
  });

  for (const [name, { en, ja }] of catalogues) {
    it(`${name}: every message in both languages, with the same arguments, in ICU MessageFormat`, () => {
      expect(Object.keys(ja).sort(), 'the same IDs').toEqual(Object.keys(en).sort());
      for (const [id, english] of Object.entries(en)) {
        const japanese = ja[id] as string;
        const [enElements, jaElements] = [english, japanese].map((m) => parse(m, { ignoreTag: true }));
        expect(argumentsOf(jaElements as MessageFormatElement[]), id).toEqual(
          argumentsOf(enElements as MessageFormatElement[]),
        );
        const said = literalText(jaElements as MessageFormatElement[]);
        // Messages that are only their arguments ('{method} {url}') have nothing to translate.
        if (/[A-Za-z]{2}/.test(literalText(enElements as MessageFormatElement[])))
          expect(said, `${id} in Japanese`).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      }
    });
  }

  it('have a message for the code of every problem the services answer', () => {
    const calls = problemCalls().filter((c) => c.file !== 'platform/http/problem.ts');
    // A regression guard for the listing itself: the services answer well over 50 problems.
    expect(calls.length).toBeGreaterThan(50);
    const missing = calls.filter((call) => {
      const literal = /^'([a-z_]+)'$/.exec(call.code)?.[1];
      // A computed code (a refusal's, a decline's) is checked by the compiler against the catalogue.
      if (!literal || call.namesTitle) return false;
      const catalogue = registeredCatalogues().get(
        CATALOGUE_OF_FOLDER[call.file.split('/')[0] as string] as string,
      );
      return !catalogue || !(literal in catalogue.en);
    });
    expect(missing).toEqual([]);
  });

  it('word titles and details with plurals and arguments in each language, English as it always was', () => {
    const wrong = (attemptsLeft: number) =>
      deliveryProblem(422, 'wrong_code', {
        detail: deliveryMessage('wrong_code.detail', { attemptsLeft }),
        attemptsLeft,
      });
    expect(wrong(1).detail).toBe('1 more wrong code locks this order for a while.');
    expect(wrong(2).detail).toBe('2 more wrong codes lock this order for a while.');
    expect(inLanguage(wrong(2), 'ja').body.detail).toBe(
      'あと2回間違えると、この注文はしばらくロックされます。',
    );

    const tooLong = marketProblem(422, 'range_too_long', {
      title: marketMessage('range_too_long', { maxPeriods: 60 }),
    });
    expect(tooLong.title).toBe('The range covers more than 60 periods');
    expect(inLanguage(tooLong, 'ja')).toMatchObject({
      language: 'ja',
      body: { title: '範囲が60期間を超えています', code: 'range_too_long', status: 422 },
    });

    // A message may be an argument of another, worded in the same language.
    const state = (s: string) => deliveryMessage('parcel_state', { state: s });
    expect(wordMessage(deliveryMessage('wrong_state', { state: state('in_transit') }), 'en')).toBe(
      'This parcel is on its way with the carrier',
    );
    expect(wordMessage(deliveryMessage('not_ready.detail', { state: state('in_transit') }), 'ja')).toBe(
      'この荷物は配送業者が輸送中です。',
    );
    // Text without a translation stays as it was given.
    expect(wordMessage(untranslated('line 3: quote not closed'), 'ja')).toBe('line 3: quote not closed');
  });

  it('refuse, at compile time, a message that does not exist or lacks an argument', () => {
    // Each line below must fail to compile (tsc reports an unused @ts-expect-error otherwise);
    // they are never run.
    const checks = () => [
      // @ts-expect-error: no such message
      marketProblem(404, 'no_such_code'),
      // @ts-expect-error: the title of `range_too_long` takes `maxPeriods`
      marketProblem(422, 'range_too_long'),
      // @ts-expect-error: `attemptsLeft` is missing
      deliveryMessage('wrong_code.detail', {}),
      // @ts-expect-error: a plural's argument is a number
      deliveryMessage('wrong_code.detail', { attemptsLeft: 'two' }),
      // @ts-expect-error: a message without arguments takes none
      settlementProblem(404, 'payment_not_found', { detail: deliveryMessage('returned.detail', {}) }),
      // @ts-expect-error: a detail is a message, not English text
      platformProblem(400, 'bad_request', { detail: 'Some English' }),
    ];
    expect(typeof checks).toBe('function');
  });
});
