import { randomUUID } from 'node:crypto';
import { SingleBar } from 'cli-progress';
import { type SQL, sql } from 'drizzle-orm';
import { modelKey } from '../src/market/catalog/commodity-identity.ts';
import { DEMO_KINDS, demoCommodity } from '../src/market/demo/demo-kinds.ts';
import { type AttributeValue, slotValues, validateAttributes } from '../src/market/kinds/attribute-schema.ts';
import { createKind, type Kind } from '../src/market/kinds/kinds.ts';
import { BOOLEAN_SLOTS, ENUM_SLOTS, NUMBER_SLOTS, type Slot, TEXT_SLOTS } from '../src/market/kinds/slots.ts';
import { missingSortIndexes, sortIndexStatement } from '../src/market/retrieval/sort-indexes.ts';
import { registerSeller } from '../src/market/sellers/sellers.ts';
import { type Database, queryRows } from '../src/platform/db/database.ts';

/** Each commodity is offered by this many sellers, so shared commodity IDs are exercised. */
const SELLERS_PER_COMMODITY = 2;
const SELLER_COUNT = 24;
/** Rows per INSERT; a multiple of kinds × sellers per commodity keeps a commodity in one batch. */
const BATCH = 6000;

export interface Catalog {
  kinds: Kind[];
  sellerIds: string[];
  /** Commodities per kind: demoCommodity(kind, n) exists for n below this. */
  commoditiesPerKind: number;
  offers: number;
  currency: string;
  loadSeconds: number;
  indexSeconds: number;
  analyzeSeconds: number;
}

const SLOT_TYPES: [readonly Slot[], string][] = [
  [NUMBER_SLOTS, 'float8'],
  [ENUM_SLOTS, 'text'],
  [BOOLEAN_SLOTS, 'bool'],
  [TEXT_SLOTS, 'text'],
];

/**
 * Fills a fresh market database with `count` offers of the demo kinds. Rows go in as column
 * arrays through unnest() — one statement per few thousand rows — with the secondary indexes
 * dropped during the load and rebuilt afterwards (from their own definitions, so the schema
 * ends up exactly as migrated): far faster than row-at-a-time index maintenance on 1M rows.
 */
export async function loadOffers(
  database: Database,
  count: number,
  options: { currency: string; progress: boolean; label: string },
): Promise<Catalog> {
  const { db } = database;
  const now = new Date();
  const kinds: Kind[] = [];
  for (const input of DEMO_KINDS) {
    const created = await createKind(db, input, now);
    if (!created.ok) throw new Error(`kind ${input.id}: ${created.error.code}`);
    kinds.push(created.value);
  }
  const sellerIds: string[] = [];
  for (let s = 0; s < SELLER_COUNT; s++) {
    sellerIds.push((await registerSeller(db, `Bench Seller ${s + 1}`, now)).seller.id);
  }

  const started = performance.now();
  const indexes = await queryRows<{ indexname: string; indexdef: string }>(
    db,
    sql`SELECT indexname, indexdef FROM pg_indexes
        WHERE schemaname = current_schema() AND tablename IN ('offers', 'commodities')
          AND indexname NOT LIKE '%_pkey'`,
  );
  for (const index of indexes) await db.execute(sql.raw(`DROP INDEX "${index.indexname}"`));

  const bar = options.progress
    ? new SingleBar({
        format: `${options.label} |{bar}| {percentage}% | {value}/{total} offers | {speed} rows/s | eta {eta}s`,
        hideCursor: true,
      })
    : undefined;
  bar?.start(count, 0, { speed: 0 });
  // Two batches in flight on a server: Node builds the next batch while PostgreSQL writes one.
  const inFlight = database.driver === 'postgres' ? 2 : 1;
  const pending = new Set<Promise<void>>();
  let done = 0;
  for (let start = 0; start < count; start += BATCH) {
    const batch = buildBatch(kinds, sellerIds, start, Math.min(count, start + BATCH), options.currency, now);
    const write: Promise<void> = db
      .transaction(async (tx) => {
        // Generated rows are consistent by construction, so the per-row foreign-key triggers
        // (a third of the load time) are skipped, as pg_restore --disable-triggers does.
        await tx.execute(sql`SET LOCAL session_replication_role = replica`);
        await tx.execute(sql`SET LOCAL synchronous_commit = off`);
        await tx.execute(batch.commodities);
        await tx.execute(batch.offers);
      })
      .then(() => {
        pending.delete(write);
        done += batch.rows;
        bar?.update(done, { speed: Math.round(done / ((performance.now() - started) / 1000)) });
      });
    pending.add(write);
    if (pending.size >= inFlight) await Promise.race(pending);
  }
  await Promise.all(pending);
  bar?.stop();
  const loaded = performance.now();

  // Rebuilt two at a time on a server, to use both cores of a small machine, with the kinds'
  // sort indexes, which the market would otherwise make (more slowly, beside writes) on start.
  const queue = [
    ...indexes.map((index) => sql.raw(index.indexdef)),
    ...(await missingSortIndexes(db)).map((index) => sortIndexStatement(index, { concurrently: false })),
  ];
  const builder = async () => {
    for (let ddl = queue.shift(); ddl; ddl = queue.shift()) {
      const statement = ddl;
      await db.transaction(async (tx) => {
        if (database.driver === 'postgres') await tx.execute(sql`SET LOCAL maintenance_work_mem = '256MB'`);
        await tx.execute(statement);
      });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, builder));
  const indexed = performance.now();
  // VACUUM sets the visibility map (as autovacuum would in service) and ANALYZE the statistics.
  await db.execute(sql`VACUUM (ANALYZE) offers`);
  await db.execute(sql`VACUUM (ANALYZE) commodities`);
  await db.execute(sql`ANALYZE`);
  const analyzed = performance.now();

  return {
    kinds,
    sellerIds,
    commoditiesPerKind: commoditiesPerKind(count),
    offers: count,
    currency: options.currency,
    loadSeconds: (loaded - started) / 1000,
    indexSeconds: (indexed - loaded) / 1000,
    analyzeSeconds: (analyzed - indexed) / 1000,
  };
}

/** How many commodities of each demo kind a catalogue of `count` offers holds. */
export const commoditiesPerKind = (count: number) =>
  Math.ceil(count / (DEMO_KINDS.length * SELLERS_PER_COMMODITY));

/** Offer j: kind j % kinds, commodity n, seat (which of its sellers) — see offerPosition. */
export function offerPosition(j: number, kindCount: number) {
  const group = Math.floor(j / (kindCount * SELLERS_PER_COMMODITY));
  const inGroup = j % (kindCount * SELLERS_PER_COMMODITY);
  return { kindIndex: inGroup % kindCount, seat: Math.floor(inGroup / kindCount), n: group };
}

function buildBatch(
  kinds: Kind[],
  sellerIds: string[],
  from: number,
  to: number,
  currency: string,
  now: Date,
): { commodities: SQL; offers: SQL; rows: number } {
  const c = { id: [] as string[], kind: [] as string[], key: [] as string[], model: [] as string[] };
  const cName: string[] = [];
  const cAttrs: string[] = [];
  const o = {
    id: [] as string[],
    commodity: [] as string[],
    seller: [] as string[],
    kind: [] as string[],
    price: [] as number[],
    stock: [] as number[],
    status: [] as string[],
  };
  const slots: Record<string, (AttributeValue | null)[]> = {};
  for (const [list] of SLOT_TYPES) for (const s of list) slots[s] = [];
  const commodityIds = new Map<string, string>();

  for (let j = from; j < to; j++) {
    const { kindIndex, seat, n } = offerPosition(j, kinds.length);
    const kind = kinds[kindIndex] as Kind;
    const demo = demoCommodity(kind.id, n);
    const identity = `${kind.id}:${n}`;
    let commodityId = commodityIds.get(identity);
    const checked = validateAttributes(kind.attributes, demo.attributes);
    if (!checked.ok) throw new Error(`demo commodity ${identity} does not fit its kind`);
    if (!commodityId) {
      // The commodity comes with its first offer (seat 0), always in the same batch.
      commodityId = randomUUID();
      commodityIds.set(identity, commodityId);
      c.id.push(commodityId);
      c.kind.push(kind.id);
      c.key.push(modelKey(demo.model));
      c.model.push(demo.model);
      cName.push(demo.name);
      cAttrs.push(JSON.stringify(checked.value));
    }
    const sellerIndex = (n * 7 + seat * 5) % sellerIds.length;
    o.id.push(randomUUID());
    o.commodity.push(commodityId);
    o.seller.push(sellerIds[sellerIndex] as string);
    o.kind.push(kind.id);
    // Sellers price the same commodity a little differently.
    o.price.push(demo.price + ((sellerIndex * 37) % 20) * 100);
    // A few offers are sold out or withdrawn, as in a live catalogue.
    o.stock.push(j % 50 === 0 ? 0 : 1 + ((j * 7919) % 12));
    o.status.push(j % 97 === 0 ? 'withdrawn' : 'active');
    const values = slotValues(kind.attributes, checked.value);
    for (const [list] of SLOT_TYPES) for (const s of list) slots[s]?.push(values[s] ?? null);
  }

  const p = (values: unknown[]) => sql.param(values);
  const commodities = sql`
    INSERT INTO commodities (id, kind_id, model_key, model, name, attributes, created_at)
    SELECT u.id, u.kind_id, u.model_key, u.model, u.name, u.attributes::jsonb, ${now}
    FROM unnest(${p(c.id)}::uuid[], ${p(c.kind)}::text[], ${p(c.key)}::text[], ${p(c.model)}::text[],
                ${p(cName)}::text[], ${p(cAttrs)}::text[])
      AS u(id, kind_id, model_key, model, name, attributes)`;
  const slotNames = SLOT_TYPES.flatMap(([list]) => list);
  const slotArrays = SLOT_TYPES.flatMap(([list, type]) =>
    list.map((s) => sql`${p(slots[s] as unknown[])}::${sql.raw(type)}[]`),
  );
  const offers = sql`
    INSERT INTO offers (id, commodity_id, seller_id, kind_id, price_minor, currency, stock, status,
                        seller_active, created_at, updated_at, ${sql.raw(slotNames.join(', '))})
    SELECT u.id, u.commodity_id, u.seller_id, u.kind_id, u.price_minor, ${currency}, u.stock, u.status,
           true, ${now}, ${now}, ${sql.raw(slotNames.map((s) => `u.${s}`).join(', '))}
    FROM unnest(${p(o.id)}::uuid[], ${p(o.commodity)}::uuid[], ${p(o.seller)}::uuid[], ${p(o.kind)}::text[],
                ${p(o.price)}::int8[], ${p(o.stock)}::int4[], ${p(o.status)}::text[],
                ${sql.join(slotArrays, sql`, `)})
      AS u(id, commodity_id, seller_id, kind_id, price_minor, stock, status, ${sql.raw(slotNames.join(', '))})`;
  return { commodities, offers, rows: to - from };
}
