import { sql, TransactionRollbackError } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { type Db, queryRows } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import type { AnalyticsHoldRequest } from '../../protocol/settlement.ts';
import { generateCardNumber } from '../instruments/card-number.ts';
import { setCreditStatus } from '../instruments/instruments.ts';
import { ledgerBreaches } from '../ledger/invariants.ts';
import { debt, getAccount, spendable, transfer } from '../ledger/ledger.ts';
import { systemAccount, systemAccountId } from '../ledger/system-accounts.ts';
import { releaseEscrow } from '../payments/escrow.ts';
import { runPayouts, statementCsv } from '../remittance/payouts.ts';
import {
  settlementFixtures,
  TEST_INSTRUMENT_SETTINGS,
  useSettlementDatabase,
} from '../testing/settlement-fixtures.ts';
import { captureHold, findHold, holdAnalytics, holdStates, voidHold } from './holds.ts';

const SETTINGS = { secretKey: TEST_INSTRUMENT_SETTINGS.pepper, instruments: TEST_INSTRUMENT_SETTINGS };

describeEachDatabase('analytics report payments: hold, capture, void', (dbKind) => {
  let db: Db;
  let f: ReturnType<typeof settlementFixtures>;
  const now = new Date('2026-11-21T10:00:00Z');
  useSettlementDatabase(dbKind, (opened) => {
    db = opened;
    f = settlementFixtures(db, now);
  });
  afterEach(async () => {
    expect(await ledgerBreaches(db)).toEqual([]);
  });

  /** A seller whose payable holds `amount`: a sale of that amount picked up, with no fee. */
  const sellerWithPayable = async (amount: number) => {
    const sellerId = newId();
    const orderId = await f.announce(amount, sellerId);
    expect((await f.charge(await f.prepaid(BigInt(amount)), orderId, BigInt(amount))).ok).toBe(true);
    expect((await db.transaction((tx) => releaseEscrow(tx, orderId, 0, now))).ok).toBe(true);
    return { sellerId, orderId };
  };
  const payableOf = async (sellerId: string) =>
    spendable((await getAccount(db, systemAccountId('seller_payable', 'JPY', sellerId)))!);
  const revenue = () => getAccount(db, systemAccountId('analytics_revenue', 'JPY'));
  const fromPayable = (sellerId: string, amount: number, holdId = newId()): AnalyticsHoldRequest => ({
    holdId,
    sellerId,
    amount,
    currency: 'JPY',
    source: { type: 'payable' },
  });
  const hold = (request: AnalyticsHoldRequest) =>
    db.transaction((tx) => holdAnalytics(tx, request, SETTINGS, now));
  const capture = (holdId: string) => db.transaction((tx) => captureHold(tx, holdId, now));
  const voidIt = (holdId: string) => db.transaction((tx) => voidHold(tx, holdId, now));
  const count = async (table: string) =>
    (await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`))[0]?.n;

  it('holds the price on the payable, then captures it into analytics revenue once', async () => {
    const { sellerId } = await sellerWithPayable(10_000);
    const request = fromPayable(sellerId, 3_000);
    const held = await hold(request);
    expect(held).toEqual({
      ok: true,
      value: {
        replayed: false,
        hold: {
          holdId: request.holdId,
          sellerId,
          amount: 3_000,
          currency: 'JPY',
          source: 'payable',
          state: 'held',
          heldAt: now.toISOString(),
          capturedAt: null,
          voidedAt: null,
        },
      },
    });
    expect(await payableOf(sellerId)).toBe(7_000n);
    const pendingBefore = (await revenue())!.creditsPending;

    const captured = await capture(request.holdId);
    expect(captured).toMatchObject({ ok: true, value: { replayed: false, hold: { state: 'captured' } } });
    expect(captured.ok && captured.value.hold.capturedAt).toBe(now.toISOString());
    expect(await capture(request.holdId)).toMatchObject({ ok: true, value: { replayed: true } });
    expect(await payableOf(sellerId)).toBe(7_000n);
    expect((await revenue())!.creditsPending).toBe(pendingBefore - 3_000n);
    expect((await revenue())!.creditsPosted).toBeGreaterThanOrEqual(3_000n);

    // Capture is final: the price never goes back.
    expect(await voidIt(request.holdId)).toMatchObject({
      ok: false,
      error: { code: 'hold_captured', hold: { state: 'captured' } },
    });
    expect(await payableOf(sellerId)).toBe(7_000n);
  });

  it('voids a hold before release: the price goes back, and a capture after is refused', async () => {
    const { sellerId } = await sellerWithPayable(5_000);
    const request = fromPayable(sellerId, 5_000);
    expect((await hold(request)).ok).toBe(true);
    expect(await payableOf(sellerId)).toBe(0n);
    expect(await voidIt(request.holdId)).toMatchObject({
      ok: true,
      value: { replayed: false, hold: { state: 'voided', voidedAt: now.toISOString() } },
    });
    expect(await voidIt(request.holdId)).toMatchObject({ ok: true, value: { replayed: true } });
    expect(await payableOf(sellerId)).toBe(5_000n);
    expect(await capture(request.holdId)).toMatchObject({
      ok: false,
      error: { code: 'hold_voided', hold: { state: 'voided' } },
    });
    expect(await payableOf(sellerId)).toBe(5_000n);
    // The hold ID is spent: asking again answers the voided hold, it holds nothing new.
    expect(await hold(request)).toMatchObject({
      ok: true,
      value: { replayed: true, hold: { state: 'voided' } },
    });
    expect(await payableOf(sellerId)).toBe(5_000n);
  });

  it('answers a repeat with the hold it made, and refuses the hold ID with other terms', async () => {
    const { sellerId } = await sellerWithPayable(10_000);
    const request = fromPayable(sellerId, 1_000);
    const first = await hold(request);
    expect(await hold(request)).toEqual({
      ok: true,
      value: { hold: first.ok && first.value.hold, replayed: true },
    });
    const card = await f.prepaidCard(10_000n);
    for (const other of [
      { ...request, amount: 1_001 },
      { ...request, sellerId: newId() },
      { ...request, currency: 'USD' },
      { ...request, source: { type: 'card' as const, number: card.number, pin: card.pin } },
    ])
      expect(await hold(other)).toEqual({ ok: false, error: { code: 'hold_conflict' } });
    expect(await payableOf(sellerId)).toBe(9_000n);
    expect(await capture(newId())).toEqual({ ok: false, error: { code: 'hold_not_found' } });
    expect(await voidIt(newId())).toEqual({ ok: false, error: { code: 'hold_not_found' } });
  });

  it('declines a price beyond the payable, and one from a seller never paid, holding nothing', async () => {
    const { sellerId } = await sellerWithPayable(2_000);
    const [transfers, holds] = [await count('transfers'), await count('analytics_holds')];
    const short = fromPayable(sellerId, 2_001);
    const declined = { ok: false, error: { code: 'declined', decline: { code: 'insufficient_payable' } } };
    expect(await hold(short)).toEqual(declined);
    expect(await hold(fromPayable(newId(), 1))).toEqual(declined);
    expect(await hold({ ...fromPayable(sellerId, 100), currency: 'EUR' })).toEqual(declined);
    expect([await count('transfers'), await count('analytics_holds')]).toEqual([transfers, holds]);
    expect(await findHold(db, short.holdId)).toBeUndefined();
    expect(await payableOf(sellerId)).toBe(2_000n);
    // The hold ID of a decline is free: once the payable covers the price, it holds.
    expect((await hold({ ...short, amount: 2_000 })).ok).toBe(true);
  });

  it('never overdraws the payable: of 20 concurrent holds, exactly those it covers are held', async () => {
    const { sellerId } = await sellerWithPayable(7_000);
    const answers = await Promise.all(Array.from({ length: 20 }, () => hold(fromPayable(sellerId, 1_000))));
    expect(answers.filter((a) => a.ok)).toHaveLength(7);
    expect(answers.filter((a) => !a.ok).map((a) => !a.ok && a.error)).toEqual(
      Array(13).fill({ code: 'declined', decline: { code: 'insufficient_payable' } }),
    );
    expect(await payableOf(sellerId)).toBe(0n);

    // And one hold ID asked 20 times at once is one hold.
    const { sellerId: other } = await sellerWithPayable(50_000);
    const once = fromPayable(other, 2_500);
    const repeats = await Promise.all(Array.from({ length: 20 }, () => hold(once)));
    expect(repeats.filter((a) => a.ok && !a.value.replayed)).toHaveLength(1);
    expect(repeats.every((a) => a.ok)).toBe(true);
    expect(await payableOf(other)).toBe(47_500n);
    const concurrently = await Promise.all([capture(once.holdId), voidIt(once.holdId), capture(once.holdId)]);
    const done = concurrently.filter((r) => r.ok && !r.value.replayed);
    expect(done).toHaveLength(1);
  });

  it('holds on a prepaid or credit card and gives it back on void', async () => {
    const prepaid = await f.prepaidCard(5_000n);
    const seller = newId();
    const byCard = (card: { number: string; pin: string }, amount: number, holdId = newId()) => ({
      ...fromPayable(seller, amount, holdId),
      source: { type: 'card' as const, number: card.number, pin: card.pin },
    });
    const held = await hold(byCard(prepaid, 4_000));
    expect(held).toMatchObject({ ok: true, value: { hold: { source: 'card', state: 'held' } } });
    const instrument = (
      await queryRows<{ account_id: string }>(
        db,
        sql`SELECT account_id FROM instruments WHERE id = ${prepaid.instrumentId}`,
      )
    )[0]!.account_id;
    expect(spendable((await getAccount(db, instrument))!)).toBe(1_000n);
    // The same card typed in groups is the same terms.
    const spaced = { number: prepaid.number.replace(/(\d{4})(?=\d)/g, '$1 '), pin: prepaid.pin };
    expect(held.ok && (await hold(byCard(spaced, 4_000, held.value.hold.holdId)))).toMatchObject({
      ok: true,
      value: { replayed: true },
    });
    expect((await voidIt(held.ok ? held.value.hold.holdId : '')).ok).toBe(true);
    expect(spendable((await getAccount(db, instrument))!)).toBe(5_000n);

    const credit = await f.credit('Hanako Yamada', 10_000n);
    const onCredit = await hold(byCard(credit, 6_000));
    expect(onCredit.ok).toBe(true);
    expect(debt((await getAccount(db, credit.instrument.accountId))!)).toBe(6_000n);
    expect((await capture(onCredit.ok ? onCredit.value.hold.holdId : '')).ok).toBe(true);
    expect(debt((await getAccount(db, credit.instrument.accountId))!)).toBe(6_000n);
  });

  it('declines a card for the card’s own reasons, each distinct, holding nothing', async () => {
    const seller = newId();
    const byCard = (card: { number: string; pin: string }, amount = 1_000, currency = 'JPY') =>
      hold({
        holdId: newId(),
        sellerId: seller,
        amount,
        currency,
        source: { type: 'card', number: card.number, pin: card.pin },
      });
    const declined = (code: string, extra = {}) => ({
      ok: false,
      error: { code: 'declined', decline: { code, ...extra } },
    });
    const prepaid = await f.prepaidCard(2_000n);
    const wrongPin = prepaid.pin === '000000' ? '111111' : '000000';
    const credit = await f.credit('Taro Sato', 5_000n);
    const suspended = await f.credit('Jiro Suzuki', 5_000n);
    await setCreditStatus(db, suspended.instrumentId, 'suspended', now);
    const expired = await f.prepaidCard(9_000n, { expiresAt: new Date('2026-01-01') });
    const typo = `${prepaid.number.slice(0, -1)}${(Number(prepaid.number.at(-1)) + 1) % 10}`;
    const holdsBefore = await count('analytics_holds');
    const transfersBefore = await count('transfers');

    expect(await byCard({ number: typo, pin: prepaid.pin })).toEqual(declined('invalid_number'));
    expect(await byCard({ number: generateCardNumber('prepaid'), pin: '1234' })).toEqual(
      declined('unknown_instrument'),
    );
    expect(await byCard({ number: prepaid.number, pin: wrongPin })).toEqual(
      declined('wrong_pin', { attemptsLeft: 4 }),
    );
    expect(await byCard(prepaid, 2_001)).toEqual(declined('insufficient_balance'));
    expect(await byCard(prepaid, 100, 'USD')).toEqual(declined('currency_mismatch'));
    expect(await byCard(expired)).toEqual(declined('card_expired'));
    expect(await byCard(credit, 5_001)).toEqual(declined('over_limit'));
    expect(await byCard(suspended)).toEqual(declined('credit_suspended'));
    expect([await count('analytics_holds'), await count('transfers')]).toEqual([
      holdsBefore,
      transfersBefore,
    ]);
  });

  it('pages every hold’s state in hold-ID order', async () => {
    const { sellerId } = await sellerWithPayable(3_000);
    const [a, b, c] = [
      fromPayable(sellerId, 1_000),
      fromPayable(sellerId, 1_000),
      fromPayable(sellerId, 1_000),
    ];
    for (const r of [a, b, c]) expect((await hold(r)).ok).toBe(true);
    expect((await capture(a.holdId)).ok).toBe(true);
    expect((await voidIt(b.holdId)).ok).toBe(true);
    const seen = [];
    let cursor: readonly [string] | undefined;
    do {
      const page = await holdStates(db, cursor, 2);
      seen.push(...page.items);
      cursor = page.nextCursor ? [page.items.at(-1)!.holdId] : undefined;
    } while (cursor);
    expect(seen.map((h) => h.holdId)).toEqual(seen.map((h) => h.holdId).sort());
    const states = Object.fromEntries(seen.map((h) => [h.holdId, h.state]));
    expect([states[a.holdId], states[b.holdId], states[c.holdId]]).toEqual(['captured', 'voided', 'held']);
  });

  it('deducts reports paid from the payable at payout, and waits while a price is on hold', async () => {
    const { sellerId, orderId } = await sellerWithPayable(10_000);
    const paid = fromPayable(sellerId, 1_500);
    const returned = fromPayable(sellerId, 700);
    const pending = fromPayable(sellerId, 200);
    for (const r of [paid, returned, pending]) expect((await hold(r)).ok).toBe(true);
    expect((await capture(paid.holdId)).ok).toBe(true);
    expect((await voidIt(returned.holdId)).ok).toBe(true);

    // A price on hold: this seller's payout waits for the report.
    expect((await runPayouts(db, now)).filter((s) => s.sellerId === sellerId)).toEqual([]);
    expect((await capture(pending.holdId)).ok).toBe(true);
    const [statement, ...others] = (await runPayouts(db, now)).filter((s) => s.sellerId === sellerId);
    expect(others).toEqual([]);
    expect(statement).toMatchObject({
      amount: 8_300n,
      items: [{ orderId, amount: 10_000n }],
      charges: [paid, pending]
        .map((r) => ({ holdId: r.holdId, amount: BigInt(r.amount) }))
        .sort((x, y) => x.holdId.localeCompare(y.holdId)),
    });
    expect(statementCsv(statement!)).toContain(`analytics_report,${paid.holdId},-1500,JPY\n`);
    expect(statementCsv(statement!)).toContain('total,,8300,JPY\n');
    expect(await payableOf(sellerId)).toBe(0n);
    expect((await runPayouts(db, now)).filter((s) => s.sellerId === sellerId)).toEqual([]);
  });

  it('names analytics revenue moved for no report payment, and a hold whose transfer is not its own', async () => {
    const { sellerId } = await sellerWithPayable(1_000);
    const request = fromPayable(sellerId, 400);
    expect((await hold(request)).ok).toBe(true);
    // Breaches made and seen inside a transaction that is then rolled back: the ledger is append-only.
    const rolledBack = await db
      .transaction(async (tx) => {
        const stray = newId();
        const moved = await transfer(
          tx,
          {
            id: stray,
            debitAccountId: await systemAccount(tx, 'market_fees', 'JPY', now),
            creditAccountId: await systemAccount(tx, 'analytics_revenue', 'JPY', now),
            amount: 1n,
            currency: 'JPY',
          },
          now,
        );
        expect(moved.ok).toBe(true);
        await tx.execute(sql`UPDATE analytics_holds SET amount = 401 WHERE hold_id = ${request.holdId}`);
        expect(await ledgerBreaches(tx)).toEqual([
          `analytics hold ${request.holdId}: its transfer differs from the hold`,
          `transfer ${stray}: moves analytics revenue for no report payment`,
        ]);
        tx.rollback();
      })
      .catch((error: Error) => error);
    expect(rolledBack).toBeInstanceOf(TransactionRollbackError);
  });
});
