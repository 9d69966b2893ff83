import { type ChildProcess, execFile } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MARKET_MIGRATIONS } from '../../src/market/db/migrations-folder.ts';
import { DEMO_KINDS } from '../../src/market/demo/demo-kinds.ts';
import { createKind } from '../../src/market/kinds/kinds.ts';
import { cpuSearch, firstItemSelection, pcOffer } from '../../src/market/testing/market-harness.ts';
import { type Database, openDatabase, queryRows } from '../../src/platform/db/database.ts';
import { createOperatorKey } from '../../src/platform/operator-keys.ts';
import { createServerDatabase, dropServerDatabase } from '../../src/platform/testing/databases.ts';
import { describeOnPostgres } from '../../src/platform/testing/for-each-database.ts';
import { SERVICE_START_MS, startServiceProcess } from '../../src/platform/testing/service-process.ts';
import { SETTLEMENT_MIGRATIONS } from '../../src/settlement/db/migrations-folder.ts';
import { type IssuedCard, issuePrepaidBatch } from '../../src/settlement/instruments/instruments.ts';
import { ledgerBreaches } from '../../src/settlement/ledger/invariants.ts';
import { WEB_DIST } from '../../src/web/build.ts';

const cli = join(import.meta.dirname, '../../bin/tokumei.js');

const ORDERS = 500;
const CONCURRENCY = 10;
const PRICE = 1_000;
/** Cards with room for every order they are given, and cards that run dry after two. */
const RICH_CARDS = 40;
const POOR_CARDS = 20;
const ORDERS_PER_POOR_CARD = 5;
const POOR_BALANCE = 2_500;
/** Kills of each process, placed at random between these shares of the stream. */
const KILLS_EACH = () => 2 + randomInt(2);
const KILL_WINDOW = [0.05, 0.8] as const;
/**
 * A bound for a hang, not for speed: the stream fails only when no payment at all gets its final
 * answer for this long. Longer than a restart may take on a loaded machine (a service gets
 * SERVICE_START_MS to listen), so a slow run still passes and a stuck one still fails.
 */
const STALL_MS = SERVICE_START_MS + 60_000;

const SETTLEMENT_SECRET = 'crash-test-settlement-secret-key-0123456789';

type Target = 'settlement' | 'market';

/**
 * One service as a real `tokumei serve` process that the test can SIGKILL and start again.
 * Error-level log lines are kept, to print beside a failure; an exit the test did not cause is
 * recorded in `exits`.
 */
function service(target: Target, env: NodeJS.ProcessEnv, log: { errors: string[]; exits: string[] }) {
  let child: ChildProcess | undefined;
  let address: string | null = null;
  let starting: Promise<void> | undefined;
  /** Settles with the address of the next start, or its failure; replaced at each kill. */
  const nextUp = () => {
    const next = {} as { promise: Promise<string>; resolve(a: string): void; reject(e: unknown): void };
    next.promise = new Promise<string>((resolve, reject) => Object.assign(next, { resolve, reject }));
    next.promise.catch(() => {}); // no one may be waiting
    return next;
  };
  let up = nextUp();
  const launch = async () => {
    const started = await startServiceProcess(target, {
      env: { ...env, TOKUMEI_LOG_LEVEL: 'warn' },
      stderr: 'pipe',
      onLine: (stream, line) => {
        if (stream === 'stderr') log.errors.push(`${target} stderr: ${line}`);
        else if (line.startsWith('{') && /"level":(5|6)\d/.test(line)) log.errors.push(`${target}: ${line}`);
      },
    });
    child = started.child;
    address = started.address;
    up.resolve(started.address);
    started.child.once('exit', (code, signal) => {
      if (child === started.child) log.exits.push(`${target} exited by itself (${code ?? signal})`);
    });
  };
  const kill = async () => {
    // A start still under way (the other service failed to start first) ends before the kill: no leftover.
    await starting?.catch(() => {});
    address = null;
    up = nextUp();
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    running.kill('SIGKILL');
    await once(running, 'exit');
  };
  return {
    get address() {
      return address;
    },
    /** The address once the service is up (again). */
    get up() {
      return up.promise;
    },
    start() {
      starting = launch();
      starting.catch((error) => up.reject(error));
      return starting;
    },
    /** kill -9: no shutdown hook runs, open transactions and in-flight requests are cut off. */
    crash: kill,
    stop: kill,
  };
}

const call = async (base: string, method: string, path: string, body?: unknown, token?: string) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
};

interface Order {
  orderId: string;
  orderSecret: string;
  amount: number;
  card: IssuedCard;
  /** The payment's one Idempotency-Key, for every resubmission. */
  key: string;
}

type Answer = { status: number; code?: string };

/** B8 through the market's public route, with the order's own Idempotency-Key. */
async function sendPayment(base: string, order: Order): Promise<Answer> {
  const res = await fetch(`${base}/orders/${order.orderId}/payment`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${order.orderSecret}`,
      'idempotency-key': order.key,
    },
    body: JSON.stringify({
      amount: order.amount,
      currency: 'JPY',
      instrument: { number: order.card.number, pin: order.card.pin },
      pickupPointId: 'PP-CRASH-01',
    }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json().catch(() => undefined)) as { code?: string } | undefined;
  return { status: res.status, code: body?.code };
}

/** Runs `work` over the items with `concurrency` workers. */
async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function shuffled<T>(values: readonly T[]): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * The kill plan: the window is cut into one slot per kill and each kill lands at a random point
 * of its slot (so kills are spread and never pile up), the targets shuffled among the slots.
 */
function killPlan(settlementKills: number, marketKills: number): { target: Target; at: number }[] {
  const targets = shuffled([
    ...Array<Target>(settlementKills).fill('settlement'),
    ...Array<Target>(marketKills).fill('market'),
  ]);
  const [from, to] = KILL_WINDOW.map((share) => share * ORDERS) as [number, number];
  const slot = (to - from) / targets.length;
  return targets.map((target, i) => ({ target, at: Math.floor(from + slot * i + Math.random() * slot) }));
}

describeOnPostgres('payments while settlement and market are killed with -9', () => {
  let dir: string;
  const log = { errors: [] as string[], exits: [] as string[] };
  const databases: string[] = [];
  const opened: Database[] = [];
  let settlement: ReturnType<typeof service>;
  let market: ReturnType<typeof service>;
  let marketDb: Database;
  let settlementDb: Database;
  let operatorKey: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tokumei-crash-'));
    const [marketUrl, settlementUrl] = [await createServerDatabase(), await createServerDatabase()];
    databases.push(marketUrl, settlementUrl);
    const socket = join(dir, 'link', 'settlement.sock');
    settlement = service(
      'settlement',
      {
        TOKUMEI_SETTLEMENT_DATABASE_URL: settlementUrl,
        TOKUMEI_SETTLEMENT_SECRET_KEY: SETTLEMENT_SECRET,
        TOKUMEI_SETTLEMENT_DATA_DIR: join(dir, 'settlement'),
        TOKUMEI_SETTLEMENT_SOCKET: socket,
        TOKUMEI_SETTLEMENT_DEMO_DATA: 'false',
      },
      log,
    );
    market = service(
      'market',
      {
        TOKUMEI_MARKET_DATABASE_URL: marketUrl,
        TOKUMEI_MARKET_DATA_DIR: join(dir, 'market'),
        TOKUMEI_MARKET_PORT: '0',
        TOKUMEI_MARKET_SECRET_KEY: 'crash-test-market-secret-key-0123456789',
        TOKUMEI_MARKET_DELIVERY_KEY: 'process-test-market-delivery-key-0123456789',
        TOKUMEI_MARKET_DEMO_DATA: 'false',
        TOKUMEI_MARKET_RATE_LIMIT: '1000000',
        TOKUMEI_MARKET_SETTLEMENT_SOCKET: socket,
        TOKUMEI_MARKET_WEB_DIR: WEB_DIST,
      },
      log,
    );
    // Each process migrates its own database before the test writes to it.
    await Promise.all([settlement.start(), market.start()]);
    marketDb = await openDatabase({ location: { url: marketUrl }, migrationsFolder: MARKET_MIGRATIONS });
    opened.push(marketDb);
    settlementDb = await openDatabase({
      location: { url: settlementUrl },
      migrationsFolder: SETTLEMENT_MIGRATIONS,
    });
    opened.push(settlementDb);
    const now = new Date();
    for (const k of DEMO_KINDS) await createKind(marketDb.db, k, now);
    operatorKey = await createOperatorKey(marketDb.db, 'crash test', now);
  });

  afterAll(async () => {
    if (log.errors.length) console.warn(`error-level log lines during the run:\n${log.errors.join('\n')}`);
    await Promise.all([settlement?.stop(), market?.stop()]);
    for (const database of opened) await database.close().catch(() => {});
    for (const url of databases) await dropServerDatabase(url);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('500 payments stay exactly-once while settlement and market are killed with -9 and restarted', async () => {
    const setupStarted = performance.now();
    const base = market.address as string;
    // Setup: a seller, an offer with room for every order, and the orders, through the API.
    const seller = await call(base, 'POST', '/sellers', { name: 'Crash' });
    const offer = await call(
      base,
      'POST',
      '/seller/offers',
      pcOffer('CRASH-1', { stock: ORDERS * 2, price: PRICE }, { cpu_mhz: 7777 }),
      seller.body.apiKey,
    );
    expect(offer.status).toBe(201);
    const found = await call(base, 'POST', '/searches', cpuSearch(7777));
    const selection = firstItemSelection(found.body);

    // Cards straight into settlement's database, keyed with the running process's secret.
    const expires = new Date(Date.now() + 365 * 86_400_000);
    const issue = async (count: number, value: number) =>
      (
        await issuePrepaidBatch(
          settlementDb.db,
          { count, value: BigInt(value), currency: 'JPY', expiresAt: expires },
          { pepper: SETTLEMENT_SECRET },
          new Date(),
        )
      ).cards;
    const richCards = await issue(RICH_CARDS, ORDERS * PRICE);
    const poorCards = await issue(POOR_CARDS, POOR_BALANCE);
    const poorOrders = POOR_CARDS * ORDERS_PER_POOR_CARD;
    const cardFor = (i: number) =>
      i < poorOrders
        ? (poorCards[Math.floor(i / ORDERS_PER_POOR_CARD)] as IssuedCard)
        : (richCards[i % RICH_CARDS] as IssuedCard);
    // Each poor card pays as many orders as its balance covers, whichever of them come first.
    const expectedApproved =
      ORDERS - poorOrders + POOR_CARDS * Math.min(ORDERS_PER_POOR_CARD, Math.floor(POOR_BALANCE / PRICE));

    const orders: Order[] = [];
    await pool(
      Array.from({ length: ORDERS }, (_, i) => i),
      CONCURRENCY,
      async (i) => {
        const placed = await call(base, 'POST', '/orders', selection);
        expect(placed.status).toBe(201);
        orders.push({ ...placed.body, card: cardFor(i), key: randomUUID() });
      },
    );

    // The stream: each payment has its own key and is resubmitted with it until final.
    const answers = new Map<string, Answer>();
    const attempts = { connection: 0, unavailable: 0 };
    let finals = 0;
    const progress = new EventEmitter();
    /** Resolves once `n` payments have their final answer, or the stream is over. */
    const finalsReach = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (streaming && finals < n) return;
          progress.off('final', check);
          resolve();
        };
        progress.on('final', check);
        check();
      });
    let lastFinal = Date.now();
    const pay = async (order: Order) => {
      let last = '';
      while (Date.now() - lastFinal < STALL_MS) {
        const at = market.address ?? (await market.up); // the market is down: wait for its new address
        try {
          const answer = await sendPayment(at, order);
          if (answer.status < 500) {
            answers.set(order.orderId, answer);
            finals++;
            lastFinal = Date.now();
            progress.emit('final');
            return;
          }
          attempts.unavailable++;
          last = `${answer.status} ${answer.code}`;
        } catch (error) {
          attempts.connection++;
          last = String((error as Error).cause ?? error);
        }
        await sleep(100 + randomInt(200));
      }
      throw new Error(
        `no payment answered finally for ${STALL_MS / 1000} s; order ${order.orderId} last got: ${last}`,
      );
    };

    const plan = killPlan(KILLS_EACH(), KILLS_EACH());
    const kills: { target: Target; finalsAtKill: number; downMs: number }[] = [];
    const services = { settlement, market };
    let streaming = true;
    const killer = async () => {
      for (const step of plan) {
        await finalsReach(step.at);
        // A random moment after the mark, so kills land in different phases of a payment.
        await sleep(randomInt(250));
        if (!streaming) return;
        const kill = { target: step.target, finalsAtKill: finals, downMs: 0 };
        kills.push(kill);
        const down = performance.now();
        await services[step.target].crash();
        await sleep(200 + randomInt(800));
        await services[step.target].start();
        kill.downMs = Math.round(performance.now() - down);
      }
    };
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    const started = performance.now();
    const stream = pool(shuffled(orders), CONCURRENCY, pay).finally(() => {
      streaming = false;
      progress.emit('final');
    });
    await Promise.all([stream, killer()]);
    const streamSeconds = (performance.now() - started) / 1000;

    const killed = (target: Target) => kills.filter((k) => k.target === target);
    console.log(
      `crash test: set-up ${setupSeconds.toFixed(1)} s, ${ORDERS} payments in ${streamSeconds.toFixed(1)} s; kills ${JSON.stringify(kills)}; ` +
        `retries after a lost connection ${attempts.connection}, after a 5xx ${attempts.unavailable}`,
    );
    // The test must not pass by degenerating into a run without crashes.
    expect(killed('settlement').length).toBeGreaterThanOrEqual(2);
    expect(killed('market').length).toBeGreaterThanOrEqual(2);
    for (const kill of kills) expect(kill.finalsAtKill).toBeLessThan(ORDERS);
    expect(log.exits).toEqual([]);

    // Every payment got a final answer: approved, or declined for want of balance.
    const approved = orders.filter((o) => answers.get(o.orderId)?.status === 200).map((o) => o.orderId);
    const declined = orders.filter((o) => answers.get(o.orderId)?.status === 402);
    const unexpected = orders.flatMap((o) => {
      const answer = answers.get(o.orderId);
      return answer?.status === 200 || answer?.status === 402 ? [] : [{ orderId: o.orderId, answer }];
    });
    expect(unexpected).toEqual([]);
    expect(new Set(declined.map((o) => answers.get(o.orderId)?.code))).toEqual(
      new Set(['insufficient_balance']),
    );
    expect(approved).toHaveLength(expectedApproved);

    // Once everything is up again, each key still gets its first final answer back (declines
    // stay declined), and nothing is charged again.
    const replayed = new Map<string, Answer>();
    await pool(orders, CONCURRENCY, async (order) => {
      replayed.set(order.orderId, await sendPayment(market.address as string, order));
    });
    expect(replayed).toEqual(answers);

    // Let the duties catch up: settlement's "order paid" news collected by the market.
    const settlementRows = () =>
      queryRows<{ order_id: string; n: number }>(
        settlementDb.db,
        sql`SELECT order_id, count(*)::int AS n FROM payments GROUP BY order_id`,
      );
    const marketStates = async () =>
      new Map(
        (await queryRows<{ id: string; state: string }>(marketDb.db, sql`SELECT id, state FROM orders`)).map(
          (r) => [r.id, r.state],
        ),
      );
    const undelivered = async () =>
      (
        await queryRows<{ n: number }>(
          settlementDb.db,
          sql`SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NULL`,
        )
      )[0]?.n;
    const caughtUp = async () => {
      const states = await marketStates();
      return (await undelivered()) === 0 && approved.every((id) => states.get(id) === 'paid');
    };
    await expect
      .poll(caughtUp, { timeout: 120_000, interval: 250, message: 'the market hears of every payment' })
      .toBe(true);

    // Settlement: at most one payment per order, exactly for the approved ones.
    const paidRows = await settlementRows();
    expect(paidRows.filter((r) => r.n > 1)).toEqual([]);
    expect(paidRows.map((r) => r.order_id).sort()).toEqual([...approved].sort());
    // The market agrees, order by order.
    const states = await marketStates();
    expect(states.size).toBe(ORDERS);
    const disagreeing = orders.flatMap((o) => {
      const want = answers.get(o.orderId)?.status === 200 ? 'paid' : 'awaiting_payment';
      return states.get(o.orderId) === want ? [] : [{ orderId: o.orderId, want, got: states.get(o.orderId) }];
    });
    expect(disagreeing).toEqual([]);
    // The money: one pending escrow transfer per payment, for its amount, and a sound ledger.
    const [escrow] = await queryRows<{ n: number; total: string }>(
      settlementDb.db,
      sql`SELECT count(*)::int AS n, COALESCE(sum(amount), 0)::text AS total FROM transfers WHERE kind = 'pending'`,
    );
    expect(escrow).toEqual({ n: paidRows.length, total: String(paidRows.length * PRICE) });
    expect(await ledgerBreaches(settlementDb.db)).toEqual([]);

    // And the operator's own check, through the CLI, against the restarted market.
    const reconciled = await promisify(execFile)(process.execPath, [
      cli,
      'reconcile',
      '--url',
      market.address as string,
      '--key',
      operatorKey,
    ]);
    const report = JSON.parse(reconciled.stdout);
    expect(report).toMatchObject({ ok: true, ledgerBreaches: [], mismatches: [], ordersChecked: ORDERS });
  }, 1_800_000); // a bound for a hang: STALL_MS fails a stuck stream long before
});
