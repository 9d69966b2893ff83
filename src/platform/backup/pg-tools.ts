import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BackupRefused } from './manifest.ts';

/**
 * PostgreSQL's own pg_dump and pg_restore, which a PostgreSQL operator already trusts: found on
 * the PATH, or in TOKUMEI_PG_BIN. The password travels in the environment, never on the command
 * line, where any account may read it.
 */
function runTool(
  tool: 'pg_dump' | 'pg_restore',
  url: string,
  args: string[],
  onTable: () => void,
): { child: ChildProcess; exited: Promise<void> } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const dir = process.env.TOKUMEI_PG_BIN;
  const child = spawn(dir ? join(dir, tool) : tool, [...args, '--verbose', `--dbname=${parsed.href}`], {
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // --verbose names each table as its data goes, which is the progress; the rest is kept for an error.
  const lines: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    if (/(dumping contents of table|processing data for table)/.test(line)) onTable();
    else lines.push(line);
  });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (error) =>
      reject(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new BackupRefused(
              `${tool} was not found: install PostgreSQL's client programs (of the server's version or newer), or set TOKUMEI_PG_BIN to their folder`,
            )
          : error,
      ),
    );
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const errors = lines.filter((l) => /error|fatal/i.test(l));
      reject(
        new BackupRefused(
          `${tool} failed (${signal ?? `exit ${code}`}): ${(errors.length ? errors : lines.slice(-3)).join(' / ')}`,
        ),
      );
    });
  });
  return { child, exited };
}

export type ToolRun = ReturnType<typeof runTool>;

/**
 * Waits for a tool and the stream into or out of it. Whichever fails first says why: the other
 * then fails only because of it (a broken pipe; a tool stopped here, as it is when its stream
 * fails, so that it does not wait on it).
 */
export async function alongside(stream: Promise<void>, tool: ToolRun): Promise<void> {
  let first: 'stream' | 'tool' | undefined;
  const streamed = stream.catch((error) => {
    first ??= 'stream';
    tool.child.kill();
    throw error;
  });
  const exited = tool.exited.catch((error) => {
    first ??= 'tool';
    throw error;
  });
  const [s, t] = await Promise.allSettled([streamed, exited]);
  if (s.status === 'fulfilled' && t.status === 'fulfilled') return;
  const failed = first === 'tool' || s.status === 'fulfilled' ? t : s;
  throw (failed as PromiseRejectedResult).reason;
}

/** The database as of an exported snapshot, in pg_dump's custom format, on `stdout`. */
export function pgDump(url: string, snapshot: string, onTable: () => void) {
  const run = runTool('pg_dump', url, ['--format=custom', `--snapshot=${snapshot}`], onTable);
  run.child.stdin?.end();
  return run;
}

/**
 * Restores what is written to `stdin` in one transaction: on any error nothing is left. Owners
 * and grants are the target server's, not the backed-up one's.
 */
export const pgRestore = (url: string, onTable: () => void) =>
  runTool(
    'pg_restore',
    url,
    ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges'],
    onTable,
  );
