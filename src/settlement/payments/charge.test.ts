import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { type Db, queryRows } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { sha256 } from '../../platform/secrets.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { announcements, payments } from '../db/schema.ts';
import { setCreditStatus } from '../instruments/instruments.ts';
import { ledgerBreaches } from '../ledger/invariants.ts';
import { debt, getAccount, spendable, transfer } from '../ledger/ledger.ts';
import {
  ESCROW_ACCOUNTS,
  escrowAccountId,
  systemAccount,
  systemAccountId,
} from '../ledger/system-accounts.ts';
import {
  settlementFixtures,
  TEST_INSTRUMENT_SETTINGS,
  TEST_SELLER,
  useSettlementDatabase,
} from '../testing/settlement-fixtures.ts';
import { recordAnnouncement } from './announcements.ts';
import { escrowState, refundEscrow, releaseEscrow } from './escrow.ts';
import { pay } from './pay.ts';

const _SETTINGS = TEST_INSTRUMENT_SETTINGS;
const SELLER = TEST_SELLER;

describeEachDatabase('B7–B8 charge into escrow', (dbKind) => {
  let db: Db;
  const now = new Date('2026-11-21T10:00:00Z');
  useSettlementDatabase(dbKind, (opened) => {
    db = opened;
    fixtures = settlementFixtures(db, now);
  });

  let fixtures: ReturnType<typeof settlementFixtures>;
  const announce = (amount: number) => fixtures.announce(amount);
  const prepaid = (value: bigint) => fixtures.prepaid(value);
  const charge = (...args: Parameters<ReturnType<typeof settlementFixtures>['charge']>) =>
    fixtures.charge(...args);

  it('accepts the same announcement again and refuses other terms under its order ID', async () => {
    const orderId = await announce(1_000);
    const again = {
      orderId,
      amount: 1_000,
      currency: 'JPY',
      sellerId: SELLER,
      termsHash: sha256(orderId).toString('hex'),
    };
    expect(await recordAnnouncement(db, again, now)).toEqual({ ok: true, value: { replayed: true } });
    expect(await recordAnnouncement(db, { ...again, amount: 999 }, now)).toEqual({
      ok: false,
      error: { code: 'announcement_conflict' },
    });
  });

  it('holds the amount in escrow and tells the market, through the outbox, where the parcel goes', async () => {
    const card = await prepaid(5_000n);
    const orderId = await announce(1_200);
    const paid = await charge(card, orderId, 1_200n);
    expect(paid.ok).toBe(true);
    expect(spendable((await getAccount(db, card.accountId))!)).toBe(3_800n);
    const escrow = (await getAccount(db, escrowAccountId('JPY', orderId)))!;
    expect(escrow.creditsPending).toBeGreaterThanOrEqual(1_200n);
    const events = await queryRows<{ payload: { orderId: string; pickupPointId: string } }>(
      db,
      sql`SELECT payload FROM outbox WHERE payload->>'orderId' = ${orderId}`,
    );
    expect(events.map((e) => e.payload)).toEqual([
      { type: 'order_paid', orderId, pickupPointId: 'PP-1', paidAt: now.toISOString() },
    ]);
    expect(await ledgerBreaches(db)).toEqual([]);
  });

  it('declines distinctly: unknown order, wrong amount, already paid (with evidence), insufficient balance', async () => {
    const card = await prepaid(1_000n);
    expect(await charge(card, 'ORD-NEVER', 100n)).toEqual({ ok: false, error: { code: 'unknown_order' } });
    const orderId = await announce(600);
    expect(await charge(card, orderId, 601n)).toEqual({ ok: false, error: { code: 'amount_mismatch' } });
    const paymentId = newId();
    expect((await charge(card, orderId, 600n, paymentId)).ok).toBe(true);
    expect(await charge(card, orderId, 600n, paymentId)).toEqual({
      ok: true,
      value: { paymentId, paidAt: now },
    });
    expect(await charge(card, orderId, 600n)).toEqual({
      ok: false,
      error: { code: 'already_paid', paidAt: now },
    });
    const big = await announce(500);
    expect(await charge(card, big, 500n)).toEqual({ ok: false, error: { code: 'insufficient_balance' } });
  });

  it('pays one order once, however many attempts race', async () => {
    const card = await prepaid(100_000n);
    const orderId = await announce(700);
    const attempts = await Promise.all(Array.from({ length: 20 }, () => charge(card, orderId, 700n)));
    expect(attempts.filter((a) => a.ok)).toHaveLength(1);
    expect(spendable((await getAccount(db, card.accountId))!)).toBe(99_300n);
    expect(await ledgerBreaches(db)).toEqual([]);
  });

  it('declines credit over its limit or not in good standing', async () => {
    const issued = await fixtures.credit('Hanako Yamada', 1_000n);
    expect(await charge(issued.instrument, await announce(1_500), 1_500n)).toEqual({
      ok: false,
      error: { code: 'over_limit' },
    });
    await setCreditStatus(db, issued.instrumentId, 'suspended', now);
    expect(await charge(issued.instrument, await announce(100), 100n)).toEqual({
      ok: false,
      error: { code: 'credit_suspended' },
    });
  });

  it('releases the escrow to the seller less the fee on pickup, once however often it is asked', async () => {
    const card = await prepaid(10_000n);
    const orderId = await announce(3_333);
    expect((await charge(card, orderId, 3_333n)).ok).toBe(true);
    const payable = () => getAccount(db, systemAccountId('seller_payable', 'JPY', SELLER));
    const before = (await payable())?.creditsPosted ?? 0n;
    expect(await db.transaction((tx) => escrowState(tx, orderId))).toBe('held');
    const released = await db.transaction((tx) => releaseEscrow(tx, orderId, 350, now));
    expect(released).toEqual({ ok: true, value: { sellerAmount: 3_217n, fee: 116n, replayed: false } });
    const again = await Promise.all(
      [1, 2, 3].map(() => db.transaction((tx) => releaseEscrow(tx, orderId, 350, now))),
    );
    expect(again.every((r) => r.ok && r.value.replayed)).toBe(true);
    expect((await payable())!.creditsPosted - before).toBe(3_217n);
    expect(spendable((await getAccount(db, card.accountId))!)).toBe(6_667n);
    expect(await db.transaction((tx) => escrowState(tx, orderId))).toBe('released');
    expect(await db.transaction((tx) => refundEscrow(tx, orderId, now))).toEqual({
      ok: false,
      error: { code: 'already_released' },
    });
    expect(await ledgerBreaches(db)).toEqual([]);
  });

  it('spreads escrow over accounts by order, and pays each order on from the account that held it', async () => {
    const escrowHeld = async () => {
      const [row] = await queryRows<{ held: string }>(
        db,
        sql`SELECT COALESCE(SUM(credits_pending + credits_posted - debits_pending - debits_posted), 0)::text AS held
            FROM accounts WHERE kind = 'escrow'`,
      );
      return BigInt(row?.held ?? '0');
    };
    const before = await escrowHeld();
    const card = await prepaid(1_000_000n);
    const orders = await Promise.all(Array.from({ length: 40 }, (_, i) => announce(100 + i)));
    const paid = await Promise.all(orders.map((orderId, i) => charge(card, orderId, BigInt(100 + i))));
    expect(paid.every((p) => p.ok)).toBe(true);
    expect(await escrowHeld()).toBe(before + BigInt(40 * 100 + (39 * 40) / 2));
    const held = await queryRows<{ account: string; n: number }>(
      db,
      sql`SELECT t.credit_account_id AS account, count(*)::int AS n FROM payments p
            JOIN transfers t ON t.id = p.escrow_transfer_id GROUP BY 1`,
    );
    // 40 orders over 64 accounts land on at least a couple of dozen of them.
    expect(held.length).toBeGreaterThan(20);
    for (const [i, orderId] of orders.entries()) {
      const escrow = (await getAccount(db, escrowAccountId('JPY', orderId)))!;
      expect(escrow.kind).toBe('escrow');
      expect(escrow.creditsPending).toBeGreaterThanOrEqual(BigInt(100 + i));
    }
    expect(new Set(orders.map((o) => escrowAccountId('JPY', o))).size).toBeLessThanOrEqual(ESCROW_ACCOUNTS);
    const released = await Promise.all(
      orders.map((orderId) => db.transaction((tx) => releaseEscrow(tx, orderId, 300, now))),
    );
    expect(released.every((r) => r.ok && !r.value.replayed)).toBe(true);
    // Escrow as a whole holds what it held before: each release emptied the account that held it.
    expect(await escrowHeld()).toEqual(before);
    const paidOnFromElsewhere = await queryRows(
      db,
      sql`SELECT r.id FROM payments p
            JOIN transfers e ON e.id = p.escrow_transfer_id
            JOIN transfers r ON r.reference = p.order_id AND r.kind = 'posted'
          WHERE r.debit_account_id <> e.credit_account_id`,
    );
    expect(paidOnFromElsewhere).toEqual([]);
    expect(await ledgerBreaches(db)).toEqual([]);
  });

  it('releases a payment held in the single escrow account that earlier releases used', async () => {
    const card = await prepaid(5_000n);
    const orderId = await announce(2_000);
    const single = await systemAccount(db, 'escrow', 'JPY', now);
    const paymentId = newId();
    await db.transaction(async (tx) => {
      const moved = await transfer(
        tx,
        {
          id: paymentId,
          debitAccountId: card.accountId,
          creditAccountId: single,
          amount: 2_000n,
          currency: 'JPY',
          pending: true,
          reference: orderId,
        },
        now,
      );
      expect(moved.ok).toBe(true);
      await tx.insert(payments).values({
        orderId,
        id: paymentId,
        instrumentId: card.id,
        escrowTransferId: paymentId,
        pickupPointId: 'PP-1',
        paidAt: now,
      });
    });
    const released = await db.transaction((tx) => releaseEscrow(tx, orderId, 300, now));
    expect(released).toEqual({ ok: true, value: { sellerAmount: 1_940n, fee: 60n, replayed: false } });
    const account = (await getAccount(db, single))!;
    expect(account.creditsPosted - account.debitsPosted).toBe(0n);
    expect(await db.select().from(payments).where(eq(payments.orderId, orderId))).toHaveLength(1);
    expect(await ledgerBreaches(db)).toEqual([]);
  });

  it('records an announcement that comes with its payment; an earlier one with other terms stands', async () => {
    const card = await fixtures.prepaidCard(10_000n);
    const payWith = (orderId: string, amount: number, announced: number) =>
      db.transaction((tx) =>
        pay(
          tx,
          {
            orderId,
            amount,
            currency: 'JPY',
            instrument: { number: card.number, pin: card.pin },
            pickupPointId: 'PP-1',
            paymentId: newId(),
            announcement: {
              orderId,
              amount: announced,
              currency: 'JPY',
              sellerId: SELLER,
              termsHash: sha256(orderId).toString('hex'),
            },
          },
          TEST_INSTRUMENT_SETTINGS,
          now,
        ),
      );
    const fresh = `ORD-${newId().slice(0, 8)}`;
    expect(await payWith(fresh, 1_000, 1_000)).toMatchObject({ outcome: 'approved', orderId: fresh });
    const [recorded] = await db.select().from(announcements).where(eq(announcements.orderId, fresh));
    expect(recorded).toMatchObject({ amount: 1_000n, sellerId: SELLER });

    const earlier = await announce(2_000);
    expect(await payWith(earlier, 1_500, 1_500)).toMatchObject({
      outcome: 'declined',
      code: 'amount_mismatch',
    });
    const [kept] = await db.select().from(announcements).where(eq(announcements.orderId, earlier));
    expect(kept?.amount).toBe(2_000n);
    expect(await ledgerBreaches(db)).toEqual([]);
  });

  it('refunds the instrument on return: prepaid balance restored, credit debt reduced', async () => {
    const card = await prepaid(2_000n);
    const orderId = await announce(1_500);
    expect((await charge(card, orderId, 1_500n)).ok).toBe(true);
    expect(await db.transaction((tx) => refundEscrow(tx, orderId, now))).toEqual({
      ok: true,
      value: { replayed: false },
    });
    expect(await db.transaction((tx) => refundEscrow(tx, orderId, now))).toEqual({
      ok: true,
      value: { replayed: true },
    });
    expect(spendable((await getAccount(db, card.accountId))!)).toBe(2_000n);
    expect(await db.transaction((tx) => releaseEscrow(tx, orderId, 350, now))).toEqual({
      ok: false,
      error: { code: 'already_refunded' },
    });
    expect(await db.transaction((tx) => escrowState(tx, orderId))).toBe('refunded');

    const { instrument: credit } = await fixtures.credit('Taro Sato', 10_000n);
    const creditOrder = await announce(4_000);
    expect((await charge(credit, creditOrder, 4_000n)).ok).toBe(true);
    expect(debt((await getAccount(db, credit.accountId))!)).toBe(4_000n);
    expect((await db.transaction((tx) => refundEscrow(tx, creditOrder, now))).ok).toBe(true);
    expect(debt((await getAccount(db, credit.accountId))!)).toBe(0n);
    expect(await ledgerBreaches(db)).toEqual([]);
  });
});
