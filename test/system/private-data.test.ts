import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MARKET_DELIVERY_KEY } from '../../src/platform/testing/link-key.ts';
import { startServiceProcess } from '../../src/platform/testing/service-process.ts';
import { WEB_DIST } from '../../src/web/build.ts';

/**
 * Issue #11: every service's data directory and everything in it is for its own account only,
 * even when the service is started under a umask that grants everyone everything. As root the
 * test reads as `nobody`; otherwise it can only look at the mode bits.
 */
const asRoot = process.getuid?.() === 0;
const NOBODY = ['--reuid=nobody', '--regid=nogroup', '--clear-groups'];

/**
 * The paths of `paths` that `nobody` can read (a file) or list (a directory): a shell running as
 * `nobody` opens each for reading itself, the open(2) that `cat` or `ls` would make, without
 * starting a process for each of the thousand-odd paths of a data directory. A failed
 * redirection of a regular built-in never ends the shell, and the closing line proves it went
 * through every path.
 */
function readableByNobody(paths: string[]): string[] {
  const script = 'for p in "$@"; do if true 2>/dev/null <"$p"; then echo "$p"; fi; done; echo "checked $#"';
  const out = execFileSync('setpriv', [...NOBODY, 'sh', '-c', script, 'sh', ...paths], { encoding: 'utf8' });
  const lines = out.split('\n').filter(Boolean);
  expect(lines.pop()).toBe(`checked ${paths.length}`);
  return lines;
}

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(entry.parentPath, entry.name);
    return entry.isDirectory() ? [path, ...walk(path)] : [path];
  });

const root = mkdtempSync(join(tmpdir(), 'tokumei-private-'));
// Open like a home directory usually is: the data directories' own protection is all there is.
chmodSync(root, 0o755);
const socket = join(root, 'link', 'settlement.sock');

const services = {
  settlement: { TOKUMEI_SETTLEMENT_DATA_DIR: join(root, 'settlement'), TOKUMEI_SETTLEMENT_SOCKET: socket },
  delivery: {
    TOKUMEI_DELIVERY_DATA_DIR: join(root, 'delivery'),
    TOKUMEI_DELIVERY_PORT: '0',
    TOKUMEI_DELIVERY_MARKET_KEY: TEST_MARKET_DELIVERY_KEY,
  },
  market: {
    TOKUMEI_MARKET_DATA_DIR: join(root, 'market'),
    TOKUMEI_MARKET_PORT: '0',
    TOKUMEI_MARKET_DELIVERY_KEY: TEST_MARKET_DELIVERY_KEY,
    TOKUMEI_MARKET_SETTLEMENT_SOCKET: socket,
    TOKUMEI_MARKET_WEB_DIR: WEB_DIST,
  },
} as const;

const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
  rmSync(root, { recursive: true, force: true });
});

describe.each(Object.keys(services) as (keyof typeof services)[])('%s under umask 000', (service) => {
  const dataDir = services[service][`TOKUMEI_${service.toUpperCase()}_DATA_DIR` as never] as string;
  let paths: string[];

  beforeAll(async () => {
    // Demo data on first start: its database, key, pid file and credentials are all written.
    const { child } = await startServiceProcess(service, {
      env: { ...services[service], TOKUMEI_LOG_LEVEL: 'warn' },
      umask: '000',
    });
    children.push(child);
    paths = [dataDir, ...walk(dataDir)];
    expect(paths.some((p) => p.includes('pgdata'))).toBe(true);
    expect(paths.some((p) => p.endsWith('.json'))).toBe(true);
  });

  it.runIf(asRoot)('nothing under its data directory can be read or listed by another account', () => {
    // The check itself works: nobody does read a file, and list a directory, that is open to it.
    const open = join(root, 'open-to-all');
    writeFileSync(open, 'x', { mode: 0o644 });
    expect(readableByNobody([open, root])).toEqual([open, root]);
    expect(readableByNobody(paths)).toEqual([]);
  });

  it(`every directory under its data directory is 0700 and every file of its own 0600${asRoot ? '' : ' (mode bits only: not root, so not read as another account)'}`, () => {
    const modes = paths.map((p) => ({ p, mode: statSync(p).mode }));
    // No directory lets another account in, so nothing below one can be reached ...
    const openDirectories = modes.filter(
      ({ mode }) => (mode & 0o170000) === 0o040000 && (mode & 0o077) !== 0,
    );
    expect(openDirectories.map(({ p }) => p)).toEqual([]);
    // ... and the files the service writes itself are owner-only too (PGlite sets its own files'
    // modes, whatever the umask, so its directory is what protects them).
    const ownFiles = modes.filter(({ p }) => !p.includes('/pgdata'));
    expect(ownFiles.filter(({ mode }) => (mode & 0o077) !== 0).map(({ p }) => p)).toEqual([]);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });
});

describe('an existing data directory open to others', () => {
  it.each(Object.keys(services) as (keyof typeof services)[])('is refused by %s with the fix', (service) => {
    const dataDir = join(root, `open-${service}`);
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const variable = `TOKUMEI_${service.toUpperCase()}_DATA_DIR`;
    const run = spawnSync(
      process.execPath,
      [join(import.meta.dirname, '../../bin/tokumei.js'), 'serve', service],
      {
        env: { ...process.env, ...services[service], [variable]: dataDir },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      `${dataDir} must be a directory that only this account can enter: it is open to other accounts (fix: chmod -R go= ${dataDir})`,
    );
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
