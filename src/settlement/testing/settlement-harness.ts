import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../platform/clock.ts';
import { listenOnClosedLink } from '../../platform/closed-link/listen.ts';
import { createLogger, type Logger } from '../../platform/log.ts';
import {
  createTestDatabase,
  type TestDatabase,
  type TestDatabaseKind,
} from '../../platform/testing/databases.ts';
import type { SettlementConfig } from '../config.ts';
import { SETTLEMENT_MIGRATIONS } from '../db/migrations-folder.ts';
import { type IssuedCard, issuePrepaidBatch, openCreditCard } from '../instruments/instruments.ts';
import { buildSettlement, type Settlement } from '../server.ts';
import { TEST_INSTRUMENT_SETTINGS } from './settlement-fixtures.ts';

export interface TestSettlement {
  settlement: Settlement;
  /** The closed link's socket, for a market to be pointed at. */
  socket: string;
  testDb: TestDatabase;
  prepaid(value: number, expiresAt?: Date): Promise<IssuedCard>;
  credit(limit: number, expiresAt?: Date): Promise<IssuedCard>;
  close(): Promise<void>;
}

export const testSettlementConfig = (dataDir: string, socket: string): SettlementConfig => ({
  dataDir,
  secretKey: TEST_INSTRUMENT_SETTINGS.pepper,
  link: { kind: 'socket', path: socket },
  allowedClients: [],
  marketFeeBasisPoints: 300,
  maxPinAttempts: TEST_INSTRUMENT_SETTINGS.maxPinAttempts,
  pinLockMs: TEST_INSTRUMENT_SETTINGS.pinLockMs,
  idempotencyRetentionMs: 48 * 3_600_000,
  demoData: false,
  demoCurrency: 'JPY',
});

/** A real settlement on a fresh database, listening on its own socket in a temporary directory. */
export async function startTestSettlement(
  kind: TestDatabaseKind['name'],
  clock: Clock,
  options: { logger?: Logger; testDb?: TestDatabase } = {},
): Promise<TestSettlement> {
  const dir = mkdtempSync(join(tmpdir(), 'tokumei-link-'));
  const socket = join(dir, 'link', 'settlement.sock');
  const testDb = options.testDb ?? (await createTestDatabase(kind, SETTLEMENT_MIGRATIONS));
  const settlement = await buildSettlement({
    config: testSettlementConfig(dir, socket),
    database: testDb.database,
    clock,
    logger: options.logger ?? createLogger('settlement-test', 'silent'),
    workers: false,
  });
  await listenOnClosedLink(settlement.app, { kind: 'socket', path: socket });
  const { db } = settlement.ctx;
  const future = () => new Date(clock.now().getTime() + 365 * 86_400_000);
  return {
    settlement,
    socket,
    testDb,
    async prepaid(value, expiresAt = future()) {
      const batch = { count: 1, value: BigInt(value), currency: 'JPY', expiresAt };
      return (await issuePrepaidBatch(db, batch, TEST_INSTRUMENT_SETTINGS, clock.now()))
        .cards[0] as IssuedCard;
    },
    credit(limit, expiresAt = future()) {
      const card = { holderName: 'Test Holder', limit: BigInt(limit), currency: 'JPY', expiresAt };
      return openCreditCard(db, card, TEST_INSTRUMENT_SETTINGS, clock.now());
    },
    async close() {
      await settlement.close();
      await testDb.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
