import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');
/** What each top-level folder may import from the others. */
const ALLOWED: Record<string, string[]> = {
  platform: ['platform'],
  protocol: ['protocol', 'platform'],
  market: ['market', 'protocol', 'platform'],
  settlement: ['settlement', 'protocol', 'platform'],
  delivery: ['delivery', 'protocol', 'platform'],
  // The terminals run in the browser: they talk to the services over HTTP only.
  web: ['web', 'protocol'],
};

/**
 * The terminals may name the market's API types (`import type`, erased from the bundle), so the
 * browser and the routes they call cannot drift apart; no market code reaches the browser.
 */
const TYPES_ALLOWED: Record<string, string[]> = { web: ['market'] };

/**
 * The terminals' browser tests drive every service, so web test code may reach any folder. A
 * service's own tests keep the rule: a test of a flow across services lives in test/system.
 */
const isWebTestCode = (file: string) =>
  file.startsWith('web/') && (/\.test\.tsx?$/.test(file) || file.includes('/testing/'));

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });

const IMPORT = /(?:import|export)\s(type\s)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every relative import, as [importing file, top-level folder it reaches]. */
function crossings(
  root: string,
): { file: string; from: string; to: string; specifier: string; typeOnly: boolean }[] {
  return files(root).flatMap((file) => {
    const from = relative(root, file).split('/')[0] as string;
    return [...readFileSync(file, 'utf8').matchAll(IMPORT)]
      .map((m) => ({ specifier: (m[2] ?? m[3]) as string, typeOnly: Boolean(m[1]) }))
      .filter(({ specifier }) => specifier.startsWith('.'))
      .map(({ specifier, typeOnly }) => {
        const target = relative(root, resolve(dirname(file), specifier));
        return { file: relative(root, file), from, to: target.split('/')[0] as string, specifier, typeOnly };
      });
  });
}

const violations = (root: string) =>
  crossings(root).filter(
    (c) =>
      c.from in ALLOWED &&
      c.to in ALLOWED &&
      !ALLOWED[c.from]?.includes(c.to) &&
      !(c.typeOnly && TYPES_ALLOWED[c.from]?.includes(c.to)) &&
      !isWebTestCode(c.file),
  );

describe('the layout is the architecture', () => {
  it('services never import one another; they share only protocol and platform', () => {
    expect(violations(SRC)).toEqual([]);
  });

  it('the check catches a service importing another, statically or dynamically', () => {
    const root = mkdtempSync(join(tmpdir(), 'tokumei-arch-'));
    for (const dir of ['market/orders', 'settlement', 'delivery', 'platform', 'web/buy'])
      mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'market/orders/a.ts'), "import { post } from '../../settlement/ledger';\n");
    writeFileSync(join(root, 'delivery/b.ts'), "const m = await import('../market/orders/a');\n");
    writeFileSync(join(root, 'platform/c.ts'), "export { x } from '../market/orders/a';\n");
    writeFileSync(join(root, 'web/buy/d.tsx'), "import { search } from '../../market/orders/a';\n");
    writeFileSync(join(root, 'web/buy/d.test.ts'), "import { m } from '../../market/orders/a';\n");
    writeFileSync(join(root, 'market/orders/g.test.ts'), "import { pay } from '../../settlement/pay';\n");
    writeFileSync(join(root, 'web/buy/e.ts'), "import type { Order } from '../../market/orders/a';\n");
    writeFileSync(join(root, 'web/buy/f.ts'), "export type { Order } from '../../market/orders/a';\n");
    expect(violations(root).map((v) => `${v.from}->${v.to}`)).toEqual([
      'delivery->market',
      'market->settlement',
      'market->settlement',
      'platform->market',
      'web->market',
    ]);
  });

  it('sees the imports it checks', () => {
    const found = crossings(SRC);
    expect(found.some((c) => c.from === 'market' && c.to === 'platform')).toBe(true);
    expect(found.some((c) => c.from === 'market' && c.to === 'protocol')).toBe(true);
  });
});
