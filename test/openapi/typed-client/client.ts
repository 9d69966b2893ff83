/**
 * A client of the three services, as someone else would write one: only openapi-fetch and the
 * types openapi-typescript generated beside this file from each live document (market.ts,
 * delivery.ts, settlement.ts: written by typed-client.test.ts, never kept).
 */
import createClient from 'openapi-fetch';
import type { paths as DeliveryPaths } from './delivery.ts';
import type { paths as MarketPaths } from './market.ts';
import type { paths as SettlementPaths } from './settlement.ts';

export interface Endpoints {
  market: string;
  delivery: string;
  /** Settlement has no address: its requests go over the closed link through this fetch. */
  settlementFetch: (request: Request) => Promise<Response>;
  deliveryOperatorKey: string;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function expectData<T>(answer: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (answer.data === undefined)
    throw new Error(`${what}: ${answer.response.status} ${JSON.stringify(answer.error)}`);
  return answer.data;
}

/** A seller lists a PC, a purchaser finds and buys it and reads the order back. */
export async function buyAnOffer(endpoints: Endpoints) {
  const market = createClient<MarketPaths>({ baseUrl: endpoints.market });
  const seller = expectData(
    await market.POST('/sellers', { body: { name: 'Typed Client Seller' } }),
    'registerSeller',
  );
  expectData(
    await market.POST('/seller/offers', {
      headers: bearer(seller.apiKey),
      body: {
        kind: 'personal-computer',
        model: 'TC-1',
        name: 'PC from a generated client',
        attributes: { cpu_mhz: 3321, disk_gb: 512, ram_gb: 16, colour: 'black' },
        price: 88_000,
        currency: 'JPY',
        stock: 3,
      },
    }),
    'createOffer',
  );
  const search = expectData(
    await market.POST('/searches', {
      body: { kind: 'personal-computer', conditions: [{ attribute: 'cpu_mhz', op: '=', value: 3321 }] },
    }),
    'createSearch',
  );
  if (!search.matched) throw new Error(`createSearch: nothing matched (${search.message})`);
  const [item] = search.items;
  if (!item) throw new Error('createSearch: no item');
  const order = expectData(
    await market.POST('/orders', {
      body: {
        searchId: search.searchId,
        commodityId: item.commodityId,
        sellerId: item.sellerId,
        quantity: 1,
      },
    }),
    'createOrder',
  );
  const read = expectData(
    await market.GET('/orders/{orderId}', {
      params: { path: { orderId: order.orderId } },
      headers: bearer(order.orderSecret),
    }),
    'getOrder',
  );
  const stranger = await market.GET('/orders/{orderId}', {
    params: { path: { orderId: order.orderId } },
    headers: bearer('not-the-order-secret'),
  });
  return {
    state: read.state,
    amount: read.amount,
    model: read.commodity.model,
    strangerStatus: stranger.response.status,
    strangerCode: stranger.error?.code,
  };
}

/** The operator registers a pickup point at delivery; anyone then finds it by text. */
export async function findAPickupPoint(endpoints: Endpoints) {
  const delivery = createClient<DeliveryPaths>({ baseUrl: endpoints.delivery });
  expectData(
    await delivery.POST('/operator/pickup-points', {
      headers: bearer(endpoints.deliveryOperatorKey),
      body: {
        code: 'TC-SHIBUYA-1',
        name: 'Typed Client Mart Shibuya',
        kind: 'convenience_store',
        address: '1-1 Shibuya, Tokyo',
        latitude: 35.658,
        longitude: 139.7016,
        openingHours: '24 hours',
        capacity: 40,
        retentionDays: 7,
      },
    }),
    'createPickupPoint',
  );
  const found = expectData(
    await delivery.GET('/pickup-points', { params: { query: { q: 'Typed Client Mart' } } }),
    'listPickupPoints',
  );
  return found.pickupPoints.map((p) => ({ code: p.code, kind: p.kind }));
}

/** What the market asks settlement first: how it is doing. */
export async function settlementStatus(endpoints: Endpoints) {
  const settlement = createClient<SettlementPaths>({
    baseUrl: 'http://settlement',
    fetch: endpoints.settlementFetch,
  });
  const status = expectData(await settlement.GET('/status'), 'getStatus');
  return { name: status.name, status: status.status };
}
