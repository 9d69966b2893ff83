import { and, eq, lte, sql } from 'drizzle-orm';
import { utcDay } from '../../platform/clock.ts';
import { ClosedLinkUnavailable } from '../../platform/closed-link/client.ts';
import type { Tx } from '../../platform/db/database.ts';
import { requestHash } from '../../platform/idempotency.ts';
import { newId } from '../../platform/ids.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import type { AnalyticsDeclineCode, AnalyticsHoldRequest } from '../../protocol/settlement.ts';
import type { MarketContext } from '../context.ts';
import { commodities, historyPending } from '../db/schema.ts';
import { DAY_CLOSE_DELAY_MS } from '../history/stores.ts';
import type { MarketAnalyticsHold } from '../payments/reconcile.ts';
import { type BudgetFailure, readPolicy, remaining, spend } from './budget.ts';
import {
  type AnalysisId,
  type AnalysisParameters,
  CATALOGUE,
  checkAttribute,
  type MeasureSpec,
  type ParameterFailure,
  type ResolvedParameters,
} from './catalogue.ts';
import { closedPeriods, type Granularity, monthsOf, type Period, type RangeFailure } from './periods.ts';
import { priceOf } from './prices.ts';
import { computeRelease, expectedAccuracy, microToDecimal } from './release.ts';
import { moveReport, type ReportPurchase } from './report-state.ts';
import { analyticsAudit, analyticsBackfill, analyticsReleases, reportPurchases } from './tables.ts';

/** A purchase let go whose hold settlement never made: reconciliation has nothing to compare. */
const NEVER_HELD = 'never_held';

/** How long a quote's price and ε stand. */
export const QUOTE_TTL_MS = 15 * 60_000;

export type QuoteFailure =
  | { code: 'kind_not_found' }
  | { code: 'history_pending' }
  | ParameterFailure
  | RangeFailure
  | BudgetFailure;

export interface Quote {
  purchase: ReportPurchase;
  periods: Period[];
  /** True when the release exists already: buying it spends no budget. */
  kept: boolean;
  accuracy: { name: string; label: string; accuracy95: number }[];
}

interface Plan {
  parameters: ResolvedParameters;
  periods: Period[];
  months: string[];
  specs: MeasureSpec[];
  releaseKey: string;
  epsilonMicro: number;
  priceMinor: number;
  currency: string;
}

/** The analysis made concrete: whole closed periods, the public keys, the price and ε, the release it is. */
async function plan(
  ctx: MarketContext,
  analysis: AnalysisId,
  input: AnalysisParameters,
): Promise<Result<Plan, Exclude<QuoteFailure, BudgetFailure>>> {
  const definition = CATALOGUE[analysis];
  const kind = await ctx.kinds.get(ctx.db, input.kind);
  if (!kind) return err({ code: 'kind_not_found' });
  const attribute = checkAttribute(definition, kind, input.attribute);
  if (!attribute.ok) return attribute;
  const range = await storedPeriods(ctx, input.granularity, input.from, input.to);
  if (!range.ok) return range;
  const periods = range.value;
  // A range is known by its whole periods: two sellers asking for the same weeks get one release.
  const parameters: ResolvedParameters = {
    ...input,
    currency: input.currency ?? ctx.config.defaultCurrency,
    from: periods[0]?.from ?? input.from,
    to: periods[periods.length - 1]?.to ?? input.to,
  };
  const catalogueOfKind =
    analysis === 'best-sellers'
      ? (
          await ctx.db
            .select({ id: commodities.id, model: commodities.model, name: commodities.name })
            .from(commodities)
            .where(eq(commodities.kindId, kind.id))
            .orderBy(commodities.id)
        ).map((c) => ({ id: c.id, label: `${c.name} (${c.model})` }))
      : [];
  const specs = definition.measures(kind, parameters, catalogueOfKind);
  const price = await priceOf(ctx.db, definition);
  return ok({
    parameters,
    periods,
    months: monthsOf(parameters.from, parameters.to),
    specs,
    releaseKey: requestHash({ analysis, parameters, epsilonMicro: price.epsilonMicro }),
    epsilonMicro: price.epsilonMicro,
    priceMinor: price.priceMinor,
    currency: ctx.config.defaultCurrency,
  });
}

/**
 * The whole periods of a range, all of them ended and in the stores: a day closes a little
 * after midnight and its history is moved in soon after, and a release is kept for good, so it
 * must not be made while any of its days may still change.
 */
export async function storedPeriods(
  ctx: MarketContext,
  granularity: Granularity,
  from: string,
  to: string,
): Promise<Result<Period[], RangeFailure | { code: 'history_pending' }>> {
  const open = utcDay(new Date(ctx.clock.now().getTime() - DAY_CLOSE_DELAY_MS));
  const range = closedPeriods(granularity, from, to, open);
  if (!range.ok) return range;
  const lastDay = range.value[range.value.length - 1]?.to ?? to;
  const [pending] = await ctx.db
    .select({ day: historyPending.day })
    .from(historyPending)
    .where(lte(historyPending.day, lastDay))
    .limit(1);
  const [unfolded] = await ctx.db
    .select({ day: analyticsBackfill.day })
    .from(analyticsBackfill)
    .where(lte(analyticsBackfill.day, lastDay))
    .limit(1);
  return pending || unfolded ? err({ code: 'history_pending' }) : range;
}

const keptRelease = async (db: MarketContext['db'] | Tx, releaseKey: string) =>
  (await db.select().from(analyticsReleases).where(eq(analyticsReleases.releaseKey, releaseKey)))[0];

/**
 * C1: the seller asks for an analysis and is answered with a quote: the price, the ε it will
 * spend (none when the release is kept from before) and the accuracy to expect. A request the
 * budgets can't pay for is refused now, before anything is held.
 */
export async function quoteReport(
  ctx: MarketContext,
  sellerId: string,
  analysis: AnalysisId,
  input: AnalysisParameters,
): Promise<Result<Quote, QuoteFailure>> {
  const planned = await plan(ctx, analysis, input);
  if (!planned.ok) return planned;
  const p = planned.value;
  const kept = (await keptRelease(ctx.db, p.releaseKey)) !== undefined;
  if (!kept) {
    const left = await remaining(ctx.db, p.months, sellerId, await readPolicy(ctx.db));
    for (const month of left) {
      if (month.marketMicro < p.epsilonMicro)
        return err({
          code: 'over_budget',
          holder: 'market',
          month: month.month,
          remainingMicro: month.marketMicro,
        });
      if (month.sellerMicro < p.epsilonMicro)
        return err({
          code: 'over_budget',
          holder: 'seller',
          month: month.month,
          remainingMicro: month.sellerMicro,
        });
    }
  }
  const now = ctx.clock.now();
  const [purchase] = await ctx.db
    .insert(reportPurchases)
    .values({
      id: newId(),
      sellerId,
      analysis,
      parameters: p.parameters,
      releaseKey: p.releaseKey,
      priceMinor: p.priceMinor,
      currency: p.currency,
      epsilonMicro: kept ? 0 : p.epsilonMicro,
      state: 'quoted',
      createdAt: now,
      quoteExpiresAt: new Date(now.getTime() + QUOTE_TTL_MS),
      updatedAt: now,
    })
    .returning();
  if (!purchase) throw new Error('quote insert returned nothing');
  return ok({ purchase, periods: p.periods, kept, accuracy: expectedAccuracy(p.specs, p.epsilonMicro) });
}

export type BuyFailure =
  | { code: 'report_not_found' }
  | { code: 'quote_expired' }
  | { code: 'report_not_quoted'; state: string }
  | { code: 'payment_declined'; decline: AnalyticsDeclineCode; message: string }
  | { code: 'idempotency_key_reused' }
  | { code: 'settlement_unavailable' }
  | { code: 'analysis_failed' }
  | BudgetFailure;

/**
 * C1–C4 for one quote: hold the price on the seller's account at settlement, compute the
 * release (or take the kept one) while spending its ε, capture the payment, and only then
 * release the result to the seller. A failure before the release lets the hold go. A repeat
 * for a quote already bought answers what became of it.
 */
export async function buyReport(
  ctx: MarketContext,
  sellerId: string,
  purchaseId: string,
  source: AnalyticsHoldRequest['source'],
  idempotencyKey = `report-${purchaseId}`,
): Promise<Result<ReportPurchase, BuyFailure>> {
  const quote = await ownPurchase(ctx, sellerId, purchaseId);
  if (!quote) return err({ code: 'report_not_found' });
  if (quote.state !== 'quoted')
    return quote.state === 'released' ? ok(quote) : err({ code: 'report_not_quoted', state: quote.state });
  const now = ctx.clock.now();
  if (quote.quoteExpiresAt <= now) return err({ code: 'quote_expired' });
  const holding = await moveReport(ctx.db, quote.id, 'quoted', 'holding', now);
  if (!holding)
    return err({
      code: 'report_not_quoted',
      state: (await ownPurchase(ctx, sellerId, purchaseId))?.state ?? 'gone',
    });

  // C1: the price held at settlement, from the seller's payable or a card it entered.
  let held: Awaited<ReturnType<MarketContext['settlement']['live']['holdAnalytics']>>;
  try {
    held = await ctx.settlement.live.holdAnalytics(
      { holdId: holding.id, sellerId, amount: holding.priceMinor, currency: holding.currency, source },
      idempotencyKey,
    );
  } catch (error) {
    if (!(error instanceof ClosedLinkUnavailable)) throw error;
    // The hold may have been made with its answer lost: the duties let it go.
    ctx.log.warn({ err: error }, 'settlement unavailable for a report’s hold');
    return err({ code: 'settlement_unavailable' });
  }
  // The hold ID is this purchase's own, so only the key can clash: nothing was held under it.
  if (held === 'key_reused' || held === 'hold_conflict') {
    await moveReport(ctx.db, holding.id, 'holding', 'declined', ctx.clock.now(), { failure: held });
    return err({ code: 'idempotency_key_reused' });
  }
  if (held.outcome === 'declined') {
    await moveReport(ctx.db, holding.id, 'holding', 'declined', ctx.clock.now(), { failure: held.code });
    return err({ code: 'payment_declined', decline: held.code, message: held.message });
  }
  await moveReport(ctx.db, holding.id, 'holding', 'held', ctx.clock.now());

  // C2: the release, computed once and its ε spent, or the one kept from before.
  let computed: Awaited<ReturnType<typeof releaseFor>>;
  try {
    computed = await releaseFor(ctx, sellerId, holding);
  } catch (error) {
    ctx.log.error({ err: error }, 'an analysis failed');
    await letGo(ctx, holding.id, 'analysis_failed');
    return err({ code: 'analysis_failed' });
  }
  if (!computed.ok) {
    await letGo(ctx, holding.id, computed.error.code);
    return computed;
  }
  const ready = await moveReport(ctx.db, holding.id, 'held', 'computed', ctx.clock.now(), computed.value);
  if (!ready) throw new Error(`report purchase ${holding.id} left held under a concurrent change`);
  // C4 then C3: no release without a captured payment.
  const released = await captureAndRelease(ctx, ready);
  if (!released) return err({ code: 'settlement_unavailable' });
  return ok(released);
}

/**
 * The kept release for the purchase's key, or a new one: its ε spent from every month's
 * budgets in the same transaction that stores it, so a refusal or a failure spends nothing.
 * Two buyers of one new release wait on its key; the second finds the first's and spends nothing.
 */
export async function releaseFor(
  ctx: MarketContext,
  sellerId: string,
  purchase: ReportPurchase,
): Promise<Result<{ releaseId: string; epsilonMicro: number }, BudgetFailure | { code: 'quote_expired' }>> {
  const kept = await keptRelease(ctx.db, purchase.releaseKey);
  if (kept) return ok({ releaseId: kept.id, epsilonMicro: 0 });
  const planned = await plan(ctx, purchase.analysis as AnalysisId, purchase.parameters as AnalysisParameters);
  if (!planned.ok) throw new Error(`a quoted analysis no longer plans: ${planned.error.code}`);
  const p = planned.value;
  // The operator changed its ε since the quote: not the release the seller was quoted.
  if (p.releaseKey !== purchase.releaseKey) return err({ code: 'quote_expired' });
  const policy = await readPolicy(ctx.db);
  try {
    return await ctx.db.transaction(async (tx) => {
      // Taken first, so a concurrent buyer of the same release waits here, not after spending.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${p.releaseKey}, 0))`);
      const other = await keptRelease(tx, p.releaseKey);
      if (other) return ok({ releaseId: other.id, epsilonMicro: 0 });
      const spent = await spend(tx, p.months, sellerId, p.epsilonMicro, policy);
      if (!spent.ok) throw new OverBudget(spent.error);
      const definition = CATALOGUE[purchase.analysis as AnalysisId];
      const body = await computeRelease(tx, definition, p.parameters, p.specs, p.periods, p.epsilonMicro);
      const id = newId();
      await tx.insert(analyticsReleases).values({
        id,
        releaseKey: p.releaseKey,
        analysis: purchase.analysis,
        parameters: p.parameters,
        epsilonMicro: p.epsilonMicro,
        months: p.months,
        body,
        createdAt: ctx.clock.now(),
      });
      return ok({ releaseId: id, epsilonMicro: p.epsilonMicro });
    });
  } catch (error) {
    if (error instanceof OverBudget) return err(error.failure);
    throw error;
  }
}

/** Thrown inside the release's transaction so that its debits roll back. */
class OverBudget extends Error {
  readonly failure: BudgetFailure;

  constructor(failure: BudgetFailure) {
    super('over budget');
    this.failure = failure;
  }
}

/** Voids the hold at settlement and marks the purchase so; if settlement can't be reached, the duties do it. */
async function letGo(ctx: MarketContext, id: string, failure: string): Promise<void> {
  try {
    const voided = await ctx.settlement.live.voidAnalytics(id);
    if (!voided.ok && voided.code === 'hold_captured')
      throw new Error(`report ${id}: its hold was captured, not voided`);
    await moveReport(ctx.db, id, 'held', 'voided', ctx.clock.now(), { failure, epsilonMicro: 0 });
  } catch (error) {
    if (!(error instanceof ClosedLinkUnavailable)) throw error;
    await ctx.db.update(reportPurchases).set({ failure }).where(eq(reportPurchases.id, id));
  }
}

/** C4 then C3: captures the held price and gives the seller the release, with an audit line. Null while settlement can't be reached. */
async function captureAndRelease(
  ctx: MarketContext,
  purchase: ReportPurchase,
): Promise<ReportPurchase | null> {
  try {
    const captured = await ctx.settlement.live.captureAnalytics(purchase.id);
    // Voided meanwhile (the duties gave it up as lost): no payment, so no release.
    if (!captured.ok) {
      return moveReport(ctx.db, purchase.id, 'computed', 'voided', ctx.clock.now(), {
        failure: captured.code,
      });
    }
  } catch (error) {
    if (!(error instanceof ClosedLinkUnavailable)) throw error;
    ctx.log.warn({ err: error }, 'settlement unavailable to capture a report’s payment');
    return null;
  }
  return ctx.db.transaction(async (tx) => {
    const released = await moveReport(tx, purchase.id, 'computed', 'released', ctx.clock.now());
    if (!released)
      return (await tx.select().from(reportPurchases).where(eq(reportPurchases.id, purchase.id)))[0] ?? null;
    await tx.insert(analyticsAudit).values({
      sellerId: released.sellerId,
      purchaseId: released.id,
      releaseId: released.releaseId as string,
      analysis: released.analysis,
      parameters: released.parameters,
      epsilonMicro: released.epsilonMicro,
      at: ctx.clock.now(),
    });
    return released;
  });
}

/**
 * The report duties: a computed report whose capture was cut off is captured and released; a
 * hold whose purchase ended before its release (its answer lost, or voiding failed) is let go.
 */
export async function settleReportPurchases(ctx: MarketContext): Promise<void> {
  const stale = new Date(ctx.clock.now().getTime() - 60_000);
  const open = await ctx.db
    .select()
    .from(reportPurchases)
    .where(
      sql`${reportPurchases.state} IN ('holding', 'held', 'computed') AND ${reportPurchases.updatedAt} < ${stale}`,
    )
    .limit(100);
  for (const purchase of open) {
    if (purchase.state === 'computed') await captureAndRelease(ctx, purchase);
    else {
      const voided = await ctx.settlement.background.voidAnalytics(purchase.id);
      if (!voided.ok && voided.code === 'hold_captured') {
        ctx.log.error({ reportId: purchase.id }, 'a report’s hold was captured before its release was made');
        continue;
      }
      await moveReport(ctx.db, purchase.id, purchase.state as 'holding' | 'held', 'voided', ctx.clock.now(), {
        failure: voided.ok ? (purchase.failure ?? 'interrupted') : NEVER_HELD,
        epsilonMicro: 0,
      });
    }
  }
}

/**
 * The report payments settlement should hold, for reconciliation: held while the report is
 * made, captured once released, voided when let go. A purchase still asking for its hold, or
 * whose hold was never made, has nothing there to compare.
 */
export async function reportPayments(db: MarketContext['db']): Promise<MarketAnalyticsHold[]> {
  const rows = await db
    .select({
      id: reportPurchases.id,
      state: reportPurchases.state,
      failure: reportPurchases.failure,
      amount: reportPurchases.priceMinor,
    })
    .from(reportPurchases)
    .where(sql`${reportPurchases.state} IN ('held', 'computed', 'released', 'voided')`);
  return rows
    .filter((r) => !(r.state === 'voided' && r.failure === NEVER_HELD))
    .map((r) => ({
      holdId: r.id,
      amount: r.amount,
      state: r.state === 'released' ? 'captured' : r.state === 'voided' ? 'voided' : 'held',
    }));
}

export const ownPurchase = async (ctx: MarketContext, sellerId: string, id: string) =>
  (
    await ctx.db
      .select()
      .from(reportPurchases)
      .where(and(eq(reportPurchases.id, id), eq(reportPurchases.sellerId, sellerId)))
  )[0];

/** The release a seller bought, fetched again at no cost; null unless it is that seller's and released. */
export async function releasedReport(ctx: MarketContext, sellerId: string, id: string) {
  const purchase = await ownPurchase(ctx, sellerId, id);
  if (purchase?.state !== 'released' || !purchase.releaseId) return null;
  const [release] = await ctx.db
    .select()
    .from(analyticsReleases)
    .where(eq(analyticsReleases.id, purchase.releaseId));
  return release ? { purchase, release } : null;
}

export { microToDecimal };
