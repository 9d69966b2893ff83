import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const LOG = join(import.meta.dirname, 'log.ts');

/** Logs two lines from a process of its own, as a service does, with the given environment. */
function logFromProcess(env: Record<string, string>) {
  const script = `import { createLogger } from ${JSON.stringify(LOG)};
    const log = createLogger('demo');
    log.info({ req: { url: '/kinds' } }, 'request completed');
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.9.8.7:5432'), { code: 'ECONNREFUSED' });
    log.warn({ err: refused }, 'settlement unavailable for a payment');`;
  return new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { env: { ...process.env, TOKUMEI_LOG_LEVEL: 'info', TOKUMEI_LOG_FILE: '', ...env } },
      (error, stdout, stderr) => (error ? reject(error) : resolve({ stdout, stderr })),
    );
  });
}

describe('where a service logs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokumei-log-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes JSON lines to stdout by default, for machines (tokumei serve)', async () => {
    const { stdout, stderr } = await logFromProcess({});
    expect(
      stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).msg),
    ).toEqual(['request completed', 'settlement unavailable for a payment']);
    expect(stderr).toBe('');
  });

  it('with a file, keeps the JSON there (owner-only) and shows warnings as one readable line', async () => {
    const file = join(dir, 'logs', 'demo.log');
    const { stdout, stderr } = await logFromProcess({ TOKUMEI_LOG_FILE: file });
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^\d\d:\d\d:\d\d demo warning: settlement unavailable for a payment \(ECONNREFUSED\)\n$/,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'logs')).mode & 0o777).toBe(0o700);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [30, 'request completed'],
      [40, 'settlement unavailable for a payment'],
    ]);
    // The error by its code and class; its message, which may carry values, stays out of every line.
    expect(lines[1].err).toMatchObject({ type: 'Error', code: 'ECONNREFUSED' });
    expect(`${stderr}${readFileSync(file, 'utf8')}`).not.toContain('10.9.8.7');
  });
});
