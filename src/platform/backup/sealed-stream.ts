import { createCipheriv, createDecipheriv, createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * A backup's data encrypted and authenticated in chunks (AES-256-GCM), so that a dump of any size
 * streams through without being held in memory, and nothing is restored from a chunk that was not
 * authenticated. Each chunk's nonce is its number and whether it is the last (the STREAM
 * construction of Hoang, Reyhanitabar, Rogaway and Vizár): chunks cannot be reordered, dropped or
 * cut off at a chunk boundary without failing. The key is the backup's own, so counting nonces
 * never repeat.
 */
export const CHUNK_BYTES = 1024 * 1024;
const TAG_BYTES = 16;

const nonce = (index: number, last: boolean): Buffer => {
  const iv = Buffer.alloc(12);
  iv.writeUIntBE(index, 0, 6);
  iv[11] = last ? 1 : 0;
  return iv;
};

/** Why sealed data could not be opened, in words an operator can act on. */
export class SealedDataError extends Error {}

function sealChunk(key: Buffer, index: number, last: boolean, plain: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce(index, last));
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

/** The chunk's plaintext, or null when it does not authenticate at this place in the stream. */
function openChunk(key: Buffer, index: number, last: boolean, sealed: Buffer): Buffer | null {
  if (sealed.length < TAG_BYTES) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, nonce(index, last));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

/** Counts and hashes what passes through, for the manifest's sizes and checksums. */
export class Digest {
  bytes = 0;
  readonly #hash: Hash = createHash('sha256');
  update(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.#hash.update(chunk);
  }
  hex(): string {
    return this.#hash.digest('hex');
  }
}

/**
 * Cuts what passes through into pieces of `size` bytes and hands each on to `piece` once it is
 * known whether it is the last: a full piece is not the last until more follows it.
 */
abstract class Rechunk extends Transform {
  readonly #size: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  protected index = 0;

  constructor(size: number) {
    super();
    this.#size = size;
  }

  protected abstract piece(bytes: Buffer, last: boolean): Buffer;

  override _transform(chunk: Buffer, _: BufferEncoding, done: TransformCallback): void {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    try {
      while (this.#pendingBytes > this.#size) {
        const all = Buffer.concat(this.#pending);
        this.push(this.piece(all.subarray(0, this.#size), false));
        this.#pending = [all.subarray(this.#size)];
        this.#pendingBytes = all.length - this.#size;
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.push(this.piece(Buffer.concat(this.#pending), true));
      done();
    } catch (error) {
      done(error as Error);
    }
  }
}

export class SealStream extends Rechunk {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    super(CHUNK_BYTES);
    this.#key = key;
  }

  protected piece(plain: Buffer, last: boolean): Buffer {
    return sealChunk(this.#key, this.index++, last, plain);
  }
}

export class OpenStream extends Rechunk {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    super(CHUNK_BYTES + TAG_BYTES);
    this.#key = key;
  }

  protected piece(sealed: Buffer, last: boolean): Buffer {
    const index = this.index++;
    const plain = openChunk(this.#key, index, last, sealed);
    if (plain) return plain;
    throw new SealedDataError(
      last
        ? `chunk ${index + 1} does not authenticate as the last: the data was changed or cut off`
        : `chunk ${index + 1} does not authenticate: the data was changed`,
    );
  }
}

/** A small value sealed whole, as one last chunk (the tables' counts and hashes in the manifest). */
export const sealValue = (key: Buffer, value: unknown): string =>
  sealChunk(key, 0, true, Buffer.from(JSON.stringify(value))).toString('base64');

export function openValue(key: Buffer, sealed: string): unknown {
  const plain = openChunk(key, 0, true, Buffer.from(sealed, 'base64'));
  if (!plain) throw new SealedDataError('the sealed value does not authenticate');
  return JSON.parse(plain.toString('utf8'));
}
