import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/tokumei.js');

/** This process's environment without any Tokumei setting, plus the test's own. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(([name]) => !name.startsWith('TOKUMEI_'));
  return { ...Object.fromEntries(kept), ...env };
}

/** Ports from the operating system, so tests never collide. */
const PORTS = { TOKUMEI_MARKET_PORT: '0', TOKUMEI_DELIVERY_PORT: '0' };

/** Runs a `tokumei` command to its end; never rejects, so the exit code can be checked. */
function tokumei(args: string[], cwd: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(env) }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error.code as number) ?? 1) : 0, stdout, stderr });
    });
  });
}

interface Started {
  child: ChildProcess;
  /** Every line it wrote so far, stdout and stderr alike, as a person at its terminal sees them. */
  lines: string[];
  market: string;
  exit: Promise<number | null>;
}

/** `tokumei start` as a person runs it; resolves once it says it is running. */
function start(cwd: string): Promise<Started> {
  // A process group of its own, as in a terminal, where Ctrl+C reaches every process in it.
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd,
    env: cleanEnv(PORTS),
    stdio: 'pipe',
    detached: true,
  });
  const lines: string[] = [];
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        if (line.includes('Press Ctrl+C to stop')) {
          const market = lines.map((l) => /purchaser terminal\s+(\S+)\/buy/.exec(l)?.[1]).find(Boolean);
          resolve({ child, lines, market: market as string, exit });
        }
      });
    }
    void exit.then((code) => reject(new Error(`start exited (${code}):\n${lines.join('\n')}`)));
  });
}

describe('tokumei start, as a person runs it', () => {
  let folder: string;
  let first: Started;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tokumei-start-'));
    first = await start(folder);
  });
  afterAll(() => {
    first?.child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  });

  it('prints readable lines only, and says where the demo keys and the logs are', async () => {
    // A request the market logs: its line goes to the file, not to the terminal.
    expect((await fetch(`${first.market}/kinds`)).status).toBe(200);
    expect(first.lines.filter((line) => line.trimStart().startsWith('{'))).toEqual([]);
    const output = first.lines.join('\n');
    expect(output).toContain('data/logs/market.log');
    expect(output).toContain('data/market/demo-credentials.json');
    expect(output).toContain('data/delivery/demo-credentials.json');
    expect(output).toContain('data/settlement/demo-cards.json');
  });

  it('refuses a second start in the same folder with one line', async () => {
    const second = await tokumei(['start'], folder, PORTS);
    expect(second).toMatchObject({ code: 1, stdout: '' });
    expect(second.stderr).toBe(
      `Tokumei is already running in this folder (pid ${first.child.pid}); stop it first\n`,
    );
  });

  it('refuses a port in use with one line naming the variable', async () => {
    const other = mkdtempSync(join(tmpdir(), 'tokumei-start-'));
    try {
      const port = new URL(first.market).port;
      const run = await tokumei(['start'], other, { ...PORTS, TOKUMEI_MARKET_PORT: port });
      expect(run).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr).toBe(`port ${port} is in use — set TOKUMEI_MARKET_PORT\n`);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('finds the market of TOKUMEI_MARKET_PORT from the commands', async () => {
    const run = await tokumei(['kinds', 'list'], folder, { TOKUMEI_MARKET_PORT: new URL(first.market).port });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout).kinds.length).toBeGreaterThan(0);
  });

  it('stops cleanly on Ctrl+C, leaving its JSON logs in owner-only files', async () => {
    const before = first.lines.length;
    process.kill(-(first.child.pid as number), 'SIGINT');
    expect(await first.exit).toBe(0);
    expect(first.lines.slice(before)).toEqual(['', 'Stopping Tokumei …', 'Stopped.']);
    expect(existsSync(join(folder, 'data/market/market.pid'))).toBe(false);
    for (const service of ['market', 'settlement', 'delivery']) {
      const file = join(folder, 'data/logs', `${service}.log`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines.map((line) => JSON.parse(line).name)).toEqual(lines.map(() => service));
    }
    const market = readFileSync(join(folder, 'data/logs/market.log'), 'utf8');
    expect(market).toContain('"url":"/kinds"');
  });

  it('says in one line that the market cannot be reached once it is stopped', async () => {
    const port = new URL(first.market).port;
    const run = await tokumei(['kinds', 'list'], folder, { TOKUMEI_MARKET_PORT: port });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `cannot reach the market at http://127.0.0.1:${port} — is it running? (npm start)\n`,
    });
  });

  it('says where the demo keys are on a restart too', async () => {
    const again = await start(folder);
    try {
      const output = again.lines.join('\n');
      expect(output).not.toContain('Demo data loaded');
      expect(output).toContain('data/market/demo-credentials.json');
      expect(output).toContain('data/delivery/demo-credentials.json');
      expect(output).toContain('data/settlement/demo-cards.json');
    } finally {
      again.child.kill('SIGTERM');
      expect(await again.exit).toBe(0);
    }
  });
});
