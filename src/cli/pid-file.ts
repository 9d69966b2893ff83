import { existsSync, readFileSync } from 'node:fs';

/** True when the pid file names a process that is alive (ours to signal or not). */
export function pidFileAlive(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    process.kill(Number(readFileSync(file, 'utf8').trim()), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
