import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global set-up: a directory for this run's migrated PGlite snapshots
 * (src/platform/testing/databases.ts), which the workers inherit by name and fill as they go.
 */
export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'tokumei-pglite-snapshots-'));
  process.env.TOKUMEI_TEST_PGLITE_SNAPSHOTS = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
