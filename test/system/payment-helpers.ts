import { listAndFind, type TestMarket } from '../../src/market/testing/market-harness.ts';
import { generatePickupCode } from '../../src/protocol/pickup-code.ts';
import type { IssuedCard } from '../../src/settlement/instruments/instruments.ts';
import type { TestSystem } from './system-harness.ts';

let nextCpu = 9_000;

/** Orders `count` units (one order each) of a fresh offer; returns the orders with their secrets. */
export async function placeTestOrders(
  m: TestMarket,
  sellerKey: string,
  count = 1,
  price = 1_000,
): Promise<{ orderId: string; orderSecret: string; amount: number }[]> {
  const found = await listAndFind(m, sellerKey, nextCpu++, { price, stock: count });
  const orders = [];
  for (let i = 0; i < count; i++) {
    const res = await m.call('POST', '/orders', {
      body: {
        searchId: found.searchId,
        commodityId: found.offer.commodityId,
        sellerId: found.item.sellerId,
        quantity: 1,
      },
    });
    if (res.status !== 201) throw new Error(`order failed: ${JSON.stringify(res.body)}`);
    orders.push({ orderId: res.body.orderId, orderSecret: res.body.orderSecret, amount: res.body.amount });
  }
  return orders;
}

/** B8 through the market's public route, as a purchaser would. */
export const payOrder = (
  m: TestMarket,
  order: { orderId: string; orderSecret: string; amount: number },
  card: Pick<IssuedCard, 'number' | 'pin'>,
  options: { key?: string; amount?: number; pickupPointId?: string } = {},
) =>
  m.call('POST', `/orders/${order.orderId}/payment`, {
    token: order.orderSecret,
    headers: options.key ? { 'idempotency-key': options.key } : {},
    body: {
      amount: options.amount ?? order.amount,
      currency: 'JPY',
      instrument: { number: card.number, pin: card.pin },
      pickupPointId: options.pickupPointId ?? 'PP-SHIBUYA-01',
    },
  });

/** Bought and paid as a purchaser would, the pickup code made and registered by "the browser". */
export async function paidOrderWithPickupCode(
  s: TestSystem,
  sellerKey: string,
  card: IssuedCard,
  price: number,
) {
  const [order] = await placeTestOrders(s, sellerKey, 1, price);
  if (!order) throw new Error('no order was placed');
  const paid = await payOrder(s, order, card);
  if (paid.status !== 200) throw new Error(`payment failed: ${JSON.stringify(paid.body)}`);
  const { url, token } = paid.body.pickupCodeRegistration as { url: string; token: string };
  if (url !== `${s.delivery.url}/pickup-codes`) throw new Error(`pickup codes registered at ${url}`);
  const code = generatePickupCode();
  const registered = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId: order.orderId, token, code }),
  });
  if (registered.status !== 201) throw new Error(`pickup code refused: ${registered.status}`);
  return { ...order, code };
}
