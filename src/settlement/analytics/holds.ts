import { eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { derivedId } from '../../platform/ids.ts';
import { keysetAfter, keysetOrder, type Page, toPage } from '../../platform/paging.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import type {
  AnalyticsDeclineCode,
  AnalyticsHold,
  AnalyticsHoldRequest,
  AnalyticsHoldState,
} from '../../protocol/settlement.ts';
import { analyticsHolds, transfers } from '../db/schema.ts';
import { creditStanding, type InstrumentSettings } from '../instruments/instruments.ts';
import { getAccount, resolvePending, type TransferFailure, transfer } from '../ledger/ledger.ts';
import { systemAccount, systemAccountId } from '../ledger/system-accounts.ts';
import { authenticateCard, cardTransferDecline } from '../payments/charge.ts';
import { keyedRequestHash, normalizedCardNumber } from '../payments/request-hash.ts';

/**
 * A seller's payment for an analytics report (seed 000, FIG. 5). C1: on the seller's
 * acceptance of the quote the price is held — a pending transfer from the seller's payable or a
 * card into analytics revenue; C4: once the report is released it is captured (posted); a
 * failure before the release voids it. Every transfer's ID follows from the hold ID, which the
 * market chooses, so a repeat finds the hold it made.
 */

export type HoldDecline = { code: AnalyticsDeclineCode; attemptsLeft?: number };
export type HoldFailure = { code: 'declined'; decline: HoldDecline } | { code: 'hold_conflict' };
export type ResolveHoldFailure =
  | { code: 'hold_not_found' }
  | { code: 'hold_voided'; hold: AnalyticsHold }
  | { code: 'hold_captured'; hold: AnalyticsHold };

const holdTransferId = (holdId: string) => derivedId(`analytics:hold:${holdId}`);
const resolutionTransferId = (holdId: string, action: 'post' | 'void') =>
  derivedId(`analytics:${action === 'post' ? 'capture' : 'void'}:${holdId}`);

/** What a repeat under a hold ID must match: everything asked but the PIN, the card keyed. */
export const holdTermsHash = (secretKey: string, request: AnalyticsHoldRequest) =>
  keyedRequestHash(secretKey, {
    sellerId: request.sellerId,
    amount: request.amount,
    currency: request.currency,
    source:
      request.source.type === 'card'
        ? { type: 'card', number: normalizedCardNumber(request.source.number) }
        : { type: 'payable' },
  });

export interface HoldSettings {
  /** The settlement's secret: the hold's terms are kept only as a keyed hash. */
  secretKey: string;
  instruments: InstrumentSettings;
}

/**
 * C1 at settlement, in the caller's transaction: the price moves from the source into analytics
 * revenue as a pending transfer. A payable may not go below zero; a card is authenticated (wrong
 * PINs counted, so the caller commits a decline too) and, for credit, must stand. A decline
 * holds nothing. The same hold ID again answers the hold it made when the terms are the same,
 * and is a conflict when they are not; concurrent requests under one hold ID take turns.
 */
export async function holdAnalytics(
  tx: Tx,
  request: AnalyticsHoldRequest,
  settings: HoldSettings,
  now: Date,
): Promise<Result<{ hold: AnalyticsHold; replayed: boolean }, HoldFailure>> {
  // One hold ID at a time: a concurrent repeat waits here, then finds the hold made.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`analytics:${request.holdId}`}, 0))`);
  const termsHash = holdTermsHash(settings.secretKey, request);
  const [existing] = await tx.select().from(analyticsHolds).where(eq(analyticsHolds.holdId, request.holdId));
  if (existing) {
    if (existing.termsHash !== termsHash) return err({ code: 'hold_conflict' });
    return ok({ hold: (await findHold(tx, request.holdId)) as AnalyticsHold, replayed: true });
  }

  const source = await sourceAccount(tx, request, settings.instruments, now);
  if (!source.ok) return err({ code: 'declined', decline: source.error });
  const revenue = await systemAccount(tx, 'analytics_revenue', request.currency, now);
  const held = await transfer(
    tx,
    {
      id: holdTransferId(request.holdId),
      debitAccountId: source.value.accountId,
      creditAccountId: revenue,
      amount: BigInt(request.amount),
      currency: request.currency,
      pending: true,
      reference: `analytics:${request.holdId}`,
    },
    now,
  );
  if (!held.ok) {
    const decline =
      request.source.type === 'payable' ? payableDecline(held.error) : cardTransferDecline(held.error);
    return err({ code: 'declined', decline });
  }
  await tx.insert(analyticsHolds).values({
    holdId: request.holdId,
    sellerId: request.sellerId,
    amount: BigInt(request.amount),
    currency: request.currency,
    source: request.source.type,
    instrumentId: source.value.instrumentId,
    termsHash,
    transferId: held.value.id,
    heldAt: now,
  });
  return ok({ hold: (await findHold(tx, request.holdId)) as AnalyticsHold, replayed: false });
}

/** The account the price comes from, with the card it belongs to. */
async function sourceAccount(
  tx: Tx,
  request: AnalyticsHoldRequest,
  settings: InstrumentSettings,
  now: Date,
): Promise<Result<{ accountId: string; instrumentId: string | null }, HoldDecline>> {
  if (request.source.type === 'payable') {
    // A seller that was never paid anything has no payable yet, and so nothing to pay with.
    const payable = await getAccount(
      tx,
      systemAccountId('seller_payable', request.currency, request.sellerId),
    );
    return payable
      ? ok({ accountId: payable.id, instrumentId: null })
      : err({ code: 'insufficient_payable' });
  }
  const card = await authenticateCard(tx, request.source, settings, now);
  if (!card.ok) return card;
  if (card.value.kind === 'credit') {
    const standing = await creditStanding(tx, card.value.id, now);
    if (!standing.ok) return err({ code: standing.error.code });
  }
  return ok({ accountId: card.value.accountId, instrumentId: card.value.id });
}

function payableDecline(failure: TransferFailure): HoldDecline {
  if (failure.code === 'exceeds_balance') return { code: 'insufficient_payable' };
  throw new Error(`payable transfer refused: ${failure.code}`);
}

/** C4: the report is released, so its price is taken: posted into analytics revenue, once. */
export const captureHold = (tx: Tx, holdId: string, now: Date) => resolveHold(tx, holdId, 'post', now);

/** The report could not be released: the price goes back to where it came from, once. */
export const voidHold = (tx: Tx, holdId: string, now: Date) => resolveHold(tx, holdId, 'void', now);

async function resolveHold(
  tx: Tx,
  holdId: string,
  action: 'post' | 'void',
  now: Date,
): Promise<Result<{ hold: AnalyticsHold; replayed: boolean }, ResolveHoldFailure>> {
  const [row] = await tx.select().from(analyticsHolds).where(eq(analyticsHolds.holdId, holdId));
  if (!row) return err({ code: 'hold_not_found' });
  const resolved = await resolvePending(
    tx,
    { id: resolutionTransferId(holdId, action), pendingId: row.transferId, action },
    now,
  );
  const hold = (await findHold(tx, holdId)) as AnalyticsHold;
  if (resolved.ok) return ok({ hold, replayed: resolved.value.replayed });
  if (resolved.error.code !== 'already_resolved')
    throw new Error(`hold ${action} refused: ${resolved.error.code}`);
  return err(action === 'post' ? { code: 'hold_voided', hold } : { code: 'hold_captured', hold });
}

const resolution = alias(transfers, 'resolution');

const holdRows = (db: Executor, where: SQL | undefined) =>
  db
    .select({ hold: analyticsHolds, resolvedKind: resolution.kind, resolvedAt: resolution.createdAt })
    .from(analyticsHolds)
    .leftJoin(resolution, eq(resolution.pendingId, analyticsHolds.transferId))
    .where(where);

type HoldRow = Awaited<ReturnType<typeof holdRows>>[number];

const stateOf = (row: HoldRow): AnalyticsHoldState =>
  !row.resolvedKind ? 'held' : row.resolvedKind === 'post_pending' ? 'captured' : 'voided';

function holdView(row: HoldRow): AnalyticsHold {
  const state = stateOf(row);
  return {
    holdId: row.hold.holdId,
    sellerId: row.hold.sellerId,
    amount: Number(row.hold.amount),
    currency: row.hold.currency,
    source: row.hold.source,
    state,
    heldAt: row.hold.heldAt.toISOString(),
    capturedAt: state === 'captured' ? (row.resolvedAt?.toISOString() ?? null) : null,
    voidedAt: state === 'voided' ? (row.resolvedAt?.toISOString() ?? null) : null,
  };
}

export async function findHold(db: Executor, holdId: string): Promise<AnalyticsHold | undefined> {
  const [row] = await holdRows(db, eq(analyticsHolds.holdId, holdId));
  return row && holdView(row);
}

const KEYSET = [analyticsHolds.holdId];

/** Every hold's state, a page at a time in hold-ID order, for reconciliation with the market. */
export async function holdStates(
  db: Executor,
  cursor: readonly [string] | undefined,
  limit: number,
): Promise<Page<Pick<AnalyticsHold, 'holdId' | 'sellerId' | 'amount' | 'currency' | 'state'>>> {
  const rows = await holdRows(db, cursor ? keysetAfter(KEYSET, cursor, 'asc') : undefined)
    .orderBy(...keysetOrder(KEYSET, 'asc'))
    .limit(limit + 1);
  return toPage(
    rows,
    limit,
    (r) => [r.hold.holdId],
    (r) => {
      const { holdId, sellerId, amount, currency, state } = holdView(r);
      return { holdId, sellerId, amount, currency, state };
    },
  );
}
