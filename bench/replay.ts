import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { generateOrderId, ORDER_ID_PATTERN } from '../src/protocol/order-id.ts';
import type { Rate } from './ceilings.ts';
import { summarize } from './stats.ts';

interface Recorded {
  t: number;
  connection: string;
  database: string;
  text: string;
  params: unknown[];
}

/** What one connection sent as one unit: a transaction, or one statement on its own. */
interface Unit {
  t: number;
  database: string;
  statements: { text: string; params: unknown[] }[];
}

/** The replay's rate, and what it replayed. */
export interface Replay extends Rate {
  /** Purchases in the recording, replayed in turn. */
  recorded: number;
  /** Per database (its label): statements and transactions a recorded purchase ran there, on average. */
  perPurchase: Record<string, { statements: number; transactions: number }>;
  /** Statements that failed on replay (their transaction was rolled back). */
  failed: number;
}

/** A purchase as the services ran it: every unit from its search until the next purchase's. */
export interface RecordedPurchase {
  /** When its search was sent (epoch ms). */
  t: number;
  units: Unit[];
  /** Parameters that name what the purchase made (its order, payment, transfers …), drawn anew per replay. */
  made: Set<string>;
}

const decode = (_key: string, value: unknown) => {
  if (value && typeof value === 'object') {
    const v = value as { $bigint?: string; $buffer?: string };
    if (v.$bigint !== undefined) return BigInt(v.$bigint);
    if (v.$buffer !== undefined) return Buffer.from(v.$buffer, 'base64');
  }
  return value;
};

/**
 * The retrieval statement starts each purchase (src/market/retrieval/retrieve.ts): it opens
 * with its page, or with the offers that have a sort value when some may not.
 */
const isRetrieval = (unit: Unit) => /^WITH (page|valued) AS/.test(unit.statements[0]?.text.trimStart() ?? '');

/** Columns whose inserted value is what the statement makes, not a reference to what exists. */
const MADE_COLUMNS = new Set(['"id"', '"order_id"', '"key"']);
/** System accounts are upserted under fixed IDs: they exist, they are not made per purchase. */
const SHARED_TABLES = new Set(['"accounts"']);

/** The values an INSERT gives its identifying columns, read from drizzle's `insert into … values (…)`. */
function madeBy(text: string, params: unknown[]): unknown[] {
  const insert = /^insert into ("[^"]+") \(([^)]*)\) values (.*?)(?: on conflict .*| returning .*)?$/is.exec(
    text.trim(),
  );
  if (!insert || SHARED_TABLES.has(insert[1] as string)) return [];
  const columns = (insert[2] as string).split(',').map((c) => c.trim());
  const made: unknown[] = [];
  for (const tuple of (insert[3] as string).matchAll(/\(([^()]*)\)/g)) {
    const slots = (tuple[1] as string).split(',').map((s) => s.trim());
    columns.forEach((column, i) => {
      const slot = /^\$(\d+)$/.exec(slots[i] ?? '');
      if (MADE_COLUMNS.has(column) && slot) made.push(params[Number(slot[1]) - 1]);
    });
  }
  return made;
}

/**
 * Reads a recording (bench/statement-recorder.ts) into purchases: each connection's statements
 * cut into units at BEGIN … COMMIT, units put in time order and assigned to the purchase whose
 * search came last before them. Background work (outbox relays, events) lands in the purchase
 * during which it ran.
 */
export function readRecording(file: string): RecordedPurchase[] {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line, decode) as Recorded);
  const open = new Map<string, Unit>();
  const units: Unit[] = [];
  for (const r of lines) {
    const word = r.text.trim().split(/\s+/, 1)[0]?.toLowerCase();
    if (word === 'listen' || word === 'unlisten') continue;
    let unit = open.get(r.connection);
    if (!unit) {
      unit = { t: r.t, database: r.database, statements: [] };
      units.push(unit);
      if (word === 'begin') open.set(r.connection, unit);
    }
    unit.statements.push({ text: r.text, params: r.params });
    if (word === 'commit' || word === 'rollback') open.delete(r.connection);
  }
  units.sort((a, b) => a.t - b.t);
  const purchases: RecordedPurchase[] = [];
  for (const unit of units) {
    if (isRetrieval(unit)) purchases.push({ t: unit.t, units: [], made: new Set() });
    const purchase = purchases.at(-1);
    if (!purchase) continue;
    purchase.units.push(unit);
    for (const s of unit.statements)
      for (const value of madeBy(s.text, s.params)) if (typeof value === 'string') purchase.made.add(value);
  }
  // The last one may have been cut short when the recording stopped.
  return purchases.slice(0, -1);
}

/** A fresh value of the same form: an order ID for an order ID, a UUID otherwise. */
const fresh = (value: string) =>
  ORDER_ID_PATTERN.test(value) ? generateOrderId() : randomUUID().slice(0, Math.max(value.length, 8));

function renamed(params: unknown[], names: Map<string, string>): unknown[] {
  return params.map((p) => {
    if (typeof p !== 'string' || p.length < 8) return p;
    const exact = names.get(p);
    if (exact) return exact;
    let out = p;
    for (const [from, to] of names) if (out.includes(from)) out = out.replaceAll(from, to);
    return out;
  });
}

/**
 * A purchase's work without Tokumei: the statements recorded purchases ran, replayed through `pg`
 * by one loop per group at once for `seconds` (a group is what one buyer bought, with its own
 * card, as each measured buyer has), each replay with fresh IDs for what the purchase made, on
 * the same databases. Counts replayed purchases per second; statements that fail (a stock run
 * out, say) are counted, and their transaction rolled back as the service's would be. Each
 * purchase's units run one after another, its background work too, so the services, whose
 * relays run beside the buyers and in batches, can pass it.
 */
export async function replayPurchases(
  groups: RecordedPurchase[][],
  databases: { label: string; url: string; serverSettings?: Record<string, string> }[],
  options: { seconds: number },
): Promise<Replay> {
  if (groups.some((g) => !g.length)) throw new Error('a buyer of the recording has no whole purchase');
  const purchases = groups.flat();
  const clients = groups.length;
  // Connected as the services connect: the same server settings, a pool per database.
  const labels = new Map(databases.map(({ label, url }) => [new URL(url).pathname.slice(1), label]));
  const perPurchase: Replay['perPurchase'] = {};
  for (const purchase of purchases)
    for (const unit of purchase.units) {
      const label = labels.get(unit.database) ?? unit.database;
      const into = perPurchase[label] ?? { statements: 0, transactions: 0 };
      into.statements += unit.statements.length / purchases.length;
      into.transactions += 1 / purchases.length;
      perPurchase[label] = into;
    }
  const pools = new Map(
    databases.map(({ url, serverSettings = {} }) => {
      const settings = Object.entries(serverSettings).map(([k, v]) => `-c ${k}=${v}`);
      const pool = new pg.Pool({
        connectionString: url,
        max: clients,
        options: settings.join(' ') || undefined,
      });
      return [new URL(url).pathname.slice(1), pool] as const;
    }),
  );
  const poolOf = (database: string) => {
    const pool = pools.get(database);
    if (!pool) throw new Error(`the recording names a database the replay was not given: ${database}`);
    return pool;
  };
  let failed = 0;
  const latency: number[] = [];
  const replayOne = async (purchase: RecordedPurchase) => {
    const names = new Map([...purchase.made].map((v) => [v, fresh(v)]));
    for (const unit of purchase.units) {
      const client = await poolOf(unit.database).connect();
      try {
        for (const s of unit.statements) {
          try {
            await client.query(s.text, renamed(s.params, names));
          } catch {
            failed++;
            if (unit.statements.length > 1) await client.query('ROLLBACK');
            break;
          }
        }
      } finally {
        client.release();
      }
    }
  };
  const started = performance.now();
  const end = started + options.seconds * 1000;
  try {
    await Promise.all(
      groups.map(async (group) => {
        for (let i = 0; performance.now() < end; i++) {
          const began = performance.now();
          await replayOne(group[i % group.length] as RecordedPurchase);
          latency.push(performance.now() - began);
        }
      }),
    );
  } finally {
    await Promise.all([...pools.values()].map((p) => p.end()));
  }
  const elapsed = (performance.now() - started) / 1000;
  return {
    clients,
    seconds: elapsed,
    count: latency.length,
    perSecond: latency.length / elapsed,
    latency: summarize(latency),
    recorded: purchases.length,
    perPurchase,
    failed,
  };
}
