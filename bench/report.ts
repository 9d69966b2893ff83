import { cpus } from 'node:os';
import type { PurchaseRequest } from '../src/market/retrieval/purchase-request.ts';
import { BACKEND_STATES } from './backend-states.ts';
import { CPU_GROUPS } from './process-cpu.ts';
import type { BenchOptions, DbRun } from './run.ts';
import type { Summary } from './stats.ts';

/** The targets of the issue: PostgreSQL, 1M offers, a 2-core machine. */
export const TARGETS = {
  offers: 1_000_000,
  p99Ms: 20,
  ratio: 1.5,
  walkingP99Ms: 50,
  purchasesPerSecond: 400,
  endToEndPerSecond: 200,
  replayRatio: 0.5,
} as const;

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');
const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '–');

/** Aligned text columns; numbers (and ratios) right-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const numeric = (s: string) => /^[-+]?[\d.,]+(×| ms)?$|^–$/.test(s);
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (numeric(cell) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const latencyRow = (label: string[], s: Summary) => [
  ...label,
  String(s.n),
  ms(s.mean),
  ms(s.p50),
  ms(s.p95),
  ms(s.p99),
  ms(s.max),
];

export function printReport(runs: DbRun[], requests: PurchaseRequest[], options: BenchOptions): void {
  const out = (text = '') => console.log(text);
  out();
  out(`=== Tokumei bench: ${options.offers.toLocaleString('en')} offers ===`);
  out();
  out('Load (bulk INSERT … SELECT unnest(…) in 6000-row batches; indexes rebuilt after; VACUUM ANALYZE)');
  out(
    table(
      ['db', 'offers', 'insert s', 'rows/s', 'index s', 'vacuum+analyze s', 'total s'],
      runs.map((r) => {
        const c = r.catalog;
        return [
          r.kind,
          c.offers.toLocaleString('en'),
          c.loadSeconds.toFixed(1),
          Math.round(c.offers / c.loadSeconds).toLocaleString('en'),
          c.indexSeconds.toFixed(1),
          c.analyzeSeconds.toFixed(1),
          (c.loadSeconds + c.indexSeconds + c.analyzeSeconds).toFixed(1),
        ];
      }),
    ),
  );
  out();
  out(
    `Retrieval latency, ms: ${requests.length} purchase requests with 1–5 conditions, sorted by price, ` +
      `limit 20; concurrency ${options.concurrency}, after ${options.warmup} warm-up requests`,
  );
  out('  API = POST /searches over HTTP on loopback; SQL = the one statement the API runs, run directly');
  out('  (retrievalStatement(): retrieval writes nothing, the page is signed into its search token)');
  out(
    table(
      ['db', 'path', 'n', 'mean', 'p50', 'p95', 'p99', 'max'],
      runs.flatMap((r) => [
        latencyRow([r.kind, 'API'], r.retrieval.api),
        latencyRow([r.kind, 'SQL'], r.retrieval.sql),
      ]),
    ),
  );
  out();
  out(
    table(
      ['db', 'API/SQL p50', 'API/SQL p99', 'API−SQL p50 ms', 'unmatched requests'],
      runs.map((r) => [
        r.kind,
        x(r.retrieval.api.p50 / r.retrieval.sql.p50),
        x(r.retrieval.api.p99 / r.retrieval.sql.p99),
        ms(r.retrieval.api.p50 - r.retrieval.sql.p50),
        String(r.retrieval.unmatched),
      ]),
    ),
  );
  out();
  out(
    `Requests that walk a whole kind, ms (target: p99 under ${TARGETS.walkingP99Ms} ms at ` +
      `${TARGETS.offers.toLocaleString('en')} offers): sorted by a numeric attribute, and two exact attribute values`,
  );
  out(
    table(
      ['db', 'requests', 'path', 'n', 'mean', 'p50', 'p95', 'p99', 'max'],
      runs.flatMap((r) =>
        (
          [
            ['sorted by attribute', r.walking.sorted],
            ['match almost nothing', r.walking.nearEmpty],
          ] as const
        ).flatMap(([label, result]) => [
          latencyRow([r.kind, label, 'API'], result.api),
          latencyRow([r.kind, label, 'SQL'], result.sql),
        ]),
      ),
    ),
  );
  out();
  out('Retrieval by number of conditions, ms (API p50 / p99 · SQL p50 / p99)');
  out(
    table(
      ['db', 'conditions', 'n', 'API p50', 'API p99', 'SQL p50', 'SQL p99'],
      runs.flatMap((r) =>
        r.retrieval.byConditions.map((b) => [
          r.kind,
          String(b.conditions),
          String(b.api.n),
          ms(b.api.p50),
          ms(b.api.p99),
          ms(b.sql.p50),
          ms(b.sql.p99),
        ]),
      ),
    ),
  );
  out();
  out(
    `Purchases: concurrent buyers looping POST /searches → POST /orders (quantity 1, Idempotency-Key), ` +
      `measured ${options.duration} s after 1 s warm-up`,
  );
  out(
    table(
      [
        'db',
        'buyers',
        'purchases',
        'purchases/s',
        'order p50',
        'order p99',
        'search p50',
        'search p99',
        '409 races',
        'other failures',
      ],
      runs.map((r) => {
        const p = r.purchases;
        const races = Object.values(p.conflicts).reduce((a, b) => a + b, 0);
        const detail = Object.entries(p.conflicts)
          .map(([code, n]) => `${code} ${n}`)
          .join(', ');
        const failures = Object.entries(p.failures)
          .map(([code, n]) => `${code}: ${n}`)
          .join(', ');
        return [
          r.kind,
          String(p.buyers),
          String(p.purchases),
          p.perSecond.toFixed(1),
          ms(p.order.p50),
          ms(p.order.p99),
          ms(p.search.p50),
          ms(p.search.p99),
          races ? `${races} (${detail})` : '0',
          failures || '0',
        ];
      }),
    ),
  );

  printEndToEnd(runs, options);

  for (const r of runs) {
    for (const e of r.explained) {
      out();
      out(
        `EXPLAIN ANALYZE [${r.kind}] request #${e.index} (SQL ${ms(e.sqlMs)} ms): ${JSON.stringify(e.request)}`,
      );
      out(e.plan);
    }
  }

  out();
  out(
    `Targets (PostgreSQL, ${TARGETS.offers.toLocaleString('en')} offers, 2-core machine): ` +
      `retrieval p99 < ${TARGETS.p99Ms} ms, API/SQL < ${TARGETS.ratio}, purchases and their replay ceiling`,
  );
  const pg = runs.find((r) => r.kind === 'postgres');
  if (!pg) {
    out('  not checked: no PostgreSQL run (use --db postgres or --db both)');
    return;
  }
  const applies = pg.catalog.offers >= TARGETS.offers;
  const verdict = (ok: boolean) =>
    applies ? (ok ? 'met' : 'MISSED') : ok ? 'met (indicative)' : 'missed (indicative)';
  const { api, sql } = pg.retrieval;
  out(
    table(
      ['target', 'measured', 'limit', 'result'],
      [
        ['API retrieval p99', `${ms(api.p99)} ms`, `${TARGETS.p99Ms} ms`, verdict(api.p99 < TARGETS.p99Ms)],
        ['SQL retrieval p99', `${ms(sql.p99)} ms`, `${TARGETS.p99Ms} ms`, verdict(sql.p99 < TARGETS.p99Ms)],
        [
          'API/SQL at p50',
          x(api.p50 / sql.p50),
          x(TARGETS.ratio),
          verdict(api.p50 / sql.p50 < TARGETS.ratio),
        ],
        [
          'API/SQL at p99',
          x(api.p99 / sql.p99),
          x(TARGETS.ratio),
          verdict(api.p99 / sql.p99 < TARGETS.ratio),
        ],
        ...(
          [
            ['sorted by attribute, API p99', pg.walking.sorted.api.p99],
            ['match almost nothing, API p99', pg.walking.nearEmpty.api.p99],
          ] as const
        ).map(([label, p99]) => [
          label,
          `${ms(p99)} ms`,
          `${TARGETS.walkingP99Ms} ms`,
          verdict(p99 < TARGETS.walkingP99Ms),
        ]),
        [
          'purchases per second',
          pg.purchases.perSecond.toFixed(1),
          String(TARGETS.purchasesPerSecond),
          verdict(pg.purchases.perSecond >= TARGETS.purchasesPerSecond),
        ],
        ...(pg.endToEnd
          ? [
              [
                'end to end per second',
                pg.endToEnd.purchases.perSecond.toFixed(1),
                String(TARGETS.endToEndPerSecond),
                verdict(pg.endToEnd.purchases.perSecond >= TARGETS.endToEndPerSecond),
              ],
              [
                'end to end ÷ SQL replay',
                share(pg.endToEnd.purchases.perSecond / pg.endToEnd.replay.perSecond),
                String(TARGETS.replayRatio),
                verdict(
                  pg.endToEnd.purchases.perSecond / pg.endToEnd.replay.perSecond >= TARGETS.replayRatio,
                ),
              ],
            ]
          : []),
      ],
    ),
  );
  if (!applies)
    out(`  (the targets are set for ${TARGETS.offers.toLocaleString('en')} offers; this run had fewer)`);
}

/** A small ratio, to two significant figures. */
const share = (v: number) => (Number.isFinite(v) ? v.toPrecision(2) : '–');

/** Purchases paid into escrow, against the server's plain commit rate. */
function printEndToEnd(runs: DbRun[], options: BenchOptions): void {
  const out = (text = '') => console.log(text);
  out();
  out(
    'End-to-end purchases: buyers looping POST /searches → POST /orders → POST /orders/:id/payment ' +
      `(prepaid card + PIN, into escrow), measured ${options.duration} s after 1 s warm-up`,
  );
  const measured = runs.flatMap((r) => (r.endToEnd ? [{ kind: r.kind, ...r.endToEnd }] : []));
  if (!measured.length) {
    out('  not measured: PostgreSQL only (use --db postgres or --db both)');
    return;
  }
  out(
    '  market, settlement and delivery each in a process of its own (tokumei serve), each on its own database; settlement reached over the closed link (a Unix socket), delivery asked about the pickup point on every payment; the buyers in other processes',
  );
  out(
    table(
      [
        'db',
        'buyers',
        'purchases',
        'purchases/s',
        'payment p50',
        'payment p99',
        'order p50',
        'order p99',
        '409 races',
        'other failures',
      ],
      measured.map(({ kind, purchases: p }) => [
        kind,
        String(p.buyers),
        String(p.purchases),
        p.perSecond.toFixed(1),
        ms(p.payment?.p50 ?? NaN),
        ms(p.payment?.p99 ?? NaN),
        ms(p.order.p50),
        ms(p.order.p99),
        String(Object.values(p.conflicts).reduce((a, b) => a + b, 0)),
        Object.entries(p.failures)
          .map(([code, n]) => `${code}: ${n}`)
          .join(', ') || '0',
      ]),
    ),
  );
  out();
  out('Ceilings at the same concurrency, with nothing of Tokumei in between:');
  out('  commits = the same server, BEGIN; one small INSERT; COMMIT through pg');
  out(
    '  replay  = the statements recorded purchases ran (search, order, payment and what followed in the services), replayed through pg with fresh IDs',
  );
  out(
    table(
      ['db', 'ceiling', 'clients', 'per second', 'p50', 'p99', 'purchases/s ÷ ceiling'],
      measured.flatMap(({ kind, purchases, commits, replay }) =>
        (
          [
            ['commits', commits, ''],
            ['replay', replay, ` (target ≥ ${TARGETS.replayRatio})`],
          ] as const
        ).map(([ceiling, rate, target]) => [
          kind,
          ceiling,
          String(rate.clients),
          rate.perSecond.toFixed(1),
          ms(rate.latency.p50),
          ms(rate.latency.p99),
          `${share(purchases.perSecond / rate.perSecond)}${target}`,
        ]),
      ),
    ),
  );
  for (const { kind, replay } of measured) {
    out(
      `  ${kind}: ${replay.recorded} purchases recorded; each ran ${Object.entries(replay.perPurchase)
        .map(
          ([db, n]) =>
            `${n.statements.toFixed(1)} statements in ${n.transactions.toFixed(1)} transactions on ${db}`,
        )
        .join(', ')}; ${replay.failed} statements failed on replay`,
    );
  }
  out('  Each buyer has a card of its own: a card’s row stays locked while it pays.');
  printPhases(runs);
}

/**
 * What bounds purchases, phase by phase: what PostgreSQL's backends were doing
 * (bench/backend-states.ts), and the CPU each process group spent per purchase against what the
 * machine's cores give one at that rate (bench/process-cpu.ts).
 */
function printPhases(runs: DbRun[]): void {
  const phases = runs.flatMap((r) => (r.phases ?? []).map((p) => ({ kind: r.kind, ...p })));
  if (!phases.length) return;
  const out = (text = '') => console.log(text);
  out();
  out('Where PostgreSQL’s backends were (pg_stat_activity every 20 ms; share of the backends not idle)');
  out(
    '  waiting for the client = inside a transaction, for the next statement from the service (or the replay’s client)',
  );
  out(
    table(
      ['db', 'phase', 'busy backends', ...BACKEND_STATES],
      phases.map(({ kind, phase, states }) => [
        kind,
        phase,
        states.busy.toFixed(1),
        ...BACKEND_STATES.map((s) => `${(100 * states.shares[s]).toFixed(0)}%`),
      ]),
    ),
  );
  out();
  out(
    `CPU per purchase, ms, by process (Linux /proc; PostgreSQL = every process of the server on this machine), against the ${cpus().length} cores' ms per purchase at the rate reached`,
  );
  out(
    table(
      ['db', 'phase', 'per second', ...CPU_GROUPS, 'buyers', 'total', 'cores give', 'busy'],
      phases.map(({ kind, phase, perSecond, cpu, buyersCpu, seconds }) => {
        const perPurchase = (s: number) => (1000 * s) / seconds / perSecond;
        const spent = [...CPU_GROUPS.map((g) => cpu[g]), buyersCpu].map(perPurchase);
        const total = spent.reduce((sum, ms) => sum + ms, 0);
        const available = (1000 * cpus().length) / perSecond;
        return [
          kind,
          phase,
          perSecond.toFixed(1),
          ...spent.map((ms) => ms.toFixed(2)),
          total.toFixed(2),
          available.toFixed(2),
          `${((100 * total) / available).toFixed(0)}%`,
        ];
      }),
    ),
  );
}
