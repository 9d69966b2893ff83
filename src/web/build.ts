import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

export const WEB_ROOT = dirname(fileURLToPath(import.meta.url));
/** Where the built terminals go; the market serves them from here (TOKUMEI_MARKET_WEB_DIR). */
export const WEB_DIST = resolve(WEB_ROOT, '../../dist/web');
/** How many modules the last build read: the next build's progress is measured against it. */
const LAST_BUILD = resolve(WEB_DIST, '../web-build.json');

/** What a build is doing, as Vite (Rolldown) reports it. */
export type BuildProgress =
  | { step: 'start'; expectedModules?: number }
  | { step: 'modules'; modules: number }
  | { step: 'bundle'; modules: number }
  | { step: 'done'; modules: number; ms: number };

/** The newest modification time among the sources the browser bundle is built from. */
function newestSource(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'testing' ? 0 : newestSource(path);
      return entry.name.endsWith('.test.ts') ? 0 : statSync(path).mtimeMs;
    }),
  );
}

function lastBuildModules(): number | undefined {
  try {
    return (JSON.parse(readFileSync(LAST_BUILD, 'utf8')) as { modules?: number }).modules;
  } catch {
    return undefined;
  }
}

/** Counts the modules Rolldown parses, then says when it bundles them. */
function progressPlugin(report: (progress: BuildProgress) => void, counted: { modules: number }): Plugin {
  return {
    name: 'tokumei:progress',
    moduleParsed() {
      counted.modules += 1;
      report({ step: 'modules', modules: counted.modules });
    },
    renderStart() {
      report({ step: 'bundle', modules: counted.modules });
    },
  };
}

/**
 * Builds the terminals with Vite when there is no build or a source is newer than it, so that
 * `npm start` and the browser tests always serve what the sources say. Returns the build folder.
 */
export async function ensureTerminalsBuilt(
  options: { force?: boolean; onProgress?: (progress: BuildProgress) => void } = {},
): Promise<string> {
  const index = join(WEB_DIST, 'index.html');
  const fresh = existsSync(index) && statSync(index).mtimeMs >= newestSource(WEB_ROOT);
  if (fresh && !options.force) return WEB_DIST;
  const began = performance.now();
  const report = options.onProgress ?? (() => {});
  report({ step: 'start', expectedModules: lastBuildModules() });
  // Loaded only when needed: the CLI's other commands should not pay for Vite.
  const { build } = await import('vite');
  // Vitest sets NODE_ENV=test, which would make Vite and the React plugin emit a development
  // bundle; what is served is always the production one.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const counted = { modules: 0 };
  try {
    await build({
      configFile: join(WEB_ROOT, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      plugins: [progressPlugin(report, counted)],
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  writeFileSync(LAST_BUILD, `${JSON.stringify({ modules: counted.modules })}\n`);
  report({ step: 'done', modules: counted.modules, ms: performance.now() - began });
  return WEB_DIST;
}
