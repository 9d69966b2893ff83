import { randomInt } from 'node:crypto';
import { cpus } from 'node:os';
import { SingleBar } from 'cli-progress';
import { sql } from 'drizzle-orm';
import { foldClosedDay } from '../src/market/analytics/aggregates.ts';
import { ANALYSES, type AnalysisId, type AnalysisParameters } from '../src/market/analytics/catalogue.ts';
import { type Granularity, type Period, periodOf } from '../src/market/analytics/periods.ts';
import { quoteReport, releaseFor } from '../src/market/analytics/reports.ts';
import { analyticsPolicy } from '../src/market/analytics/tables.ts';
import { DEMO_KINDS } from '../src/market/demo/demo-kinds.ts';
import {
  DAY_CLOSE_DELAY_MS,
  moveClosedDays,
  type Preference,
  preferenceOf,
  type Sale,
  UNMET,
} from '../src/market/history/stores.ts';
import { buildMarket } from '../src/market/server.ts';
import { utcDay } from '../src/platform/clock.ts';
import { type Database, queryRows } from '../src/platform/db/database.ts';
import { createLogger } from '../src/platform/log.ts';
import { type BenchDbKind, openBenchDatabase } from './databases.ts';
import { type Catalog, loadOffers } from './load-offers.ts';
import { table } from './report.ts';
import { purchaseRequests } from './requests.ts';
import { benchConfig } from './run.ts';
import { summarize } from './stats.ts';

export interface AnalyticsBenchOptions {
  sales: number;
  preferences: number;
  days: number;
  offers: number;
  samples: number;
  db: BenchDbKind;
  pgUrl: string;
  progress: boolean;
}

const CURRENCY = 'JPY';
const DAY_MS = 86_400_000;
/** Days staged, then moved by the history duty, at a time: the staging table stays small. */
const DAYS_PER_ROUND = 7;
/** Staged rows per INSERT. */
const STAGE_BATCH = 10_000;
/** The share of requests that matched offers and ended in a purchase, matched only, or matched nothing. */
const OUTCOMES = [
  { outcome: 'purchased', upTo: 0.25 },
  { outcome: 'matched', upTo: 0.8 },
  { outcome: 'unmatched', upTo: 1 },
] as const;

/**
 * `tokumei bench analytics`: fills the sales history and the preference store through the real
 * path (staged rows moved by the history duty, which folds each day into the aggregates), then
 * buys every analysis of the catalogue over a quarter of one kind, each with parameters not
 * asked before, so that every release is computed: noise, budget debit and all.
 */
export async function runAnalyticsBench(options: AnalyticsBenchOptions): Promise<void> {
  console.log(
    `Tokumei analytics bench: ${options.sales.toLocaleString('en')} sales and ` +
      `${options.preferences.toLocaleString('en')} purchase requests over ${options.days} days, ` +
      `${options.offers.toLocaleString('en')} offers, on ${options.db}; ${cpus().length} CPUs, Node ${process.version}\n`,
  );
  const bench = await openBenchDatabase(options.db, { pgUrl: options.pgUrl, poolSize: 8 });
  const interrupted = async () => {
    await bench.drop().catch(() => {});
    process.exit(130);
  };
  // Ctrl+C, or a plain kill: either way the database goes.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, interrupted);
  try {
    const catalog = await loadOffers(bench.database, options.offers, {
      currency: CURRENCY,
      progress: options.progress,
      label: `[${bench.kind}] offers`,
    });
    console.log(
      `[${bench.kind}] ${catalog.offers.toLocaleString('en')} offers, ${catalog.commoditiesPerKind.toLocaleString('en')} commodities per kind`,
    );
    const load = await loadHistory(bench.database, options, catalog);
    const market = await buildMarket({
      config: benchConfig(),
      database: bench.database,
      logger: createLogger('bench', 'silent'),
      workers: false,
    });
    try {
      const timings = await measureReleases(market.ctx, catalog.sellerIds, load.lastDay, options);
      printAnalyticsReport(options, load, timings, await sizes(bench.database));
    } finally {
      await market.close();
    }
  } finally {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, interrupted);
    await bench.drop();
  }
}

interface HistoryLoad {
  firstDay: string;
  lastDay: string;
  rows: number;
  stageSeconds: number;
  moveSeconds: number;
}

/**
 * The last `days` closed days, each with its share of sales and requests: staged in bulk (the
 * rows purchases and searches would stage), then moved by the history duty as it runs in service.
 */
async function loadHistory(
  database: Database,
  options: AnalyticsBenchOptions,
  catalog: Catalog,
): Promise<HistoryLoad> {
  const { db } = database;
  const now = new Date();
  const lastDayMs = Date.parse(utcDay(new Date(now.getTime() - DAY_CLOSE_DELAY_MS))) - DAY_MS;
  const firstDayMs = lastDayMs - (options.days - 1) * DAY_MS;
  const offers = await queryRows<{ kind: string; commodity: string; seller: string; price: string }>(
    db,
    sql`SELECT kind_id AS kind, commodity_id AS commodity, seller_id AS seller, price_minor AS price
        FROM offers ORDER BY kind_id, commodity_id, seller_id`,
  );
  const offersOf = new Map<string, typeof offers>();
  for (const o of offers) {
    const list = offersOf.get(o.kind) ?? [];
    list.push(o);
    offersOf.set(o.kind, list);
  }
  const requests = purchaseRequests(20_000, catalog.commoditiesPerKind, CURRENCY);
  const kinds = new Map(catalog.kinds.map((k) => [k.id, k]));

  const total = options.sales + options.preferences;
  const bar = options.progress
    ? new SingleBar({
        format: `history |{bar}| {percentage}% | {value}/{total} rows | staged {staged} rows/s, moved {moved} rows/s | eta {eta}s`,
        hideCursor: true,
      })
    : undefined;
  bar?.start(total, 0, { staged: 0, moved: 0 });
  let stageMs = 0;
  let moveMs = 0;
  let rows = 0;
  const share = (n: number, day: number) =>
    Math.floor((n * (day + 1)) / options.days) - Math.floor((n * day) / options.days);
  for (let round = 0; round < options.days; round += DAYS_PER_ROUND) {
    const staged: { day: string; store: 'sales' | 'preferences'; row: Sale | Preference }[] = [];
    for (let d = round; d < Math.min(options.days, round + DAYS_PER_ROUND); d++) {
      const day = utcDay(new Date(firstDayMs + d * DAY_MS));
      for (let i = share(options.sales, d); i > 0; i--) {
        const kindOffers = offersOf.get(DEMO_KINDS[randomInt(DEMO_KINDS.length)]!.id) ?? [];
        // A few commodities sell most: the cube of a uniform draw leans hard towards the first.
        const offer = kindOffers[Math.floor(kindOffers.length * Math.random() ** 3)]!;
        staged.push({
          day,
          store: 'sales',
          row: {
            kindId: offer.kind,
            commodityId: offer.commodity,
            sellerId: offer.seller,
            quantity: 1 + randomInt(3),
            unitPriceMinor: Number(offer.price),
            currency: CURRENCY,
          },
        });
      }
      for (let i = share(options.preferences, d); i > 0; i--) {
        const request = requests[randomInt(requests.length)]!;
        const kind = kinds.get(request.kind)!;
        const draw = Math.random();
        const { outcome } = OUTCOMES.find((o) => draw < o.upTo)!;
        const failed =
          outcome === 'unmatched'
            ? request.conditions.length > 1 && draw < 0.95
              ? [request.conditions[0]!.attribute]
              : [draw < 0.98 ? UNMET.combination : UNMET.noOffers]
            : [];
        staged.push({
          day,
          store: 'preferences',
          row: preferenceOf(kind, { currency: CURRENCY, conditions: request.conditions }, outcome, failed),
        });
      }
    }
    let started = performance.now();
    for (let i = 0; i < staged.length; i += STAGE_BATCH) {
      const batch = staged.slice(i, i + STAGE_BATCH);
      await db.execute(sql`
        INSERT INTO history_pending (day, store, row)
        SELECT u.day, u.store, u.row::jsonb
        FROM unnest(${sql.param(batch.map((s) => s.day))}::date[], ${sql.param(batch.map((s) => s.store))}::text[],
                    ${sql.param(batch.map((s) => JSON.stringify(s.row)))}::text[]) AS u(day, store, row)`);
    }
    stageMs += performance.now() - started;
    started = performance.now();
    rows += await moveClosedDays(db, now, foldClosedDay);
    moveMs += performance.now() - started;
    bar?.update(rows, {
      staged: Math.round(rows / (stageMs / 1000)),
      moved: Math.round(rows / (moveMs / 1000)),
    });
  }
  bar?.stop();
  // As autovacuum would in service: the visibility map for index-only reads, and the statistics.
  await db.execute(sql`VACUUM (ANALYZE) analytics_cells, sales_history, purchaser_preferences`);
  return {
    firstDay: utcDay(new Date(firstDayMs)),
    lastDay: utcDay(new Date(lastDayMs)),
    rows,
    stageSeconds: stageMs / 1000,
    moveSeconds: moveMs / 1000,
  };
}

interface ReleaseTimings {
  analysis: AnalysisId;
  quoteMs: number[];
  releaseMs: number[];
}

const PERIODS_IN_A_QUARTER: Record<Granularity, number> = { day: 91, week: 13, month: 3 };

/** A quarter's whole periods (13 ISO weeks, 3 months or 91 days), `back` periods before the last one ended by `lastDay`. */
function quarter(granularity: Granularity, lastDay: string, back: number): { from: string; to: string } {
  const previous = (p: Period) => periodOf(granularity, utcDay(new Date(Date.parse(p.from) - DAY_MS)));
  let last = periodOf(granularity, lastDay);
  if (last.to > lastDay) last = previous(last);
  for (let i = 0; i < back; i++) last = previous(last);
  let first = last;
  for (let i = 1; i < PERIODS_IN_A_QUARTER[granularity]; i++) first = previous(first);
  return { from: first.from, to: last.to };
}

/** The attribute each analysis is asked about, where it takes one. */
function attributeFor(analysis: AnalysisId, kindId: string): string | undefined {
  const kind = DEMO_KINDS.find((k) => k.id === kindId)!;
  const first = (type: string) => kind.attributes.find((a) => a.type === type)?.name;
  if (analysis === 'attribute-preference') return first('enum');
  if (analysis === 'requested-values') return first('number');
  if (analysis === 'unmet-demand') return first('enum');
  return undefined;
}

async function measureReleases(
  ctx: Awaited<ReturnType<typeof buildMarket>>['ctx'],
  sellerIds: string[],
  lastDay: string,
  options: AnalyticsBenchOptions,
): Promise<ReleaseTimings[]> {
  // Budgets far beyond what the bench spends: every debit is made, none is refused.
  await ctx.db
    .insert(analyticsPolicy)
    .values({
      id: 1,
      globalBudgetMicro: 1e15,
      sellerBudgetMicro: 1e15,
      exportsEnabled: true,
      updatedAt: new Date(),
    })
    .onConflictDoNothing();
  const granularities: Granularity[] = ['week', 'month', 'day'];
  const results: ReleaseTimings[] = [];
  for (const analysis of ANALYSES) {
    const timing: ReleaseTimings = { analysis, quoteMs: [], releaseMs: [] };
    for (let i = 0; i < options.samples; i++) {
      // Each sample is a release not asked for before: another kind, granularity or quarter.
      const kind = DEMO_KINDS[i % DEMO_KINDS.length]!.id;
      const granularity = granularities[Math.floor(i / DEMO_KINDS.length) % granularities.length]!;
      const back = Math.floor(i / (DEMO_KINDS.length * granularities.length));
      const attribute = attributeFor(analysis, kind);
      const parameters: AnalysisParameters = {
        kind,
        granularity,
        ...quarter(granularity, lastDay, back),
        ...(attribute && { attribute }),
      };
      const sellerId = sellerIds[i % sellerIds.length]!;
      let started = performance.now();
      const quote = await quoteReport(ctx, sellerId, analysis, parameters);
      timing.quoteMs.push(performance.now() - started);
      if (!quote.ok) throw new Error(`${analysis} ${JSON.stringify(parameters)}: ${quote.error.code}`);
      if (quote.value.kept) throw new Error(`${analysis} ${JSON.stringify(parameters)} was asked before`);
      started = performance.now();
      const release = await releaseFor(ctx, sellerId, quote.value.purchase);
      timing.releaseMs.push(performance.now() - started);
      if (!release.ok) throw new Error(`${analysis}: ${release.error.code}`);
    }
    results.push(timing);
    console.log(`[${options.db}] ${analysis}: ${options.samples} releases`);
  }
  return results;
}

async function sizes(database: Database) {
  return queryRows<{ name: string; rows: string; bytes: string }>(
    database.db,
    sql`SELECT c.relname AS name, c.reltuples::int8 AS rows, pg_total_relation_size(c.oid) AS bytes
        FROM pg_class c WHERE c.relname IN ('sales_history', 'purchaser_preferences', 'analytics_cells')
        ORDER BY c.relname`,
  );
}

/** The targets of the issue: any analysis of one kind over a quarter, 10M + 10M rows, PostgreSQL. */
const TARGET = { rows: 10_000_000, p95Ms: 100 } as const;

function printAnalyticsReport(
  options: AnalyticsBenchOptions,
  load: HistoryLoad,
  timings: ReleaseTimings[],
  tables: { name: string; rows: string; bytes: string }[],
): void {
  const ms = (v: number) => v.toFixed(1);
  const out = (text = '') => console.log(text);
  out();
  out(`=== Tokumei analytics bench: ${options.db}, ${load.firstDay} to ${load.lastDay} ===`);
  out();
  out(
    'History, through the real path: staged in bulk, then moved into the stores and folded by the history duty',
  );
  out(
    table(
      ['step', 'rows', 'seconds', 'rows/s'],
      (
        [
          ['staged', load.stageSeconds],
          ['moved into the stores and folded', load.moveSeconds],
        ] as const
      ).map(([step, seconds]) => [
        step,
        load.rows.toLocaleString('en'),
        seconds.toFixed(1),
        Math.round(load.rows / seconds).toLocaleString('en'),
      ]),
    ),
  );
  out();
  out(
    table(
      ['table', 'rows', 'MB'],
      tables.map((t) => [
        t.name,
        Number(t.rows).toLocaleString('en'),
        (Number(t.bytes) / 2 ** 20).toFixed(0),
      ]),
    ),
  );
  out();
  out(
    `Releases of one kind over a quarter (13 weeks, 3 months or 91 days), each new: ${options.samples} per analysis, ms`,
  );
  out('release = budget debit + aggregates read + noise + release stored, in one transaction');
  const rows = timings.map((t) => {
    const q = summarize(t.quoteMs);
    const r = summarize(t.releaseMs);
    return [t.analysis, ms(q.p50), ms(q.p95), ms(r.p50), ms(r.p95), ms(r.max)];
  });
  out(table(['analysis', 'quote p50', 'quote p95', 'release p50', 'release p95', 'release max'], rows));
  const worst = Math.max(...timings.map((t) => summarize(t.releaseMs).p95));
  const atScale = options.db === 'postgres' && Math.min(options.sales, options.preferences) >= TARGET.rows;
  out();
  out(
    `Worst release p95: ${ms(worst)} ms (target < ${TARGET.p95Ms} ms at ${TARGET.rows.toLocaleString('en')} + ` +
      `${TARGET.rows.toLocaleString('en')} rows on PostgreSQL): ` +
      (atScale ? (worst < TARGET.p95Ms ? 'met' : 'NOT met') : 'not at the target volume'),
  );
}
