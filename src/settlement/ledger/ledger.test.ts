import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { useSettlementDatabase } from '../testing/settlement-fixtures.ts';
import { ledgerBreaches } from './invariants.ts';
import { debt, getAccount, openAccount, resolvePending, spendable, transfer } from './ledger.ts';

describeEachDatabase('ledger', (dbKind) => {
  let db: Db;
  const now = new Date();
  useSettlementDatabase(dbKind, (opened) => {
    db = opened;
  });

  const move = (from: string, to: string, amount: bigint, pending = false, id = newId()) =>
    db.transaction((tx) =>
      transfer(tx, { id, debitAccountId: from, creditAccountId: to, amount, currency: 'JPY', pending }, now),
    );
  const card = async (balance: bigint) => {
    const issuance = await openAccount(db, { kind: 'prepaid_issuance', currency: 'JPY' }, now);
    const account = await openAccount(db, { kind: 'prepaid_card', currency: 'JPY', noOverdraft: true }, now);
    expect((await move(issuance.id, account.id, balance)).ok).toBe(true);
    return account;
  };

  it('50 concurrent payments on a card with balance for 10: exactly 10 approved, never below zero', async () => {
    const prepaid = await card(1_000n);
    const escrow = await openAccount(db, { kind: 'escrow', currency: 'JPY' }, now);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => move(prepaid.id, escrow.id, 100n, true)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(new Set(results.flatMap((r) => (r.ok ? [] : [r.error.code])))).toEqual(
      new Set(['exceeds_balance']),
    );
    expect(spendable((await getAccount(db, prepaid.id))!)).toBe(0n);
    expect(await ledgerBreaches(db)).toEqual([]);
  });

  it('never lets concurrent credit sales exceed the limit', async () => {
    const line = await openAccount(db, { kind: 'credit_line', currency: 'JPY', creditLimit: 5_000n }, now);
    const escrow = await openAccount(db, { kind: 'escrow', currency: 'JPY' }, now);
    const results = await Promise.all(Array.from({ length: 30 }, () => move(line.id, escrow.id, 700n, true)));
    expect(results.filter((r) => r.ok)).toHaveLength(7);
    expect(debt((await getAccount(db, line.id))!)).toBe(4_900n);
    expect(await ledgerBreaches(db)).toEqual([]);
  });

  it('resolves a pending transfer exactly once, however many try at the same time', async () => {
    const prepaid = await card(500n);
    const escrow = await openAccount(db, { kind: 'escrow', currency: 'JPY' }, now);
    const pending = await move(prepaid.id, escrow.id, 300n, true);
    if (!pending.ok) throw new Error('pending transfer refused');
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction((tx) =>
          resolvePending(
            tx,
            { id: newId(), pendingId: pending.value.id, action: i % 2 ? 'void' : 'post' },
            now,
          ),
        ),
      ),
    );
    expect(attempts.filter((a) => a.ok)).toHaveLength(1);
    expect(attempts.filter((a) => !a.ok && a.error.code === 'already_resolved')).toHaveLength(19);
    const after = (await getAccount(db, prepaid.id))!;
    expect(after.debitsPending).toBe(0n);
    expect(await ledgerBreaches(db)).toEqual([]);
  });

  it('answers a retried transfer with the original and refuses its ID for another movement', async () => {
    const prepaid = await card(1_000n);
    const escrow = await openAccount(db, { kind: 'escrow', currency: 'JPY' }, now);
    const id = newId();
    const first = await move(prepaid.id, escrow.id, 400n, true, id);
    const again = await Promise.all(
      Array.from({ length: 10 }, () => move(prepaid.id, escrow.id, 400n, true, id)),
    );
    expect(first.ok && !first.value.replayed).toBe(true);
    expect(again.every((r) => r.ok && r.value.replayed)).toBe(true);
    expect(spendable((await getAccount(db, prepaid.id))!)).toBe(600n);
    const other = await move(prepaid.id, escrow.id, 401n, true, id);
    expect(!other.ok && other.error.code).toBe('id_reused');
  });

  it('keeps transfers append-only and balances within their rules, even against direct SQL', async () => {
    const prepaid = await card(100n);
    const refusal = (query: ReturnType<typeof sql>) =>
      db.execute(query).then(
        () => 'accepted',
        (e) => String(e.cause?.message ?? e.message),
      );
    expect(
      await refusal(sql`UPDATE transfers SET amount = 1 WHERE credit_account_id = ${prepaid.id}`),
    ).toMatch(/append-only/);
    expect(await refusal(sql`DELETE FROM transfers WHERE credit_account_id = ${prepaid.id}`)).toMatch(
      /append-only/,
    );
    expect(
      await refusal(sql`UPDATE accounts SET debits_posted = debits_posted + 1000 WHERE id = ${prepaid.id}`),
    ).toMatch(/accounts_no_overdraft/);
  });
});
