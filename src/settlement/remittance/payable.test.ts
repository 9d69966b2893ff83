import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.ts';
import { createLogger } from '../../platform/log.ts';
import { createTestDatabase, type TestDatabase } from '../../platform/testing/databases.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { sellerPayableSchema } from '../../protocol/settlement.ts';
import { SETTLEMENT_MIGRATIONS } from '../db/migrations-folder.ts';
import { refundEscrow, releaseEscrow } from '../payments/escrow.ts';
import { buildSettlement, type Settlement } from '../server.ts';
import { settlementFixtures, TEST_SELLER } from '../testing/settlement-fixtures.ts';
import { testSettlementConfig } from '../testing/settlement-harness.ts';
import { runPayouts } from './payouts.ts';

const OTHER_SELLER = '3c1f7e0a-5b2d-4c8e-9f61-7a0d2e4b6c85';

describeEachDatabase('a seller’s payable and held money', (dbKind) => {
  const now = new Date('2026-11-21T10:00:00Z');
  let testDb: TestDatabase;
  let settlement: Settlement;
  const dir = mkdtempSync(join(tmpdir(), 'tokumei-payable-'));

  beforeAll(async () => {
    testDb = await createTestDatabase(dbKind, SETTLEMENT_MIGRATIONS);
    settlement = await buildSettlement({
      config: testSettlementConfig(dir, join(dir, 'unused.sock')),
      database: testDb.database,
      clock: new ManualClock(now),
      logger: createLogger('settlement-test', 'silent'),
      workers: false,
    });
  });
  afterAll(async () => {
    await settlement?.close();
    await testDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const payable = async (sellerId: string) => {
    const res = await settlement.app.inject({ method: 'GET', url: `/sellers/${sellerId}/payable` });
    expect(res.statusCode).toBe(200);
    return sellerPayableSchema.parse(res.json());
  };

  it('holds paid orders in escrow, moves a pickup to payable less the fee, and forgets refunds and payouts', async () => {
    const db = settlement.ctx.db;
    const f = settlementFixtures(db, now);
    const fee = settlement.ctx.config.marketFeeBasisPoints;
    expect(await payable(TEST_SELLER)).toEqual({ balances: [] });

    const card = await f.prepaid(100_000n);
    const [picked, returned, waiting] = [
      await f.announce(10_000),
      await f.announce(3_000),
      await f.announce(2_000),
    ];
    await f.announce(5_000); // announced, never paid: neither held nor payable
    const other = await f.announce(9_000, OTHER_SELLER);
    for (const [orderId, amount] of [
      [picked, 10_000n],
      [returned, 3_000n],
      [waiting, 2_000n],
      [other, 9_000n],
    ] as const)
      expect((await f.charge(card, orderId, amount)).ok).toBe(true);
    expect(await payable(TEST_SELLER)).toEqual({
      balances: [{ currency: 'JPY', payable: 0, held: 15_000 }],
    });

    await db.transaction((tx) => releaseEscrow(tx, picked, fee, now));
    await db.transaction((tx) => refundEscrow(tx, returned, now));
    const sellerShare = 10_000 - Math.floor((10_000 * fee) / 10_000);
    expect(await payable(TEST_SELLER)).toEqual({
      balances: [{ currency: 'JPY', payable: sellerShare, held: 2_000 }],
    });
    // Another seller's money is its own.
    expect(await payable(OTHER_SELLER)).toEqual({ balances: [{ currency: 'JPY', payable: 0, held: 9_000 }] });

    // Paid out: no longer payable.
    await runPayouts(db, now);
    expect(await payable(TEST_SELLER)).toEqual({ balances: [{ currency: 'JPY', payable: 0, held: 2_000 }] });
  });

  it('refuses a seller ID that is not a UUID', async () => {
    const res = await settlement.app.inject({ method: 'GET', url: '/sellers/nobody/payable' });
    expect(res.statusCode).toBe(400);
  });
});
