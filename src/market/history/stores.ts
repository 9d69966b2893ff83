import { asc, eq, lt, type SQLWrapper, sql } from 'drizzle-orm';
import { utcDay } from '../../platform/clock.ts';
import { type Db, type Executor, queryRows, type Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { shuffled } from '../../platform/shuffle.ts';
import { historyPending, purchaserPreferences, salesHistory } from '../db/schema.ts';
import type { AttributeDefinition } from '../kinds/attribute-schema.ts';
import type { Condition } from '../retrieval/purchase-request.ts';
import { type StoredCondition, storedConditions } from './stored-condition.ts';

/**
 * The history storage implement (seed 000, block 12): the sales history and the purchaser
 * preferences. Their rows carry no order ID, search ID, pickup point, payment or person, and
 * only the day. Nor can they be joined back through the database itself: a purchase or a search
 * only stages what it leaves (`history_pending`, no IDs), and once a UTC day has closed the
 * history duty moves the whole day into the stores in one transaction of its own, in random
 * order, with fresh random IDs, and forgets the staged rows. So no store row shares a
 * transaction (xmin), a commit, a sequence value or an insertion position with anything that
 * holds an order or search ID.
 */

/** What one sale leaves in the sales history. */
export interface Sale {
  kindId: string;
  commodityId: string;
  sellerId: string;
  quantity: number;
  unitPriceMinor: number;
  currency: string;
}

export type Outcome = (typeof purchaserPreferences.$inferSelect)['outcome'];

/** What one purchase request leaves in the preference store. */
export interface Preference {
  kindId: string;
  currency: string;
  conditions: StoredCondition[];
  /** For `unmatched`: which attributes failed (see UNMET); empty otherwise. */
  failed: string[];
  outcome: Outcome;
}

/**
 * Markers in `failed` beside attribute names. They start with `*`, which no attribute name
 * can: `*kind` when no offer of the kind (in the currency) was on sale at all, `*combination`
 * when each condition alone is met by some offer but not all of them together.
 */
export const UNMET = { noOffers: '*kind', combination: '*combination' } as const;

/** A purchase request as the preference store keeps it: free text stays in the market. */
export const preferenceOf = (
  kind: { id: string; attributes: readonly AttributeDefinition[] },
  request: { currency: string; conditions: readonly Condition[] },
  outcome: Outcome,
  failed: string[] = [],
): Preference => ({
  kindId: kind.id,
  currency: request.currency,
  conditions: storedConditions(kind, request.conditions),
  failed,
  outcome,
});

export type Staged = { store: 'sales'; row: Sale } | { store: 'preferences'; row: Preference };

/**
 * Stages history for the day of `at`, in the caller's transaction (the purchase's or the
 * search's): nothing reaches the stores before the day's batch.
 */
export const stagedInsert = (db: Executor, at: Date, entries: Staged[]) =>
  db.insert(historyPending).values(entries.map((e) => ({ day: utcDay(at), store: e.store, row: e.row })));

/**
 * Runs several inserts as one statement (one round trip, atomic) whose commit does not wait
 * for a disk flush: for rows whose loss in a crash is harmless (searches, and the staged
 * preferences of requests that bought nothing). Orders and sales are never written this way.
 */
export async function writeRelaxed(db: Executor, inserts: (SQLWrapper | undefined)[]): Promise<void> {
  const parts = inserts.filter((i): i is SQLWrapper => i !== undefined);
  // Nothing to write (a page that came back empty) is no statement: one with no insert is not SQL.
  if (!parts.length) return;
  // Drizzle puts an embedded query builder in parentheses itself.
  const ctes = parts.map((part, i) => sql`${sql.raw(`w${i}`)} AS ${part}`);
  await db.execute(
    sql`WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)), ${sql.join(ctes, sql`, `)} SELECT 1 FROM relaxed`,
  );
}

export type SaleRow = typeof salesHistory.$inferSelect;
export type PreferenceRow = typeof purchaserPreferences.$inferSelect;

/** One closed day as it went into the stores, each store's rows in their (random) stored order. */
export interface HistoryBatch {
  day: string;
  sales: SaleRow[];
  preferences: PreferenceRow[];
}

/** Rows per INSERT: each column is one array parameter, so this bounds only a statement's size. */
const INSERT_ROWS = 10_000;

/**
 * Moves one day's staged history into the stores, in the caller's transaction, which must write
 * nothing that holds an order or search ID: every store row inserted here carries this
 * transaction's ID. The rows go in shuffled, with fresh random IDs and the day only.
 */
export async function moveClosedDay(tx: Tx, day: string): Promise<HistoryBatch> {
  const staged = await tx.delete(historyPending).where(eq(historyPending.day, day)).returning();
  const batch: HistoryBatch = { day, sales: [], preferences: [] };
  // Each field is picked by name, so a staged row can never carry more into a store.
  for (const { store, row } of shuffled(staged)) {
    if (store === 'sales') {
      const s = row as Sale;
      batch.sales.push({
        id: newId(),
        kindId: s.kindId,
        commodityId: s.commodityId,
        sellerId: s.sellerId,
        quantity: s.quantity,
        unitPriceMinor: s.unitPriceMinor,
        currency: s.currency,
        soldOn: day,
      });
    } else {
      const p = row as Preference;
      batch.preferences.push({
        id: newId(),
        kindId: p.kindId,
        currency: p.currency,
        conditions: p.conditions,
        failed: p.failed,
        outcome: p.outcome,
        requestedOn: day,
      });
    }
  }
  // Column arrays through unnest(), which keeps the arrays' (shuffled) order.
  for (let i = 0; i < batch.sales.length; i += INSERT_ROWS) {
    const rows = batch.sales.slice(i, i + INSERT_ROWS);
    const c = (name: keyof SaleRow) => sql.param(rows.map((r) => r[name]));
    await tx.execute(sql`
      INSERT INTO ${salesHistory} (id, kind_id, commodity_id, seller_id, quantity, unit_price_minor, currency, sold_on)
      SELECT * FROM unnest(${c('id')}::uuid[], ${c('kindId')}::text[], ${c('commodityId')}::uuid[],
        ${c('sellerId')}::uuid[], ${c('quantity')}::int4[], ${c('unitPriceMinor')}::int8[], ${c('currency')}::text[],
        ${c('soldOn')}::date[])`);
  }
  for (let i = 0; i < batch.preferences.length; i += INSERT_ROWS) {
    const rows = batch.preferences.slice(i, i + INSERT_ROWS);
    const c = (name: keyof PreferenceRow) => sql.param(rows.map((r) => r[name]));
    const json = (name: 'conditions' | 'failed') => sql.param(rows.map((r) => JSON.stringify(r[name])));
    await tx.execute(sql`
      INSERT INTO ${purchaserPreferences} (id, kind_id, currency, conditions, failed, outcome, requested_on)
      SELECT u.id, u.kind_id, u.currency, u.conditions::jsonb, u.failed::jsonb, u.outcome, u.requested_on
      FROM unnest(${c('id')}::uuid[], ${c('kindId')}::text[], ${c('currency')}::text[], ${json('conditions')}::text[],
        ${json('failed')}::text[], ${c('outcome')}::text[], ${c('requestedOn')}::date[])
        AS u(id, kind_id, currency, conditions, failed, outcome, requested_on)`);
  }
  return batch;
}

/**
 * How long after midnight UTC a day counts as closed: a purchase that began just before
 * midnight commits into its own day's batch instead of a late batch of one.
 */
export const DAY_CLOSE_DELAY_MS = 10 * 60_000;

/** Called with each day's batch inside its transaction, e.g. to build aggregates from it. */
export type BatchHook = (tx: Tx, batch: HistoryBatch) => Promise<void>;

/**
 * The history duty: moves every closed day still staged into the stores, one transaction per
 * day, and returns how many rows it moved. Safe in many processes at once: one moves while
 * the others skip (an advisory lock), and a day's staged rows are deleted as they are moved,
 * so a second run finds nothing.
 */
export async function moveClosedDays(db: Db, now: Date, onBatch?: BatchHook): Promise<number> {
  const open = utcDay(new Date(now.getTime() - DAY_CLOSE_DELAY_MS));
  const days = await db
    .selectDistinct({ day: historyPending.day })
    .from(historyPending)
    .where(lt(historyPending.day, open))
    .orderBy(asc(historyPending.day));
  let moved = 0;
  for (const { day } of days) {
    const size = await db.transaction(async (tx) => {
      const [lock] = await queryRows<{ held: boolean }>(
        tx,
        sql`SELECT pg_try_advisory_xact_lock(hashtext('tokumei.history')) AS held`,
      );
      if (!lock?.held) return null;
      const batch = await moveClosedDay(tx, day);
      const size = batch.sales.length + batch.preferences.length;
      if (size) await onBatch?.(tx, batch);
      return size;
    });
    // Another process holds the lock: it is moving the closed days now.
    if (size === null) break;
    moved += size;
  }
  // The staged rows' dead versions still carry their purchase's transaction ID: vacuum them away.
  if (moved) await db.execute(sql`VACUUM ${historyPending}`);
  return moved;
}
