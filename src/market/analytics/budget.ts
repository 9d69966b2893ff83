import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import { analyticsPolicy, privacyBudget } from './tables.ts';

/**
 * Privacy budgets, in millionths of ε per calendar month of data: the market's as a whole and
 * each seller's. A release over several months spends its ε in each (a purchase lies in one
 * month only, so the months compose in parallel). Spent ε never comes back.
 */

export const MARKET_HOLDER = 'market';

export interface Policy {
  globalBudgetMicro: number;
  sellerBudgetMicro: number;
  exportsEnabled: boolean;
}

export const DEFAULT_POLICY: Policy = {
  globalBudgetMicro: 10_000_000,
  sellerBudgetMicro: 4_000_000,
  exportsEnabled: true,
};

export async function readPolicy(db: Executor): Promise<Policy> {
  const [row] = await db.select().from(analyticsPolicy).where(eq(analyticsPolicy.id, 1));
  return row
    ? {
        globalBudgetMicro: row.globalBudgetMicro,
        sellerBudgetMicro: row.sellerBudgetMicro,
        exportsEnabled: row.exportsEnabled,
      }
    : DEFAULT_POLICY;
}

export type BudgetFailure = {
  code: 'over_budget';
  holder: 'market' | 'seller';
  month: string;
  remainingMicro: number;
};

/** What is left per month, for the market and for one seller. */
export async function remaining(db: Executor, months: string[], sellerId: string, policy: Policy) {
  const rows = months.length
    ? await db
        .select()
        .from(privacyBudget)
        .where(
          and(inArray(privacyBudget.month, months), inArray(privacyBudget.holder, [MARKET_HOLDER, sellerId])),
        )
    : [];
  const spent = (month: string, holder: string) =>
    rows.find((r) => r.month === month && r.holder === holder)?.spentMicro ?? 0;
  return months.map((month) => ({
    month,
    marketMicro: policy.globalBudgetMicro - spent(month, MARKET_HOLDER),
    sellerMicro: policy.sellerBudgetMicro - spent(month, sellerId),
  }));
}

/**
 * Spends `epsilonMicro` in every month for the market and the seller, or nothing at all. Each
 * debit is one conditional upsert under the row's lock, so concurrent releases in any number
 * of processes never spend past a limit; the caller's transaction rolls every debit back when
 * one is refused.
 */
export async function spend(
  tx: Tx,
  months: string[],
  sellerId: string,
  epsilonMicro: number,
  policy: Policy,
): Promise<Result<void, BudgetFailure>> {
  // A fixed lock order (month, then holder) keeps concurrent releases from deadlocking.
  for (const month of [...months].sort()) {
    for (const [holder, limit] of [
      [MARKET_HOLDER, policy.globalBudgetMicro],
      [sellerId, policy.sellerBudgetMicro],
    ] as const) {
      const [debited] = await tx
        .insert(privacyBudget)
        .values({ month, holder, spentMicro: epsilonMicro })
        .onConflictDoUpdate({
          target: [privacyBudget.month, privacyBudget.holder],
          set: { spentMicro: sql`${privacyBudget.spentMicro} + excluded.spent_micro` },
          setWhere: sql`${privacyBudget.spentMicro} + excluded.spent_micro <= ${limit}`,
        })
        .returning({ spent: privacyBudget.spentMicro });
      if (debited && debited.spent <= limit) continue;
      // Refused: the row was there and had too little left, or was new and ε alone is over the limit.
      const [row] = debited
        ? [{ spent: 0 }]
        : await tx
            .select({ spent: privacyBudget.spentMicro })
            .from(privacyBudget)
            .where(and(eq(privacyBudget.month, month), eq(privacyBudget.holder, holder)));
      return err({
        code: 'over_budget',
        holder: holder === MARKET_HOLDER ? 'market' : 'seller',
        month,
        remainingMicro: Math.max(0, limit - (row?.spent ?? 0)),
      });
    }
  }
  return ok(undefined);
}
