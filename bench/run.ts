import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { MarketConfig } from '../src/market/config.ts';
import { buildMarket, MARKET_SERVER_SETTINGS } from '../src/market/server.ts';
import { type Database, queryRows } from '../src/platform/db/database.ts';
import { newSecret } from '../src/platform/ids.ts';
import { createLogger } from '../src/platform/log.ts';
import { observePhase, type PhaseObservation } from './backend-states.ts';
import { measureCommitRate, type Rate } from './ceilings.ts';
import { type BenchDatabase, type BenchDbKind, openBenchDatabase } from './databases.ts';
import { HttpClient } from './http-client.ts';
import { type Catalog, commoditiesPerKind, loadOffers } from './load-offers.ts';
import { measurePurchases, type PurchaseResult, runBuyers } from './purchases.ts';
import { type Replay, readRecording, replayPurchases } from './replay.ts';
import { printReport } from './report.ts';
import { purchaseRequests, walkingRequests } from './requests.ts';
import { compileAll, explainRetrieval, measureRetrieval, type RetrievalResult } from './retrieval.ts';
import { type BenchServices, startBenchServices } from './services.ts';

export interface BenchOptions {
  offers: number;
  requests: number;
  buyers: number;
  /** Processes the buyers run in, apart from the services'. */
  buyerProcesses: number;
  /** Write CPU profiles of the service processes (PostgreSQL) into this directory. */
  profileDir?: string;
  db: BenchDbKind | 'both';
  pgUrl: string;
  concurrency: number;
  warmup: number;
  duration: number;
  explain: number;
  progress: boolean;
  /** Apply the recommended retrieval indexes (bench database only) before measuring. */
  json?: string;
}

export interface DbRun {
  kind: BenchDbKind;
  version: string;
  catalog: Catalog;
  retrieval: RetrievalResult;
  /** The requests that walk a whole kind: sorted by an attribute, and matching almost nothing. */
  walking: { sorted: RetrievalResult; nearEmpty: RetrievalResult };
  purchases: PurchaseResult;
  /** PostgreSQL only: purchases paid into escrow at a real settlement, beside their two ceilings. */
  endToEnd?: { purchases: PurchaseResult; commits: Rate; replay: Replay };
  /** PostgreSQL only: what the server's backends and the processes did in each purchase phase. */
  phases?: ({ phase: string; perSecond: number; buyersCpu: number } & PhaseObservation)[];
  explained: { index: number; request: unknown; sqlMs: number; plan: string }[];
}

const CURRENCY = 'JPY';
/** The ceilings reach a steady rate within a second; two give enough samples. */
const CEILING_SECONDS = 2;
/** Long enough to record a few dozen purchases, each replayed many times over. */
const RECORD_MS = 3000;
const REPLAY_SECONDS = 5;

/** A market in the bench's own process: for PGlite, whose database lives in one process. */
export const benchConfig = (): MarketConfig => ({
  host: '127.0.0.1',
  port: 0,
  dataDir: '/nonexistent',
  secretKey: newSecret(),
  deliveryKey: newSecret(),
  deliveryTimeoutMs: 5_000,
  defaultCurrency: CURRENCY,
  searchTtlMs: 30 * 60_000,
  orderPaymentWindowMs: 30 * 60_000,
  idempotencyRetentionMs: 48 * 3_600_000,
  // The benchmark is one client address sending thousands of requests a second.
  rateLimitPerMinute: 1_000_000_000,
  webhookAllowPrivate: true,
  demoData: false,
  settlement: { kind: 'socket', path: '/nonexistent/settlement.sock' },
  settlementTimeoutMs: 10_000,
  deliveryUrl: 'http://127.0.0.1:8090',
});

/**
 * `tokumei bench`: load, retrieval latency (API and SQL), purchases per second and, on
 * PostgreSQL, purchases paid end to end against the plain commit rate; then the report.
 */
export async function runBench(options: BenchOptions): Promise<void> {
  const kinds: BenchDbKind[] = options.db === 'both' ? ['pglite', 'postgres'] : [options.db];
  // Built once, so every database and both paths see the same sequence of purchase requests.
  const requests = purchaseRequests(options.requests, commoditiesPerKind(options.offers), CURRENCY);
  console.log(
    `Tokumei bench: ${options.offers.toLocaleString('en')} offers, ${options.requests} requests ` +
      `(warm-up ${options.warmup}, concurrency ${options.concurrency}), ${options.buyers} buyers × ${options.duration} s, ` +
      `on ${kinds.join(' and ')}; ${cpus().length} CPUs, Node ${process.version}\n`,
  );

  const runs: DbRun[] = [];
  // What is open on the server; Ctrl+C during a long load should not leave a database behind.
  const open = new Set<{ drop(): Promise<void> }>();
  const dropAll = () => Promise.all([...open].map((o) => o.drop().catch(() => {})));
  const interrupted = async () => {
    await dropAll();
    process.exit(130);
  };
  // Ctrl+C, or a plain kill: either way the databases go.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, interrupted);
  try {
    for (const kind of kinds) {
      const bench = await openBenchDatabase(kind, { pgUrl: options.pgUrl, poolSize: poolSize(options) });
      open.add(bench);
      runs.push(await runOn(bench, requests, options, open));
      await bench.drop();
      open.delete(bench);
    }
  } finally {
    await dropAll();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, interrupted);
  }
  printReport(runs, requests, options);
  if (options.json) {
    writeFileSync(options.json, `${JSON.stringify({ options, requests, runs }, null, 2)}\n`);
    console.log(`\nFigures written to ${options.json}`);
  }
}

const purchaseRate = (p: PurchaseResult) => ({ perSecond: p.perSecond, buyersCpu: p.buyersCpuSeconds });

const poolSize = (options: BenchOptions) => Math.max(10, options.buyers + 4);

async function runOn(
  bench: BenchDatabase,
  requests: ReturnType<typeof purchaseRequests>,
  options: BenchOptions,
  open: Set<{ drop(): Promise<void> }>,
): Promise<DbRun> {
  const [version] = await queryRows<{ v: string }>(
    bench.database.db,
    sql`SELECT current_setting('server_version') AS v`,
  );
  console.log(`[${bench.kind}] ${bench.where}, PostgreSQL ${version?.v}`);
  const catalog = await loadOffers(bench.database, options.offers, {
    currency: CURRENCY,
    progress: options.progress,
    label: `[${bench.kind}] loading`,
  });
  console.log(
    `[${bench.kind}] loaded ${catalog.offers} offers in ${catalog.loadSeconds.toFixed(1)} s, ` +
      `indexes ${catalog.indexSeconds.toFixed(1)} s, vacuum/analyze ${catalog.analyzeSeconds.toFixed(1)} s`,
  );
  // Measured on fresh connections, as a market process that has just started would have.
  const database = await bench.reopen();

  const { url, services, close } = await startServices(bench, database, options);
  const running = { drop: close };
  open.add(running);
  const client = new HttpClient(url, options.concurrency);
  try {
    const compiled = compileAll(catalog.kinds, requests, CURRENCY);
    console.log(`[${bench.kind}] retrieval: ${requests.length} requests, API and SQL …`);
    const retrieval = await measureRetrieval(client, database.db, requests, compiled, options);
    const walkingSets = walkingRequests(
      Math.max(2, Math.round(requests.length / 2)),
      commoditiesPerKind(options.offers),
      CURRENCY,
    );
    console.log(
      `[${bench.kind}] retrieval that walks a kind: ${walkingSets.sorted.length} + ${walkingSets.nearEmpty.length} requests …`,
    );
    const walked = (set: typeof requests) =>
      measureRetrieval(client, database.db, set, compileAll(catalog.kinds, set, CURRENCY), {
        ...options,
        warmup: Math.min(options.warmup, 20),
      });
    const walking = {
      sorted: await walked(walkingSets.sorted),
      nearEmpty: await walked(walkingSets.nearEmpty),
    };
    const explained = [];
    for (const slow of retrieval.slowest.slice(0, options.explain)) {
      const plan = await explainRetrieval(database.db, compiled[slow.index]!);
      explained.push({ index: slow.index, request: requests[slow.index], sqlMs: slow.sqlMs, plan });
    }
    console.log(`[${bench.kind}] purchases: ${options.buyers} buyers for ${options.duration} s …`);
    const buying = () =>
      measurePurchases(url, requests, {
        buyers: options.buyers,
        seconds: options.duration,
        processes: options.buyerProcesses,
      });
    const phases: NonNullable<DbRun['phases']> = [];
    let purchases: PurchaseResult;
    if (services) {
      let seen: PhaseObservation;
      [purchases, seen] = await observePhase(options.pgUrl, [bench.url as string], buying);
      phases.push({ phase: 'purchases', ...purchaseRate(purchases), ...seen });
    } else purchases = await buying();
    const endToEnd =
      services && (await measureEndToEnd(bench.kind, bench, services, requests, options, phases));
    return {
      kind: bench.kind,
      version: version?.v ?? '?',
      catalog,
      retrieval,
      walking,
      purchases,
      ...(endToEnd && { endToEnd }),
      ...(phases.length && { phases }),
      explained,
    };
  } finally {
    client.close();
    await close();
    open.delete(running);
  }
}

/**
 * On PostgreSQL the services run as in production, each in a process of its own, settlement on
 * a database of its own (which end to end needs); PGlite's database lives in one process, so
 * there the market runs in the bench's. `close` may be called more than once.
 */
async function startServices(
  bench: BenchDatabase,
  database: Database,
  options: BenchOptions,
): Promise<{ url: string; services?: BenchServices; close(): Promise<void> }> {
  if (bench.kind === 'postgres') {
    const services = await startBenchServices({
      pgUrl: options.pgUrl,
      marketUrl: bench.url as string,
      currency: CURRENCY,
      ...(options.profileDir && { nodeOptions: `--cpu-prof --cpu-prof-dir=${options.profileDir}` }),
    });
    return { url: services.marketUrl, services, close: services.stop };
  }
  const market = await buildMarket({
    config: benchConfig(),
    database,
    logger: createLogger('bench', 'silent'),
    workers: false,
  });
  const url = await market.app.listen({ host: '127.0.0.1', port: 0 });
  let closing: Promise<void> | undefined;
  return { url, close: () => (closing ??= market.close()) };
}

/**
 * Buyers who also pay (search → order → payment into escrow), each with a card of its own, since
 * a card's row is locked while it pays; then, at the same concurrency, the server's plain commit
 * rate, a ceiling a payment stays under.
 */
async function measureEndToEnd(
  kind: BenchDbKind,
  bench: BenchDatabase,
  services: BenchServices,
  requests: ReturnType<typeof purchaseRequests>,
  options: BenchOptions,
  phases: NonNullable<DbRun['phases']>,
): Promise<NonNullable<DbRun['endToEnd']>> {
  const cards = await services.issueCards(options.buyers, CURRENCY);
  console.log(
    `[${kind}] end-to-end purchases (order + payment): ${options.buyers} buyers for ${options.duration} s …`,
  );
  const databases = [bench.url as string, services.settlementUrl, services.deliveryUrl];
  const [purchases, seen] = await observePhase(options.pgUrl, databases, () =>
    measurePurchases(services.marketUrl, requests, {
      buyers: options.buyers,
      seconds: options.duration,
      processes: options.buyerProcesses,
      cards,
      pickupPointId: services.pickupPointId,
    }),
  );
  phases.push({ phase: 'end to end', ...purchaseRate(purchases), ...seen });
  const ceiling = { clients: options.buyers, seconds: CEILING_SECONDS };
  console.log(`[${kind}] ceiling: plain commits, ${options.buyers} at once for ${CEILING_SECONDS} s …`);
  const commits = await measureCommitRate(services.settlementUrl, ceiling);
  console.log(
    `[${kind}] ceiling: the statements of recorded purchases replayed through pg, ${options.buyers} at once …`,
  );
  const replay = await measureReplay(bench, requests, options, phases);
  return { purchases, commits, replay };
}

/**
 * The ceiling that does a purchase's work without Tokumei: fresh services record every
 * statement they send while one buyer buys end to end (bench/statement-recorder.ts), then those
 * purchases' statements are replayed through `pg` at the buyers' concurrency, on the same
 * databases, each replay with fresh IDs (bench/replay.ts).
 */
async function measureReplay(
  bench: BenchDatabase,
  requests: ReturnType<typeof purchaseRequests>,
  options: BenchOptions,
  phases: NonNullable<DbRun['phases']>,
): Promise<Replay> {
  const dir = mkdtempSync(join(tmpdir(), 'tokumei-bench-record-'));
  const file = join(dir, 'statements.jsonl');
  const services = await startBenchServices({
    pgUrl: options.pgUrl,
    marketUrl: bench.url as string,
    currency: CURRENCY,
    record: file,
  });
  try {
    // One buyer at a time, so that each purchase's statements follow its search; each window
    // with a card of its own, replayed by a client of its own, as the measured buyers each have.
    const cards = await services.issueCards(options.buyers, CURRENCY);
    const windows: { recordFrom: number; until: number }[] = [];
    for (const card of cards) {
      const now = Date.now();
      const window = { recordFrom: now, until: now + RECORD_MS / cards.length };
      windows.push(window);
      const task = { url: services.marketUrl, requests, buyers: 1, cards: [card] };
      await runBuyers({ ...task, pickupPointId: services.pickupPointId }, window);
    }
    // A recorded purchase runs from its search to the next one: one more search closes the last
    // window's last purchase, which is otherwise cut off as perhaps unfinished (a slow purchase
    // can be a short window's only one, leaving its card nothing to replay).
    const closing = new HttpClient(services.marketUrl, 1);
    await closing.send('POST', '/searches', requests[0]);
    closing.close();
    const purchases = readRecording(file);
    const groups = windows.map((w, i) =>
      purchases.filter((p) => p.t >= w.recordFrom && p.t < (windows[i + 1]?.recordFrom ?? Infinity)),
    );
    // The replay alone on the databases: no worker of the recording services picks up its rows.
    await services.stopProcesses();
    // Replays take stock as the purchases did: enough of it that none runs out, on the offers
    // bought (a few thousand; the whole catalogue would be millions of rows rewritten).
    await bench.database.db.execute(
      sql`UPDATE offers SET stock = stock + 1000000 WHERE id IN (SELECT offer_id FROM orders)`,
    );
    const databases = [
      { label: 'market', url: bench.url as string, serverSettings: MARKET_SERVER_SETTINGS },
      { label: 'settlement', url: services.settlementUrl },
      { label: 'delivery', url: services.deliveryUrl },
    ];
    const [replay, seen] = await observePhase(
      options.pgUrl,
      databases.map((d) => d.url),
      () => replayPurchases(groups, databases, { seconds: REPLAY_SECONDS }),
    );
    phases.push({ phase: 'replay', perSecond: replay.perSecond, buyersCpu: 0, ...seen });
    return replay;
  } finally {
    await services.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
