import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import {
  createServerDatabase,
  dropServerDatabase,
  testDatabaseKinds,
} from '../../src/platform/testing/databases.ts';
import { TEST_MARKET_DELIVERY_KEY } from '../../src/platform/testing/link-key.ts';
import { startServiceProcess } from '../../src/platform/testing/service-process.ts';
import { WEB_DIST } from '../../src/web/build.ts';

const postgres = testDatabaseKinds.find((k) => k.name === 'postgres');

/**
 * Issue #11: `tokumei serve market` on PostgreSQL with a data directory that does not exist yet
 * seeded the demo, then failed to write its keys, which then existed nowhere.
 */
it.skipIf(!postgres?.available)(
  `serve market on PostgreSQL makes its missing data directory, owner-only, and keeps the demo keys there${postgres?.available ? '' : ` [skipped: ${postgres?.skipReason}]`}`,
  async () => {
    const url = await createServerDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'tokumei-pg-demo-'));
    const dataDir = join(dir, 'not', 'yet', 'market');
    try {
      const { child } = await startServiceProcess('market', {
        env: {
          TOKUMEI_MARKET_DATABASE_URL: url,
          TOKUMEI_MARKET_DATA_DIR: dataDir,
          TOKUMEI_MARKET_PORT: '0',
          TOKUMEI_MARKET_SECRET_KEY: 'pg-demo-test-market-secret-key-0123456789',
          TOKUMEI_MARKET_DELIVERY_KEY: TEST_MARKET_DELIVERY_KEY,
          TOKUMEI_MARKET_SETTLEMENT_SOCKET: join(dir, 'link', 'settlement.sock'),
          TOKUMEI_MARKET_WEB_DIR: WEB_DIST,
          TOKUMEI_LOG_LEVEL: 'warn',
        },
      });
      child.kill('SIGTERM');
      await once(child, 'exit');
      const file = join(dataDir, 'demo-credentials.json');
      expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('operatorKey');
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await dropServerDatabase(url);
    }
  },
);
