import { hkdfSync, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { hmacSha256 } from '../secrets.ts';

/** The operator's backup key: 32 random bytes, kept in a file apart from every database and backup. */
export class BackupKey {
  readonly #key: Buffer;
  /** Names the key without revealing it, so a backup can say which key it needs. */
  readonly id: string;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new BackupKeyError('a backup key is 32 bytes');
    this.#key = key;
    this.id = hmacSha256(key, 'tokumei backup key id').subarray(0, 8).toString('hex');
  }

  /** A backup's own keys, derived with its random salt: no two backups share a key or a nonce sequence. */
  derive(salt: Buffer): { data: Buffer; tables: Buffer; manifest: Buffer } {
    const derive = (purpose: string) =>
      Buffer.from(hkdfSync('sha256', this.#key, salt, `tokumei backup v1 ${purpose}`, 32));
    return { data: derive('data'), tables: derive('tables'), manifest: derive('manifest') };
  }
}

export class BackupKeyError extends Error {}

/** A new key as its file holds it: base64url, one line. */
export const newBackupKeyText = (): string => `${randomBytes(32).toString('base64url')}\n`;

/**
 * Reads the key file `tokumei backup key` wrote. Like ssh with a private key, it refuses a file
 * that other accounts may read: whoever reads it can read every backup.
 */
export function readBackupKey(file: string): BackupKey {
  let text: string;
  try {
    const mode = statSync(file).mode;
    if ((mode & 0o077) !== 0)
      throw new BackupKeyError(`${file} is open to other accounts (fix: chmod 600 ${file})`);
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if (error instanceof BackupKeyError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupKeyError(
      `cannot read the backup key ${file}: ${code === 'ENOENT' ? 'there is no such file (make one with `tokumei backup key --out <file>`)' : (error as Error).message}`,
    );
  }
  const key = Buffer.from(text, 'base64url');
  if (!/^[A-Za-z0-9_-]{43}$/.test(text) || key.length !== 32)
    throw new BackupKeyError(`${file} is not a backup key (made by \`tokumei backup key\`)`);
  return new BackupKey(key);
}
