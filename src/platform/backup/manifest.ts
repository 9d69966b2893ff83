import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { hmacSha256, safeEqual } from '../secrets.ts';
import type { BackupKey } from './backup-key.ts';

export const MANIFEST_FILE = 'manifest.json';
export const DATA_FILE = 'data.enc';

/**
 * What a backup is, beside its data: readable without the key (which service, when, which
 * schema, how big, which checksum, which key opens it), authenticated with it (an HMAC under the
 * backup's own manifest key), so that no field can be changed unnoticed. The tables' counts and
 * hashes are sealed: even how many payments there were is not for whoever holds only the files.
 */
const manifestSchema = z.object({
  format: z.literal('tokumei-backup/1'),
  id: z.string().regex(/^\d{8}T\d{6}Z-[0-9a-f]{8}$/),
  service: z.string(),
  createdAt: z.iso.datetime(),
  tokumeiVersion: z.string(),
  database: z.object({
    driver: z.enum(['pglite', 'postgres']),
    serverVersion: z.string(),
    format: z.enum(['pg_dump custom', 'PGlite data directory, tar.gz']),
  }),
  schema: z.object({ migrations: z.number().int().min(0), latest: z.number().int().min(0) }),
  encryption: z.object({
    cipher: z.literal('AES-256-GCM, 1 MiB chunks (STREAM)'),
    kdf: z.literal('HKDF-SHA256'),
    salt: z.string().regex(/^[0-9a-f]{64}$/),
    keyId: z.string(),
  }),
  data: z.object({
    file: z.literal(DATA_FILE),
    bytes: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    plainBytes: z.number().int().min(0),
  }),
  tables: z.string().describe('Each table’s row count and content hash, sealed'),
  durationMs: z.number().int().min(0),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** Over the fields in the schema's order, as parsing gives them back whatever the file's order. */
const macOf = (manifest: Manifest, key: Buffer) =>
  hmacSha256(key, JSON.stringify(manifestSchema.parse(manifest)));

export const manifestText = (manifest: Manifest, key: Buffer): string =>
  `${JSON.stringify({ ...manifestSchema.parse(manifest), mac: macOf(manifest, key).toString('hex') }, null, 2)}\n`;

/** Why a backup cannot be used, in words an operator can act on. Nothing was changed. */
export class BackupRefused extends Error {}

/** The manifest as written, checked for shape only: anyone may list backups, only the key proves one. */
export function readManifest(file: string): Manifest & { mac: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupRefused(
      code === 'ENOENT'
        ? `${file} does not exist: not a Tokumei backup`
        : `${file} cannot be read as a Tokumei backup's manifest: ${(error as Error).message}`,
    );
  }
  const parsed = manifestSchema.extend({ mac: z.string() }).safeParse(json);
  if (!parsed.success)
    throw new BackupRefused(
      `${file} is not a Tokumei backup's manifest (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`,
    );
  return parsed.data;
}

/** The manifest, once the key is the one it was made with and the manifest is unchanged. */
export function authenticateManifest(stored: Manifest & { mac: string }, key: BackupKey): Manifest {
  const { mac, ...manifest } = stored;
  if (manifest.encryption.keyId !== key.id)
    throw new BackupRefused(
      `the backup was made with backup key ${manifest.encryption.keyId}, not with the key given (${key.id}): give the key it was made with`,
    );
  const keys = key.derive(Buffer.from(manifest.encryption.salt, 'hex'));
  if (!safeEqual(Buffer.from(mac, 'hex'), macOf(manifest, keys.manifest)))
    throw new BackupRefused('the manifest was changed since the backup was made: it does not authenticate');
  return manifest;
}
