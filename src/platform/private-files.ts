import {
  chmodSync,
  closeSync,
  existsSync,
  fchmodSync,
  mkdirSync,
  openSync,
  statSync,
  writeFileSync,
} from 'node:fs';

/** Refused: a directory a service would keep private things in is open to others, or not ours. */
export class PrivateDirectoryError extends Error {}

/**
 * Makes `dir` owner-only (0700) when it does not exist; one that exists must already be a
 * directory of this account's that grants nobody else any access. It is refused rather than
 * fixed: whatever was written there before may have been read already, and the operator should
 * know. Every directory a service or host command keeps data, keys or credentials in goes
 * through here.
 */
export function ensurePrivateDirectory(dir: string): void {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700); // mkdir's mode is filtered by the umask
    return;
  }
  const stat = statSync(dir);
  const refuse = (why: string) => {
    throw new PrivateDirectoryError(`${dir} must be a directory that only this account can enter: ${why}`);
  };
  if (!stat.isDirectory()) refuse('it is not a directory (choose another path)');
  if (stat.uid !== process.getuid?.())
    refuse('it belongs to another account (run as its owner, or choose another)');
  if ((stat.mode & 0o077) !== 0) refuse(`it is open to other accounts (fix: chmod -R go= ${dir})`);
}

/**
 * Opens `file` for writing, owner-only (0600) whatever the umask, and made so before a byte is
 * written: `open`'s mode is filtered by the umask and ignored for a file that exists already.
 * `flag: 'wx'` refuses an existing file.
 */
export function openPrivateFile(file: string, flag: 'w' | 'wx' = 'w'): number {
  const fd = openSync(file, flag, 0o600);
  try {
    fchmodSync(fd, 0o600);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

/** Writes `text` to an owner-only `file` (see openPrivateFile). */
export function writePrivateFile(file: string, text: string, flag: 'w' | 'wx' = 'w'): void {
  const fd = openPrivateFile(file, flag);
  try {
    writeFileSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * Nothing this process or a library in it writes (database files, logs, temporary files) is
 * readable by another account, whatever umask it was started with. Called once at start.
 */
export function restrictUmask(): void {
  process.umask(0o077);
}
