import { chmodSync, closeSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type DestinationStream } from 'pino';
import { ensurePrivateDirectory } from './private-files.ts';

const LEVEL_NAMES: Record<number, string> = { 40: 'warning', 50: 'error', 60: 'fatal error' };

/**
 * One JSON log line as one line a person reads: time, service, level, message and the error's
 * code or class (a logged error keeps no message, see log.ts; its stack stays in the log file).
 */
export function readableLogLine(json: string): string {
  const line = JSON.parse(json) as {
    time?: number;
    name?: string;
    level?: number;
    msg?: string;
    err?: { type?: string; code?: string };
  };
  const time = new Date(line.time ?? Date.now()).toTimeString().slice(0, 8);
  const level = LEVEL_NAMES[line.level ?? 0] ?? 'note';
  const error = line.err ? ` (${line.err.code ?? line.err.type})` : '';
  return `${time} ${line.name ?? 'tokumei'} ${level}: ${line.msg ?? ''}${error}\n`;
}

/**
 * Logs for a person at a terminal (`tokumei start`): every line as JSON to an owner-only file,
 * and warnings and errors also as one readable line on stderr. Without a file the logger keeps
 * pino's default, JSON on stdout, which is what machines read from `tokumei serve`.
 */
export function fileAndConsoleDestination(file: string, level: string): DestinationStream {
  ensurePrivateDirectory(dirname(file));
  // Made owner-only before the first line, and kept so when it is older and was not.
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  return pino.multistream([
    { level: level as pino.Level, stream: pino.destination({ dest: file, append: true }) },
    { level: 'warn', stream: { write: (json: string) => process.stderr.write(readableLogLine(json)) } },
  ]);
}
