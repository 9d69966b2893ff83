import { closeSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { newId } from '../platform/ids.ts';
import { ensurePrivateDirectory, openPrivateFile, writePrivateFile } from '../platform/private-files.ts';
import { creditHolders, creditStatements, instruments } from '../settlement/db/schema.ts';
import { formatCardNumber } from '../settlement/instruments/card-number.ts';
import {
  creditStanding,
  type IssuedCard,
  issuePrepaidBatch,
  openCreditCard,
  recordRepayment,
  recordStatement,
  setCreditStatus,
} from '../settlement/instruments/instruments.ts';
import { type Account, debt, getAccount } from '../settlement/ledger/ledger.ts';
import { runPayouts, statementCsv } from '../settlement/remittance/payouts.ts';
import { withSettlementDatabase } from './settlement-database.ts';
import { UsageError } from './usage-error.ts';

// What the settlement host's commands (settlement-commands.ts) do, once their options are parsed.

/** Pays out released sales and writes one owner-only statement per seller and currency. */
export async function payout(o: { out: string }): Promise<void> {
  const dir = resolve(o.out);
  const statements = await withSettlementDatabase(({ db }) => {
    // Made before the run: a statement must never fail to be written after its payout commits.
    ensurePrivateDirectory(dir);
    return runPayouts(db, new Date());
  });
  if (statements.length === 0) {
    console.log('Nothing to pay out.');
    return;
  }
  for (const s of statements) {
    const file = join(dir, `payout-${s.sellerId}-${s.payoutId}.csv`);
    writePrivateFile(file, statementCsv(s), 'wx');
    const reports = s.charges.length ? `, less ${s.charges.length} analytics report(s)` : '';
    console.log(
      `seller ${s.sellerId}: ${s.amount} ${s.currency} for ${s.items.length} order(s)${reports} → ${file}`,
    );
  }
  console.log(`${statements.length} payout(s) made.`);
}

/** Issues a batch of prepaid cards into a new owner-only file; the terminal shows no number or PIN. */
export async function issueCards(o: {
  count: number;
  value: bigint;
  currency: string;
  expires?: string;
  out: string;
}): Promise<void> {
  const now = new Date();
  const expires = lastValidDay(o.expires, now);
  const file = resolve(o.out);
  const batchId = await writeSecretFile(file, 'number,pin,value,currency,expires', async () => {
    const bar = process.stderr.isTTY
      ? new SingleBar(
          { format: 'Issuing cards |{bar}| {value}/{total}', hideCursor: true, stream: process.stderr },
          Presets.shades_classic,
        )
      : undefined;
    bar?.start(o.count, 0);
    const batch = await withSettlementDatabase(({ db, pepper }) =>
      issuePrepaidBatch(
        db,
        { count: o.count, value: o.value, currency: o.currency, expiresAt: endOfDay(expires) },
        { pepper: pepper() },
        now,
        (done) => bar?.update(done),
      ),
    ).finally(() => bar?.stop());
    return {
      result: batch.batchId,
      rows: batch.cards.map((c) => cardRow(c, o.value, o.currency, expires)),
    };
  });
  console.log(`batch ${batchId}\ncards ${o.count}\nfile  ${file}`);
}

/** Opens a credit card for a holder, its number and PIN into a new owner-only file. */
export async function openCredit(o: {
  holder: string;
  limit: bigint;
  currency: string;
  expires?: string;
  out: string;
}): Promise<void> {
  const holderName = o.holder.trim();
  if (!holderName) throw new UsageError('--holder must not be empty');
  const now = new Date();
  const expires = lastValidDay(o.expires, now);
  const file = resolve(o.out);
  const instrumentId = await writeSecretFile(file, 'number,pin,limit,currency,expires', async () => {
    const card = await withSettlementDatabase(({ db, pepper }) =>
      openCreditCard(
        db,
        { holderName, limit: o.limit, currency: o.currency, expiresAt: endOfDay(expires) },
        { pepper: pepper() },
        now,
      ),
    );
    return { result: card.instrumentId, rows: [cardRow(card, o.limit, o.currency, expires)] };
  });
  console.log(`instrument ${instrumentId}\nfile       ${file}`);
}

/** Shows a credit card’s information, or sets its status. */
export async function creditStatus(
  instrumentId: string,
  status?: 'good' | 'suspended' | 'closed',
): Promise<void> {
  await withSettlementDatabase(async ({ db }) => {
    if (!status) return console.log(await describeCredit(db, instrumentId));
    if (!(await setCreditStatus(db, instrumentId, status, new Date()))) throw noCreditCard(instrumentId);
    console.log(`instrument ${instrumentId}: status ${status}`);
  });
}

/** Records a repayment; repeating it with the same ID changes nothing. */
export async function repay(instrumentId: string, o: { amount: bigint; id?: string }): Promise<void> {
  const id = o.id ?? newId();
  await withSettlementDatabase(async ({ db }) => {
    const repaid = await recordRepayment(db, { id, instrumentId, amount: o.amount }, new Date());
    if (!repaid.ok) {
      if (repaid.error.code === 'unknown_instrument') throw noCreditCard(instrumentId);
      if (repaid.error.code === 'id_reused') {
        throw new UsageError(`repayment ${id} was already recorded with other details`);
      }
      throw new UsageError(`repayment refused: ${repaid.error.code}`);
    }
    const { account } = await creditCard(db, instrumentId);
    console.log(`repayment ${id}\ndebt now ${debt(account)} ${account.currency}`);
  });
}

/** Records a statement of the holder’s payment history. */
export async function recordCreditStatement(
  instrumentId: string,
  o: { due: string; amount: bigint; paid?: string },
): Promise<void> {
  const now = new Date();
  if (o.paid && new Date(`${o.paid}T00:00:00Z`) > now)
    throw new UsageError('--paid must not be in the future');
  await withSettlementDatabase(async ({ db }) => {
    await creditCard(db, instrumentId);
    // Both days count to their end, so a statement paid on its due day is on time.
    const id = await recordStatement(
      db,
      {
        instrumentId,
        dueAt: endOfDay(o.due),
        amountDue: o.amount,
        paidAt: o.paid ? endOfDay(o.paid) : null,
      },
      now,
    );
    console.log(`statement ${id} recorded for instrument ${instrumentId}`);
  });
}

/**
 * Claims `file` (new, owner-only) before any work, so an existing file is refused at once and
 * the numbers and PINs can always be written once the cards exist; removed again if the work
 * fails. The numbers and PINs go only there, never to the terminal.
 */
async function writeSecretFile<T>(
  file: string,
  header: string,
  work: () => Promise<{ result: T; rows: string[] }>,
): Promise<T> {
  let fd: number;
  try {
    fd = openPrivateFile(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(`${file} already exists; give --out a new file`);
    }
    throw error;
  }
  try {
    const { result, rows } = await work();
    writeFileSync(fd, `${[header, ...rows].join('\n')}\n`);
    return result;
  } catch (error) {
    rmSync(file, { force: true });
    throw error;
  } finally {
    closeSync(fd);
  }
}

const cardRow = (card: IssuedCard, amount: bigint, currency: string, expires: string) =>
  `${formatCardNumber(card.number)},${card.pin},${amount},${currency},${expires}`;

/** The last day of validity: as given (it must lie ahead), or three years on. */
function lastValidDay(given: string | undefined, now: Date): string {
  if (given) {
    if (endOfDay(given) <= now) throw new UsageError('--expires must be a day in the future');
    return given;
  }
  return new Date(Date.UTC(now.getUTCFullYear() + 3, now.getUTCMonth(), now.getUTCDate()))
    .toISOString()
    .slice(0, 10);
}

/** A day counts to its end: the instant it is over, midnight UTC after it. */
const endOfDay = (day: string) => new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000);
/** The day an instant ends: the inverse of endOfDay. */
const dayEnding = (at: Date) => new Date(at.getTime() - 1).toISOString().slice(0, 10);

const noCreditCard = (instrumentId: string) =>
  new UsageError(`no credit card has instrument ID ${instrumentId}`);

async function creditCard(db: Db, instrumentId: string) {
  const [row] = await db
    .select({ instrument: instruments, holder: creditHolders })
    .from(instruments)
    .innerJoin(creditHolders, eq(creditHolders.instrumentId, instruments.id))
    .where(eq(instruments.id, instrumentId));
  if (!row) throw noCreditCard(instrumentId);
  return { ...row, account: (await getAccount(db, row.instrument.accountId)) as Account };
}

async function describeCredit(db: Db, instrumentId: string): Promise<string> {
  const { instrument, holder, account } = await creditCard(db, instrumentId);
  const now = new Date();
  const standing = await creditStanding(db, instrumentId, now);
  const statements = await db
    .select()
    .from(creditStatements)
    .where(eq(creditStatements.instrumentId, instrumentId))
    .orderBy(asc(creditStatements.dueAt));
  const lines = [
    `instrument  ${instrumentId}`,
    `holder      ${holder.holderName}`,
    `status      ${holder.status}`,
    `limit       ${account.creditLimit} ${account.currency}`,
    `debt        ${debt(account)} ${account.currency}`,
    `valid to    ${dayEnding(instrument.expiresAt)}${instrument.expiresAt <= now ? ' (expired)' : ''}`,
    `credit      ${standing.ok ? 'would be approved' : `would be declined (${standing.error.code})`}`,
    `statements  ${statements.length || 'none'}`,
  ];
  for (const s of statements) {
    const paid = s.paidAt
      ? `paid ${dayEnding(s.paidAt)}${s.paidAt > s.dueAt ? ' (late)' : ''}`
      : s.dueAt < now
        ? 'unpaid (overdue)'
        : 'open';
    lines.push(`  due ${dayEnding(s.dueAt)}  ${s.amountDue} ${account.currency}  ${paid}`);
  }
  return lines.join('\n');
}
