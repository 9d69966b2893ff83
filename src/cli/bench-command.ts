import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';

const wholeNumber =
  (name: string, min = 1) =>
  (value: string) => {
    const n = Number(value.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}`);
    return n;
  };

const pgUrlOption = () =>
  new Option('--pg-url <url>', 'PostgreSQL admin URL; a database is created there and dropped after')
    .env('TOKUMEI_BENCH_PG_URL')
    .default('postgres://postgres@127.0.0.1:5432/postgres');

/**
 * `tokumei bench` (`bench market`, the default): load offers, time retrieval through the API
 * and as bare SQL, time purchases, and on PostgreSQL purchases paid end to end against the
 * plain commit rate and a replay of the purchases' own statements. `bench analytics`: load
 * sales and requests, time the analyses.
 */
export function registerBenchCommand(program: Command): void {
  const bench = program
    .command('bench')
    .description('Benchmarks on a fresh database, dropped afterwards: `market` (the default) or `analytics`');
  bench
    .command('market', { isDefault: true })
    .description(
      "Benchmark: bulk-load offers into a fresh database, measure retrieval latency (POST /searches vs the same SQL), purchases per second and, on PostgreSQL, purchases paid end to end (order + payment into escrow at a real settlement; each service in its own process, the buyers in others) against two ceilings: the plain commit rate, and the recorded purchases' statements replayed through pg",
    )
    .option('--offers <n>', 'offers to load', wholeNumber('--offers'), 100_000)
    .option('--requests <n>', 'purchase requests to time', wholeNumber('--requests'), 2000)
    .option('--warmup <n>', 'untimed requests first', wholeNumber('--warmup', 0), 200)
    .option('--concurrency <n>', 'requests in flight while timing retrieval', wholeNumber('--concurrency'), 1)
    .option('--buyers <n>', 'concurrent buyers in the purchase phases', wholeNumber('--buyers'), 16)
    .option('--duration <seconds>', 'length of each purchase phase', wholeNumber('--duration'), 10)
    .option(
      '--buyer-processes <n>',
      'processes the buyers run in, apart from the services',
      wholeNumber('--buyer-processes'),
      2,
    )
    .option('--profile <dir>', 'write CPU profiles of the service processes into this directory (PostgreSQL)')
    .option(
      '--explain <n>',
      'print EXPLAIN ANALYZE of the n slowest requests',
      wholeNumber('--explain', 0),
      0,
    )
    .addOption(
      new Option('--db <which>', 'database to run on')
        .choices(['pglite', 'postgres', 'both'])
        .default('both'),
    )
    .addOption(pgUrlOption())
    .option('--json <file>', 'also write the figures as JSON to this file')
    .option('--no-progress', 'no progress bar')
    .action(async (o) => {
      // Loaded only when the command runs: the benchmark code stays out of every other command.
      const { runBench } = await import('../../bench/run.ts');
      await runBench({
        offers: o.offers,
        requests: o.requests,
        warmup: o.warmup,
        concurrency: o.concurrency,
        buyers: o.buyers,
        buyerProcesses: o.buyerProcesses,
        ...(o.profile && { profileDir: resolve(o.profile) }),
        duration: o.duration,
        explain: o.explain,
        db: o.db,
        pgUrl: o.pgUrl,
        progress: o.progress,
        json: o.json,
      });
    });

  bench
    .command('analytics')
    .description(
      'Benchmark the analyzer: fill the sales history and the preference store through the history duty (which folds each closed day into the aggregates), then buy every analysis over a quarter of one kind and print the percentiles of quotes and releases (budget debit, aggregates read, noise, release stored)',
    )
    .option('--sales <n>', 'sales rows', wholeNumber('--sales'), 10_000_000)
    .option(
      '--preferences <n>',
      'preference rows (purchase requests)',
      wholeNumber('--preferences'),
      10_000_000,
    )
    .option(
      '--days <n>',
      'closed days the rows are spread over, ending yesterday',
      wholeNumber('--days', 91),
      730,
    )
    .option(
      '--offers <n>',
      'offers in the catalogue (three kinds, two sellers a commodity)',
      wholeNumber('--offers'),
      30_000,
    )
    .option('--samples <n>', 'releases timed per analysis', wholeNumber('--samples', 1), 45)
    .addOption(
      new Option('--db <which>', 'database to run on').choices(['pglite', 'postgres']).default('postgres'),
    )
    .addOption(pgUrlOption())
    .option('--no-progress', 'no progress bar')
    .action(async (o) => {
      const { runAnalyticsBench } = await import('../../bench/analytics.ts');
      await runAnalyticsBench({
        sales: o.sales,
        preferences: o.preferences,
        days: o.days,
        offers: o.offers,
        samples: o.samples,
        db: o.db,
        pgUrl: o.pgUrl,
        progress: o.progress,
      });
    });
}
