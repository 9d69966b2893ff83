import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { book, pointFixture } from '../../src/delivery/testing/delivery-helpers.ts';
import { IMPORT_BODY_LIMIT } from '../../src/market/catalog/import-routes.ts';
import { runSettlementDuties } from '../../src/market/payments/settlement-duties.ts';
import { listAndFind, pcOffer, registerTestSeller } from '../../src/market/testing/market-harness.ts';
import { TEST_MARKET_DELIVERY_KEY } from '../../src/platform/testing/link-key.ts';
import type { FuzzTarget } from '../../src/platform/testing/openapi-fuzz.ts';
import { pickupCodeRegistrationToken } from '../../src/protocol/delivery.ts';
import { generateOrderId } from '../../src/protocol/order-id.ts';
import { generatePickupCode } from '../../src/protocol/pickup-code.ts';
import { startTestSystem, TEST_PICKUP_POINT, type TestSystem } from '../system/system-harness.ts';
import { fuzzService, fuzzTarget, FUZZ_SEED as SEED } from './targets.ts';

/** Random variants of each class, per operation and body type: bounded, so the suite stays quick. */
const RUNS = Number(process.env.TOKUMEI_FUZZ_RUNS ?? 3);

let system: TestSystem;
let market: FuzzTarget;
let delivery: FuzzTarget;

beforeAll(async () => {
  system = await startTestSystem('pglite');
  const m = system;
  const d = system.delivery;
  const now = () => m.clock.now();

  // Market: a seller with offers, a search with a next page, an order announced to settlement.
  const seller = await registerTestSeller(m, 'Fuzz Seller');
  const victim = await registerTestSeller(m, 'Suspended by the fuzzer');
  const found = await listAndFind(m, seller.apiKey, 7001, { stock: 1000 });
  await m.call('POST', '/seller/offers', {
    token: seller.apiKey,
    body: pcOffer('P-7002', {}, { cpu_mhz: 7002 }),
  });
  const withdrawn = await m.call('POST', '/seller/offers', {
    token: seller.apiKey,
    body: pcOffer('P-7003', {}, { cpu_mhz: 7003 }),
  });
  const searchRequest = {
    kind: 'personal-computer',
    conditions: [{ attribute: 'cpu_mhz', op: '>=', value: 7000 }],
    sort: { by: 'price', order: 'asc' },
    limit: 1,
  };
  const paged = await m.call('POST', '/searches', { body: searchRequest });
  const selection = {
    searchId: found.searchId,
    commodityId: found.item.commodityId,
    sellerId: seller.id,
    quantity: 1,
  };
  const order = await m.call('POST', '/orders', { body: selection });
  await runSettlementDuties(m.market.ctx);
  const card = await m.settlement.prepaid(10_000_000);
  const offerRows = ['kind,model,name,price,currency,stock,cpu_mhz,disk_gb,ram_gb,colour'];
  offerRows.push('personal-computer,IMP-1,Imported PC,90000,JPY,3,2500,256,8,black');
  const importRows = [pcOffer('IMP-2', {}, { cpu_mhz: 2600 })];

  market = await fuzzTarget({
    url: m.url,
    keys: { operator: m.operatorKey, seller: seller.apiKey, order: order.body.orderSecret },
    peerKey: TEST_MARKET_DELIVERY_KEY,
    now,
    known: (op) => ({
      kindId: 'personal-computer',
      kind: 'personal-computer',
      currency: 'JPY',
      sellerId: op.path.startsWith('/operator') ? victim.id : seller.id,
      offerId: op.method === 'DELETE' ? withdrawn.body.offerId : found.offer.offerId,
      searchId: paged.body.searchId,
      cursor: paged.body.nextCursor,
      orderId: order.body.orderId,
      limit: '2',
      'idempotency-key': 'fuzz-key',
      'last-event-id': '0',
      pickupPointId: TEST_PICKUP_POINT.code,
    }),
    bodies: {
      'POST /seller/offers': { 'application/json': pcOffer('FUZZ-1', {}, { cpu_mhz: 7100 }) },
      'PATCH /seller/offers/{offerId}': {
        'application/json': { price: 90_000, currency: 'JPY', stock: 900 },
      },
      'POST /searches': { 'application/json': searchRequest },
      'POST /orders': { 'application/json': selection },
      'POST /orders/{orderId}/payment': {
        'application/json': {
          amount: order.body.amount,
          currency: 'JPY',
          instrument: { number: card.number, pin: card.pin },
          pickupPointId: TEST_PICKUP_POINT.code,
        },
      },
      'POST /seller/imports': {
        'text/csv': offerRows.join('\n'),
        'application/json': importRows,
        'application/x-ndjson': importRows,
      },
    },
    bodyLimit: (op) => (op.path === '/seller/imports' ? IMPORT_BODY_LIMIT : undefined),
  });

  // Delivery: a pickup point with a clerk, a spare clerk key to revoke, a booked parcel.
  const clerkKey = await d.clerkKey(TEST_PICKUP_POINT.code);
  const spare = await d.call('POST', `/operator/pickup-points/${TEST_PICKUP_POINT.code}/clerk-keys`, {
    token: d.operatorKey,
  });
  const parcel = generateOrderId();
  expect((await book(d, parcel, TEST_PICKUP_POINT.code)).status).toBe(201);
  delivery = await fuzzTarget({
    url: d.url,
    keys: { operator: d.operatorKey, clerk: clerkKey },
    peerKey: TEST_MARKET_DELIVERY_KEY,
    now: () => d.clock.now(),
    known: () => ({
      code: TEST_PICKUP_POINT.code,
      pickupPointCode: TEST_PICKUP_POINT.code,
      orderId: parcel,
      id: spare.body.id,
      q: 'Shibuya',
      near: '35.658,139.7016',
      limit: '2',
    }),
    bodies: {
      'POST /operator/pickup-points': { 'application/json': pointFixture('PP-FUZZ-01') },
      'POST /pickup-codes': {
        'application/json': {
          orderId: parcel,
          code: generatePickupCode(),
          token: pickupCodeRegistrationToken(TEST_MARKET_DELIVERY_KEY, parcel),
        },
      },
      'PUT /shipments/{orderId}': {
        'application/json': { pickupPointCode: TEST_PICKUP_POINT.code, parcelSize: 'small' },
      },
    },
  });
});
afterAll(() => system?.close());

describe.each([
  ['market', () => market],
  ['delivery', () => delivery],
] as const)('every operation of %s', (_name, target) => {
  it('answers malformed requests below 500, with problem+json on every error, and keeps answering', async () => {
    expect(await fuzzService(target(), { numRuns: RUNS, seed: SEED })).toEqual([]);
  });
});
