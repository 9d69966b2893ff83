import { signedFetch } from '../../platform/http/signed-requests.ts';
import { TEST_MARKET_DELIVERY_KEY } from '../../platform/testing/link-key.ts';
import { pickupCodeRegistrationToken } from '../../protocol/delivery.ts';
import { generateOrderId } from '../../protocol/order-id.ts';
import { generatePickupCode } from '../../protocol/pickup-code.ts';
import { DEMO_PICKUP_POINTS } from '../demo/seed-demo.ts';
import type { NewPickupPoint } from '../pickup-points/pickup-points.ts';
import type { TestDelivery } from './delivery-harness.ts';

/** A request to delivery signed as the market signs it; answers status, headers and the parsed body. */
export async function asMarket(
  d: TestDelivery,
  method: string,
  path: string,
  body?: unknown,
  key = TEST_MARKET_DELIVERY_KEY,
): Promise<{ status: number; body: any; headers: Headers; bytes: Buffer }> {
  const response = await signedFetch(d.url, key, {
    method,
    path,
    body: body === undefined ? undefined : JSON.stringify(body),
    now: d.clock.now(),
    timeoutMs: 10_000,
    accept: '*/*',
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  let parsed: unknown;
  if (/json/.test(response.headers.get('content-type') ?? '')) parsed = JSON.parse(bytes.toString('utf8'));
  return { status: response.status, body: parsed as any, headers: response.headers, bytes };
}

export const pointFixture = (code: string, retentionDays = 7): NewPickupPoint => ({
  ...(DEMO_PICKUP_POINTS[0] as NewPickupPoint),
  code,
  name: `Test store ${code}`,
  retentionDays,
});

/** Registers pickup points through the operator's route; answers their codes. */
export async function registerPoints(d: TestDelivery, ...points: NewPickupPoint[]): Promise<void> {
  for (const point of points) {
    const res = await d.call('POST', '/operator/pickup-points', { token: d.operatorKey, body: point });
    if (res.status !== 201) throw new Error(`pickup point ${point.code}: ${res.status}`);
  }
}

export const book = (d: TestDelivery, orderId: string, pickupPointCode: string, parcelSize = 'small') =>
  asMarket(d, 'PUT', `/shipments/${orderId}`, { pickupPointCode, parcelSize });

/** The purchaser's browser registering its code, with the token the market gave it. */
export const registerCode = (d: TestDelivery, orderId: string, code: string, token?: string) =>
  d.call('POST', '/pickup-codes', {
    body: { orderId, code, token: token ?? pickupCodeRegistrationToken(TEST_MARKET_DELIVERY_KEY, orderId) },
  });

export const clerkCall = (d: TestDelivery, clerkKey: string, path: string, body?: unknown) =>
  d.call(body === undefined ? 'GET' : 'POST', path, { token: clerkKey, body });

/**
 * A paid order's parcel taken to `point`'s shelf: code registered, booked, dropped off at
 * `origin`, carried and arrived. Answers the order ID and the code only its purchaser knows.
 */
export async function parcelWaitingAt(
  d: TestDelivery,
  clerks: { origin: string; destination: string },
  pointCode: string,
): Promise<{ orderId: string; code: string }> {
  const orderId = generateOrderId();
  const code = generatePickupCode();
  const expect = (what: string, status: number, wanted: number) => {
    if (status !== wanted) throw new Error(`${what}: ${status}, expected ${wanted}`);
  };
  expect('registration', (await registerCode(d, orderId, code)).status, 201);
  expect('booking', (await book(d, orderId, pointCode)).status, 201);
  expect('drop-off', (await clerkCall(d, clerks.origin, '/clerk/drop-off', { orderId })).status, 200);
  expect('dispatch', (await clerkCall(d, clerks.origin, '/clerk/dispatch', { orderId })).status, 200);
  expect('arrival', (await clerkCall(d, clerks.destination, '/clerk/arrival', { orderId })).status, 200);
  return { orderId, code };
}
