import { expect, it } from 'vitest';
import type { Db } from '../../platform/db/database.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { ledgerBreaches } from '../ledger/invariants.ts';
import { getAccount } from '../ledger/ledger.ts';
import { systemAccountId } from '../ledger/system-accounts.ts';
import { releaseEscrow } from '../payments/escrow.ts';
import { settlementFixtures, useSettlementDatabase } from '../testing/settlement-fixtures.ts';
import { runPayouts, statementCsv } from './payouts.ts';

const OTHER_SELLER = '0b6d7c2e-8f0a-4e51-b0c4-5a2f6e9d1c33';

describeEachDatabase('payout runs', (dbKind) => {
  let db: Db;
  const now = new Date('2026-11-21T10:00:00Z');
  useSettlementDatabase(dbKind, (opened) => {
    db = opened;
  });

  const soldAndPickedUp = async (
    f: ReturnType<typeof settlementFixtures>,
    amount: number,
    sellerId?: string,
  ) => {
    const card = await f.prepaid(100_000n);
    const orderId = await f.announce(amount, sellerId);
    expect((await f.charge(card, orderId, BigInt(amount))).ok).toBe(true);
    expect((await db.transaction((tx) => releaseEscrow(tx, orderId, 1_000, now))).ok).toBe(true);
    return orderId;
  };

  it('pays each seller what was released, once, with a statement of order IDs and amounts only', async () => {
    const f = settlementFixtures(db, now);
    const a1 = await soldAndPickedUp(f, 10_000);
    const a2 = await soldAndPickedUp(f, 2_000);
    const b1 = await soldAndPickedUp(f, 5_000, OTHER_SELLER);
    // Paid but not picked up yet: stays in escrow, not in the payout.
    const held = await f.announce(7_000);
    expect((await f.charge(await f.prepaid(10_000n), held, 7_000n)).ok).toBe(true);

    const [first, second] = await Promise.all([runPayouts(db, now), runPayouts(db, now)]);
    const statements = [...first!, ...second!].sort((x, y) => x.sellerId.localeCompare(y.sellerId));
    expect(statements.map((s) => [s.sellerId, s.amount])).toEqual([
      [OTHER_SELLER, 4_500n],
      ['6f1c2b1e-2d1f-4a57-9c43-2b9f5e1d7a10', 10_800n],
    ]);
    const mine = statements[1]!;
    expect(mine.items.map((i) => i.orderId).sort()).toEqual([a1, a2].sort());
    expect(mine.charges).toEqual([]);
    expect(statementCsv(mine).split('\n')[0]).toBe('entry,reference,amount_minor,currency');
    expect(statementCsv(mine)).toContain(`sale,${a1},9000,JPY`);
    expect(statementCsv(statements[0]!)).toContain(`sale,${b1},4500,JPY`);
    expect(statementCsv(mine)).not.toContain(held);

    expect(await runPayouts(db, now)).toEqual([]);
    const payable = await getAccount(db, systemAccountId('seller_payable', 'JPY', mine.sellerId));
    expect(payable!.creditsPosted - payable!.debitsPosted).toBe(0n);
    const payout = await getAccount(db, systemAccountId('seller_payout', 'JPY', mine.sellerId));
    expect(payout!.creditsPosted).toBe(10_800n);
    expect(await ledgerBreaches(db)).toEqual([]);
  });
});
