import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

const cli = join(import.meta.dirname, '../../../bin/tokumei.js');

export interface ServiceProcessOptions {
  /** Laid over this process's environment; `tokumei serve` reads its whole configuration from it. */
  env?: NodeJS.ProcessEnv;
  /** How long it may take to listen: generous, for a machine busy with other tests (a 2-core machine under load has taken over 90 s). */
  timeoutMs?: number;
  /** The child's stderr: straight to the test's terminal, or piped line by line to `onLine`. */
  stderr?: 'inherit' | 'pipe';
  /** Every line of a piped stream, for the child's whole life: errors after it listens count too. */
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
  /** Started under this umask (set by a shell, as an operator's would be), e.g. `000`. */
  umask?: string;
  /** Options after `serve <service>`, e.g. `['--workers', '2']`. */
  args?: string[];
}

/** How long a service process may take to listen: a bound for a hang on a loaded machine, not for speed. */
export const SERVICE_START_MS = 240_000;

/**
 * `tokumei serve <service>` as a real process, as in production. Resolves with the address it
 * prints once it listens; rejects with its output so far if it exits or times out first.
 */
export function startServiceProcess(
  service: string,
  {
    env = {},
    timeoutMs = SERVICE_START_MS,
    stderr = 'inherit',
    onLine,
    umask,
    args: options = [],
  }: ServiceProcessOptions = {},
): Promise<{ child: ChildProcess; address: string }> {
  const command = [process.execPath, cli, 'serve', service, ...options];
  // `exec` keeps the service the child itself, so signals reach it.
  const [file, ...args] = umask
    ? ['/bin/sh', '-c', `umask ${umask} && exec "$@"`, 'sh', ...command]
    : command;
  const child = spawn(file as string, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', stderr],
  });
  const listening = new RegExp(`^${service} listening on (\\S+)`);
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`${service} ${why}; output so far:\n${output.join('\n')}`));
    };
    const timer = setTimeout(() => {
      fail(`did not listen within ${timeoutMs} ms`);
      // The caller never gets hold of this process, so it must not outlive the test.
      child.kill('SIGKILL');
    }, timeoutMs);
    const read = (stream: 'stdout' | 'stderr', input: Readable | null) => {
      if (!input) return;
      // Reading on after it listens also keeps the pipe drained, so the child never blocks on it.
      createInterface({ input }).on('line', (line) => {
        onLine?.(stream, line);
        if (settled) return;
        output.push(line);
        const address = stream === 'stdout' ? listening.exec(line)?.[1] : undefined;
        if (address) {
          settled = true;
          clearTimeout(timer);
          resolve({ child, address });
        }
      });
    };
    read('stdout', child.stdout);
    read('stderr', child.stderr);
    // 'close' rather than 'exit': by then its last lines have been read, so the error shows them.
    child.once('close', (code, signal) => fail(`exited (${code ?? signal}) before listening`));
  });
}
