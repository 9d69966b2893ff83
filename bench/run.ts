import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { sql } from 'drizzle-orm';
import type { MarketConfig } from '../src/market/config';
import { buildMarket } from '../src/market/server';
import { queryRows } from '../src/platform/db/database';
import { newSecret } from '../src/platform/ids';
import { createLogger } from '../src/platform/log';
import { type BenchDatabase, type BenchDbKind, openBenchDatabase } from './databases';
import { HttpClient } from './http-client';
import { type Catalog, commoditiesPerKind, loadOffers } from './load-offers';
import { measurePurchases, type PurchaseResult } from './purchases';
import { printReport } from './report';
import { purchaseRequests } from './requests';
import { compileAll, explainRetrieval, measureRetrieval, type RetrievalResult } from './retrieval';

export interface BenchOptions {
  offers: number;
  requests: number;
  buyers: number;
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
  purchases: PurchaseResult;
  explained: { index: number; request: unknown; sqlMs: number; plan: string }[];
}

const CURRENCY = 'JPY';

const benchConfig = (): MarketConfig => ({
  host: '127.0.0.1',
  port: 0,
  dataDir: '/nonexistent',
  secretKey: newSecret(),
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
});

/** `tokumei bench`: load, retrieval latency (API and SQL), purchases per second; then the report. */
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
  let open: BenchDatabase | undefined;
  const interrupted = async () => {
    // Ctrl+C during a long load should not leave a database behind on the server.
    await open?.drop().catch(() => {});
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  try {
    for (const kind of kinds) {
      open = await openBenchDatabase(kind, {
        pgUrl: options.pgUrl,
        poolSize: Math.max(10, options.buyers + 4),
      });
      runs.push(await runOn(open, requests, options));
      await open.drop();
      open = undefined;
    }
  } finally {
    await open?.drop().catch(() => {});
    process.off('SIGINT', interrupted);
  }
  printReport(runs, requests, options);
  if (options.json) {
    writeFileSync(options.json, `${JSON.stringify({ options, requests, runs }, null, 2)}\n`);
    console.log(`\nFigures written to ${options.json}`);
  }
}

async function runOn(
  bench: BenchDatabase,
  requests: ReturnType<typeof purchaseRequests>,
  options: BenchOptions,
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

  const market = await buildMarket({
    config: benchConfig(),
    database,
    logger: createLogger('bench', 'silent'),
    workers: false,
  });
  const url = await market.app.listen({ host: '127.0.0.1', port: 0 });
  const client = new HttpClient(url, Math.max(options.concurrency, options.buyers));
  try {
    const compiled = compileAll(catalog.kinds, requests, CURRENCY);
    console.log(`[${bench.kind}] retrieval: ${requests.length} requests, API and SQL …`);
    const retrieval = await measureRetrieval(client, database.db, requests, compiled, options);
    const explained = [];
    for (const slow of retrieval.slowest.slice(0, options.explain)) {
      const plan = await explainRetrieval(database.db, compiled[slow.index]!);
      explained.push({ index: slow.index, request: requests[slow.index], sqlMs: slow.sqlMs, plan });
    }
    console.log(`[${bench.kind}] purchases: ${options.buyers} buyers for ${options.duration} s …`);
    const purchases = await measurePurchases(client, requests, {
      buyers: options.buyers,
      seconds: options.duration,
    });
    return { kind: bench.kind, version: version?.v ?? '?', catalog, retrieval, purchases, explained };
  } finally {
    client.close();
    await market.close();
  }
}
