import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newSecret } from './ids.ts';
import { ensurePrivateDirectory, writePrivateFile } from './private-files.ts';

/**
 * A service's secret key: configured, or on an embedded install kept in its data directory,
 * readable by its owner only. A service on a PostgreSQL server must be given one, so that all
 * of its processes share it.
 */
export function loadOrCreateSecretKey(service: {
  dataDir: string;
  databaseUrl?: string;
  secretKey?: string;
  variable: string;
  /** Another key than the service's own, e.g. one it shares with a peer. */
  fileName?: string;
}): string {
  if (service.secretKey) return service.secretKey;
  const file = join(service.dataDir, service.fileName ?? 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  if (service.databaseUrl) {
    throw new Error(`${service.variable} must be set when the service runs on a PostgreSQL server`);
  }
  ensurePrivateDirectory(service.dataDir);
  const key = newSecret();
  writePrivateFile(file, `${key}\n`, 'wx');
  return key;
}
