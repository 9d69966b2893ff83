import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDirectory, writePrivateFile } from '../platform/private-files.ts';
import { UsageError } from './usage-error.ts';

/** The pid the file names when that process is alive (ours to signal or not). */
export function livePid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

/** True when the pid file names a process that is alive. */
export const pidFileAlive = (file: string): boolean => livePid(file) !== undefined;

/**
 * Marks an embedded data directory as this process's (PGlite serves one process), refusing with
 * `inUse(pid)` while another live process holds it. A file left by a process that died is taken over.
 */
export function claimPidFile(file: string, inUse: (pid: number) => string): void {
  const pid = livePid(file);
  if (pid !== undefined && pid !== process.pid) throw new UsageError(inUse(pid));
  ensurePrivateDirectory(dirname(file));
  writePrivateFile(file, String(process.pid));
}
