import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../platform/db/database.ts';

/**
 * Checks the ledger's invariants against the database as it stands and names every breach:
 * Σ debits = Σ credits (posted and pending), each account's totals equal the sum of its
 * transfers, no prepaid card or seller's payable below zero, no credit line over its limit, no
 * pending transfer resolved twice, analytics revenue moved only by report payments, each held
 * as it says. Used after every step of the model test and by `tokumei reconcile`.
 */
export async function ledgerBreaches(db: Executor): Promise<string[]> {
  const breaches: string[] = [];

  const [totals] = await queryRows<Record<string, string>>(
    db,
    sql`SELECT COALESCE(SUM(debits_posted), 0)::text AS dp, COALESCE(SUM(credits_posted), 0)::text AS cp,
               COALESCE(SUM(debits_pending), 0)::text AS dpe, COALESCE(SUM(credits_pending), 0)::text AS cpe
        FROM accounts`,
  );
  if (totals?.dp !== totals?.cp) breaches.push(`posted debits ${totals?.dp} ≠ posted credits ${totals?.cp}`);
  if (totals?.dpe !== totals?.cpe) {
    breaches.push(`pending debits ${totals?.dpe} ≠ pending credits ${totals?.cpe}`);
  }

  const drifted = await queryRows<{ id: string }>(
    db,
    sql`WITH effects AS (
          SELECT debit_account_id AS account_id,
                 CASE WHEN kind IN ('posted', 'post_pending') THEN amount ELSE 0 END AS dp,
                 CASE kind WHEN 'pending' THEN amount WHEN 'posted' THEN 0 ELSE -amount END AS dpe,
                 0::bigint AS cp, 0::bigint AS cpe
          FROM transfers
          UNION ALL
          SELECT credit_account_id, 0, 0,
                 CASE WHEN kind IN ('posted', 'post_pending') THEN amount ELSE 0 END,
                 CASE kind WHEN 'pending' THEN amount WHEN 'posted' THEN 0 ELSE -amount END
          FROM transfers
        ), sums AS (
          SELECT account_id, SUM(dp) AS dp, SUM(dpe) AS dpe, SUM(cp) AS cp, SUM(cpe) AS cpe
          FROM effects GROUP BY account_id
        )
        SELECT a.id FROM accounts a LEFT JOIN sums s ON s.account_id = a.id
        WHERE a.debits_posted <> COALESCE(s.dp, 0) OR a.debits_pending <> COALESCE(s.dpe, 0)
           OR a.credits_posted <> COALESCE(s.cp, 0) OR a.credits_pending <> COALESCE(s.cpe, 0)
        ORDER BY a.id`,
  );
  for (const { id } of drifted) breaches.push(`account ${id}: totals differ from its transfers`);

  const overdrawn = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM accounts WHERE no_overdraft AND credits_posted - debits_posted - debits_pending < 0`,
  );
  for (const { id } of overdrawn) breaches.push(`account ${id}: balance below zero`);
  const overLimit = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM accounts
        WHERE credit_limit IS NOT NULL AND debits_posted + debits_pending - credits_posted > credit_limit`,
  );
  for (const { id } of overLimit) breaches.push(`account ${id}: over its credit limit`);

  const unpaired = await queryRows<{ id: string }>(
    db,
    sql`SELECT r.id FROM transfers r LEFT JOIN transfers p ON p.id = r.pending_id
        WHERE r.pending_id IS NOT NULL
          AND (p.id IS NULL OR p.kind <> 'pending' OR p.amount <> r.amount
               OR p.debit_account_id <> r.debit_account_id OR p.credit_account_id <> r.credit_account_id)`,
  );
  for (const { id } of unpaired) breaches.push(`transfer ${id}: resolves no matching pending transfer`);

  // Analytics revenue comes only from report payments, each held from where it said it was.
  const misheld = await queryRows<{ hold_id: string }>(
    db,
    sql`SELECT h.hold_id FROM analytics_holds h
          JOIN transfers t ON t.id = h.transfer_id
          JOIN accounts d ON d.id = t.debit_account_id
          JOIN accounts c ON c.id = t.credit_account_id
          LEFT JOIN instruments i ON i.id = h.instrument_id
        WHERE t.kind <> 'pending' OR t.amount <> h.amount OR t.currency <> h.currency
           OR c.kind <> 'analytics_revenue'
           OR (h.source = 'payable' AND d.kind <> 'seller_payable')
           OR (h.source = 'card' AND d.id IS DISTINCT FROM i.account_id)
        ORDER BY h.hold_id`,
  );
  for (const { hold_id } of misheld)
    breaches.push(`analytics hold ${hold_id}: its transfer differs from the hold`);
  const strays = await queryRows<{ id: string }>(
    db,
    sql`SELECT t.id FROM transfers t
          JOIN accounts a ON a.id IN (t.debit_account_id, t.credit_account_id)
          LEFT JOIN analytics_holds h ON h.transfer_id = COALESCE(t.pending_id, t.id)
        WHERE a.kind = 'analytics_revenue' AND h.hold_id IS NULL
        ORDER BY t.id`,
  );
  for (const { id } of strays) breaches.push(`transfer ${id}: moves analytics revenue for no report payment`);
  return breaches;
}
