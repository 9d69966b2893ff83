import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_ROOT = dirname(fileURLToPath(import.meta.url));
/** Where the built terminals go; the market serves them from here (TOKUMEI_MARKET_WEB_DIR). */
export const WEB_DIST = resolve(WEB_ROOT, '../../dist/web');

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

/**
 * Builds the terminals with Vite when there is no build or a source is newer than it, so that
 * `npm start` and the browser tests always serve what the sources say. Returns the build folder.
 */
export async function ensureTerminalsBuilt(
  options: { force?: boolean; onBuild?: () => void } = {},
): Promise<string> {
  const index = join(WEB_DIST, 'index.html');
  const fresh = existsSync(index) && statSync(index).mtimeMs >= newestSource(WEB_ROOT);
  if (fresh && !options.force) return WEB_DIST;
  options.onBuild?.();
  // Loaded only when needed: the CLI's other commands should not pay for Vite.
  const { build } = await import('vite');
  // Vitest sets NODE_ENV=test, which would make Vite and the React plugin emit a development
  // bundle; what is served is always the production one.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return WEB_DIST;
}
