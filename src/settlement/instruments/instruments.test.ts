import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { type Db, queryRows } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { hmacSha256, slowHash } from '../../platform/secrets.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { instruments } from '../db/schema.ts';
import { debt, getAccount, spendable } from '../ledger/ledger.ts';
import {
  settlementFixtures,
  TEST_INSTRUMENT_SETTINGS,
  useSettlementDatabase,
} from '../testing/settlement-fixtures.ts';
import { luhnValid } from './card-number.ts';
import {
  authenticate,
  creditStanding,
  type InstrumentSettings,
  issuePrepaidBatch,
  recordRepayment,
  recordStatement,
  setCreditStatus,
} from './instruments.ts';

const SETTINGS: InstrumentSettings = {
  ...TEST_INSTRUMENT_SETTINGS,
  maxPinAttempts: 3,
  pinLockMs: 15 * 60_000,
};
const DAY = 86_400_000;
const wrongPin = (pin: string) => (pin === '000000' ? '111111' : '000000');

describeEachDatabase('payment instruments', (dbKind) => {
  let db: Db;
  let fixtures: ReturnType<typeof settlementFixtures>;
  const now = new Date('2026-11-21T10:00:00Z');
  const later = (ms: number) => new Date(now.getTime() + ms);
  useSettlementDatabase(dbKind, (opened) => {
    db = opened;
    fixtures = settlementFixtures(db, now);
  });

  const check = (number: string, pin: string, at = now) =>
    db.transaction((tx) => authenticate(tx, { number, pin }, SETTINGS, at));

  it('issues a batch of prepaid cards: Luhn-valid numbers, loaded with their value, nothing readable stored', async () => {
    const progress: number[] = [];
    const { cards } = await issuePrepaidBatch(
      db,
      { count: 3, value: 5_000n, currency: 'JPY', expiresAt: later(365 * DAY) },
      SETTINGS,
      now,
      (done) => progress.push(done),
    );
    expect(progress).toEqual([1, 2, 3]);
    expect(new Set(cards.map((c) => c.number)).size).toBe(3);
    for (const card of cards) {
      expect(card.number).toMatch(/^\d{16}$/);
      expect(luhnValid(card.number)).toBe(true);
      expect(card.pin).toMatch(/^\d{6}$/);
      const found = await check(card.number, card.pin);
      expect(found.ok).toBe(true);
      if (found.ok) expect(spendable((await getAccount(db, found.value.accountId))!)).toBe(5_000n);
    }
    const stored = JSON.stringify(await queryRows(db, sql`SELECT * FROM instruments`));
    for (const card of cards) {
      expect(stored).not.toContain(card.number);
      expect(stored).not.toContain(`${card.number.slice(-4)}"`);
      expect(stored).not.toContain(`"${card.pin}"`);
    }
  });

  it('verifies PINs with a keyed MAC, and replaces a scrypt verifier of older cards on the next right PIN', async () => {
    const card = await fixtures.prepaidCard(1_000n, { expiresAt: later(DAY) });
    const verifier = async () =>
      (await db.select().from(instruments).where(eq(instruments.id, card.instrumentId)))[0]!.pinHash;
    expect(await verifier()).toMatch(/^hmac-sha256\$[\w-]{43}$/);

    // As stored before: scrypt of the PIN keyed with the secret key.
    const legacy = await slowHash(
      hmacSha256(SETTINGS.pepper, `pin:${card.instrumentId}:${card.pin}`).toString('base64url'),
    );
    await db.update(instruments).set({ pinHash: legacy }).where(eq(instruments.id, card.instrumentId));
    const wrong = wrongPin(card.pin);
    expect((await check(card.number, wrong)).ok).toBe(false);
    expect(await verifier()).toBe(legacy);
    expect((await check(card.number, card.pin)).ok).toBe(true);
    const upgraded = await verifier();
    expect(upgraded).toMatch(/^hmac-sha256\$[\w-]{43}$/);
    expect((await check(card.number, card.pin)).ok).toBe(true);
    expect(!(await check(card.number, wrong)).ok).toBe(true);
    expect(await verifier()).toBe(upgraded);
  });

  it('locks a card after repeated wrong PINs, counted even in parallel, and unlocks it later', async () => {
    const card = await fixtures.prepaidCard(1_000n, { expiresAt: later(DAY) });
    const wrong = wrongPin(card.pin);
    const first = await check(card.number, wrong);
    expect(!first.ok && first.error).toEqual({ code: 'wrong_pin', attemptsLeft: 2 });
    const parallel = await Promise.all([check(card.number, wrong), check(card.number, wrong)]);
    expect(parallel.map((r) => !r.ok && r.error.code).sort()).toEqual(['instrument_locked', 'wrong_pin']);
    const right = await check(card.number, card.pin);
    expect(!right.ok && right.error.code).toBe('instrument_locked');
    expect((await check(card.number, card.pin, later(16 * 60_000))).ok).toBe(true);
  });

  it('refuses an unknown number and an expired card, distinctly', async () => {
    expect(await check('9392000000000000', '123456')).toEqual({
      ok: false,
      error: { code: 'unknown_instrument' },
    });
    const card = await fixtures.prepaidCard(1_000n, { expiresAt: later(DAY) });
    const expired = await check(card.number, card.pin, later(2 * DAY));
    expect(!expired.ok && expired.error).toEqual({ code: 'instrument_expired', kind: 'prepaid' });
  });

  it('judges credit by status and payment history, and takes repayments off the debt', async () => {
    const card = await fixtures.credit('Hanako Yamada', 100_000n, later(365 * DAY));
    expect((await creditStanding(db, card.instrumentId, now)).ok).toBe(true);

    await recordStatement(
      db,
      {
        instrumentId: card.instrumentId,
        dueAt: later(-60 * DAY),
        amountDue: 5_000n,
        paidAt: later(-50 * DAY),
      },
      now,
    );
    expect((await creditStanding(db, card.instrumentId, now)).ok).toBe(true);
    await recordStatement(
      db,
      {
        instrumentId: card.instrumentId,
        dueAt: later(-30 * DAY),
        amountDue: 5_000n,
        paidAt: later(-20 * DAY),
      },
      now,
    );
    expect(await creditStanding(db, card.instrumentId, now)).toEqual({
      ok: false,
      error: { code: 'credit_history' },
    });

    const other = await fixtures.credit('Taro Sato', 100_000n, later(365 * DAY));
    await recordStatement(
      db,
      { instrumentId: other.instrumentId, dueAt: later(-DAY), amountDue: 1_000n, paidAt: null },
      now,
    );
    expect(await creditStanding(db, other.instrumentId, now)).toEqual({
      ok: false,
      error: { code: 'credit_history' },
    });

    const fresh = await fixtures.credit('Jiro Ito', 100_000n, later(365 * DAY));
    await setCreditStatus(db, fresh.instrumentId, 'suspended', now);
    expect(await creditStanding(db, fresh.instrumentId, now)).toEqual({
      ok: false,
      error: { code: 'credit_suspended' },
    });
    await setCreditStatus(db, fresh.instrumentId, 'closed', now);
    expect(await creditStanding(db, fresh.instrumentId, now)).toEqual({
      ok: false,
      error: { code: 'credit_closed' },
    });

    const repaid = await recordRepayment(
      db,
      { id: newId(), instrumentId: fresh.instrumentId, amount: 2_500n },
      now,
    );
    expect(repaid.ok).toBe(true);
    expect(debt((await getAccount(db, fresh.instrument.accountId))!)).toBe(-2_500n);
  });
});
