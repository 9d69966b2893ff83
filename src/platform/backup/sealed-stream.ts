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

export class SealStream extends Transform {
  readonly #key: Buffer;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #index = 0;

  constructor(key: Buffer) {
    super();
    this.#key = key;
  }

  override _transform(chunk: Buffer, _: BufferEncoding, done: TransformCallback): void {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    // A full chunk is sealed only once more follows: the last one, full or not, says it is last.
    while (this.#pendingBytes > CHUNK_BYTES) {
      const all = Buffer.concat(this.#pending);
      this.push(this.#seal(all.subarray(0, CHUNK_BYTES), false));
      this.#pending = [all.subarray(CHUNK_BYTES)];
      this.#pendingBytes = all.length - CHUNK_BYTES;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.push(this.#seal(Buffer.concat(this.#pending), true));
    done();
  }

  #seal(plain: Buffer, last: boolean): Buffer {
    return sealChunk(this.#key, this.#index++, last, plain);
  }
}

export class OpenStream extends Transform {
  readonly #key: Buffer;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #index = 0;

  constructor(key: Buffer) {
    super();
    this.#key = key;
  }

  override _transform(chunk: Buffer, _: BufferEncoding, done: TransformCallback): void {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    const sealed = CHUNK_BYTES + TAG_BYTES;
    try {
      // A whole chunk is opened as not the last only once more follows it.
      while (this.#pendingBytes > sealed) {
        const all = Buffer.concat(this.#pending);
        this.push(this.#open(all.subarray(0, sealed), false));
        this.#pending = [all.subarray(sealed)];
        this.#pendingBytes = all.length - sealed;
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      const last = Buffer.concat(this.#pending);
      if (last.length < TAG_BYTES) throw new SealedDataError('the data ends early: it was cut off');
      this.push(this.#open(last, true));
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  #open(sealed: Buffer, last: boolean): Buffer {
    const index = this.#index++;
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
