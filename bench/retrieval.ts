import { sql } from 'drizzle-orm';
import type { Kind } from '../src/market/kinds/kinds.ts';
import { type CompiledRequest, compilePurchaseRequest } from '../src/market/retrieval/compile.ts';
import type { PurchaseRequest } from '../src/market/retrieval/purchase-request.ts';
import { retrievalStatement } from '../src/market/retrieval/retrieve.ts';
import { type Db, queryRows } from '../src/platform/db/database.ts';
import type { HttpClient } from './http-client.ts';
import { type Summary, summarize } from './stats.ts';

export interface RetrievalResult {
  api: Summary;
  /** The one statement the API runs for a first page that matches: the retrieval query. */
  sql: Summary;
  /** Per number of conditions (1…5). */
  byConditions: { conditions: number; api: Summary; sql: Summary }[];
  unmatched: number;
  /** The requests whose direct SQL took longest, slowest first. */
  slowest: { index: number; sqlMs: number; apiMs: number }[];
}

export function compileAll(kinds: Kind[], requests: PurchaseRequest[], currency: string): CompiledRequest[] {
  const byId = new Map(kinds.map((k) => [k.id, k]));
  return requests.map((request, i) => {
    const kind = byId.get(request.kind);
    const compiled = kind && compilePurchaseRequest(kind, request, currency);
    if (!compiled?.ok) throw new Error(`bench request ${i} does not compile: ${JSON.stringify(request)}`);
    return compiled.value;
  });
}

/**
 * Times every request two ways: through HTTP (POST /searches, everything the API does) and as
 * the one statement the API runs for it, the retrieval query. The order alternates from one
 * request to the next, so neither way always finds the pages the other just read.
 */
export async function measureRetrieval(
  client: HttpClient,
  db: Db,
  requests: PurchaseRequest[],
  compiled: CompiledRequest[],
  options: { warmup: number; concurrency: number },
): Promise<RetrievalResult> {
  const apiMs = new Array<number>(requests.length);
  const sqlMs = new Array<number>(requests.length);
  let unmatched = 0;

  const viaApi = async (i: number) => {
    const answer = await client.send('POST', '/searches', requests[i]);
    if (answer.status !== 200) {
      throw new Error(`POST /searches answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    if (!answer.body.matched) unmatched++;
    return answer.ms;
  };
  const timed = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  const viaSql = (i: number) =>
    timed(() => queryRows(db, retrievalStatement(compiled[i] as CompiledRequest, null)));
  const both = async (i: number): Promise<[number, number]> => {
    if (i % 2) {
      const s = await viaSql(i);
      return [await viaApi(i), s];
    }
    const a = await viaApi(i);
    return [a, await viaSql(i)];
  };

  const run = async (count: number, record: boolean) => {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < count; i = next++) {
        const [a, s] = await both(i);
        if (record) {
          apiMs[i] = a;
          sqlMs[i] = s;
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  };
  await run(Math.min(options.warmup, requests.length), false);
  unmatched = 0;
  await run(requests.length, true);

  const byConditions = [...new Set(requests.map((r) => r.conditions.length))]
    .sort((a, b) => a - b)
    .map((conditions) => {
      const idx = requests.flatMap((r, i) => (r.conditions.length === conditions ? [i] : []));
      return {
        conditions,
        api: summarize(idx.map((i) => apiMs[i] as number)),
        sql: summarize(idx.map((i) => sqlMs[i] as number)),
      };
    });
  const slowest = sqlMs
    .map((ms, index) => ({ index, sqlMs: ms, apiMs: apiMs[index] as number }))
    .sort((a, b) => b.sqlMs - a.sqlMs)
    .slice(0, 10);
  return {
    api: summarize(apiMs),
    sql: summarize(sqlMs),
    byConditions,
    unmatched,
    slowest,
  };
}

/** EXPLAIN (ANALYZE, BUFFERS) of the retrieval query for one request, as the API runs it. */
export async function explainRetrieval(db: Db, compiled: CompiledRequest): Promise<string> {
  const rows = await queryRows<Record<string, string>>(
    db,
    sql`EXPLAIN (ANALYZE, BUFFERS) ${retrievalStatement(compiled, null)}`,
  );
  return rows.map((r) => Object.values(r)[0]).join('\n');
}
