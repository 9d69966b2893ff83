/**
 * Calls the generated types must refuse: type-checked with client.ts, never run. Each
 * `@ts-expect-error` fails the check if its line is not an error.
 */
import createClient from 'openapi-fetch';
import type { paths as DeliveryPaths } from './delivery.ts';
import type { paths as MarketPaths } from './market.ts';

export async function mistakes() {
  const market = createClient<MarketPaths>({ baseUrl: 'http://market' });
  const delivery = createClient<DeliveryPaths>({ baseUrl: 'http://delivery' });
  // @ts-expect-error: a quantity is a number
  await market.POST('/orders', { body: { searchId: 's', commodityId: 'c', sellerId: 's', quantity: 'one' } });
  // @ts-expect-error: an order is read by its ID, which the call leaves out
  await market.GET('/orders/{orderId}', {});
  // @ts-expect-error: there is no such route
  await market.GET('/orders');
  // @ts-expect-error: a pickup point is a convenience store or a locker
  const point: DeliveryPaths['/pickup-points/{code}']['get']['responses'][200]['content']['application/json']['kind'] =
    'post_office';
  const order = await market.GET('/orders/{orderId}', { params: { path: { orderId: 'X' } } });
  // @ts-expect-error: an order has no purchaser's name to read
  const name: string = order.data?.purchaserName;
  await delivery.GET('/pickup-points', {
    // @ts-expect-error: the text query is q
    params: { query: { text: 'Shibuya' } },
  });
  return { point, name };
}
