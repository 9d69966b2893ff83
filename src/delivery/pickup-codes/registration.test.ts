import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { TEST_MARKET_DELIVERY_KEY } from '../../platform/testing/link-key.ts';
import { pickupCodeRegistrationToken } from '../../protocol/delivery.ts';
import { generateOrderId } from '../../protocol/order-id.ts';
import { generatePickupCode } from '../../protocol/pickup-code.ts';
import { startTestDelivery, type TestDelivery } from '../testing/delivery-harness.ts';
import { registerCode } from '../testing/delivery-helpers.ts';

/** The same code as a person might type it: lower case, no hyphens. */
const typed = (code: string) => code.toLowerCase().replaceAll('-', '');

/** One character changed: the check digit catches it. */
const typo = (code: string) => `${code.slice(0, -1)}${code.endsWith('0') ? '1' : '0'}`;

describeEachDatabase('pickup code registration (B9)', (dbKind) => {
  let d: TestDelivery;
  beforeAll(async () => {
    d = await startTestDelivery(dbKind);
  });
  afterAll(() => d?.close());

  it('takes the first code for an order, before any shipment exists; the same code again is a retry', async () => {
    const orderId = generateOrderId();
    const code = generatePickupCode();
    const first = await registerCode(d, orderId, code);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ orderId, registeredAt: d.clock.now().toISOString() });

    d.clock.advance(60_000);
    const retry = await registerCode(d, orderId, typed(code));
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);

    const other = await registerCode(d, orderId, generatePickupCode());
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('pickup_code_already_registered');
    // The first still stands.
    expect((await registerCode(d, orderId, code)).status).toBe(200);
  });

  it('refuses a token made for another order or with another key, and says nothing about the code', async () => {
    const orderId = generateOrderId();
    const code = generatePickupCode();
    for (const token of [
      pickupCodeRegistrationToken(TEST_MARKET_DELIVERY_KEY, generateOrderId()),
      pickupCodeRegistrationToken('some-other-key-0123456789abcdef0123', orderId),
      'x',
    ]) {
      const refused = await registerCode(d, orderId, code, token);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('invalid_registration_token');
    }
    // The token is checked before the code.
    expect((await registerCode(d, orderId, 'not a code', 'x')).status).toBe(403);
    expect((await registerCode(d, orderId, code)).status).toBe(201);
  });

  it('refuses codes that are not pickup codes, and order IDs that are not order IDs', async () => {
    const orderId = generateOrderId();
    for (const code of ['ABCD', typo(generatePickupCode()), `${generatePickupCode()}0`, 'UUUU-UUUU-UUUU']) {
      const refused = await registerCode(d, orderId, code);
      expect(refused.status, code).toBe(400);
      expect(refused.body.code).toBe('invalid_pickup_code');
    }
    const badOrder = await registerCode(
      d,
      typo(orderId),
      generatePickupCode(),
      pickupCodeRegistrationToken(TEST_MARKET_DELIVERY_KEY, typo(orderId)),
    );
    expect(badOrder.status).toBe(400);
    expect(badOrder.body.code).toBe('invalid_order_id');
    expect((await d.call('POST', '/pickup-codes', { body: { orderId } })).status).toBe(400);
  });

  it('lets exactly one of many codes sent at once win', async () => {
    const orderId = generateOrderId();
    const codes = Array.from({ length: 6 }, () => generatePickupCode());
    const answers = await Promise.all(codes.map((code) => registerCode(d, orderId, code)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const winner = codes[answers.findIndex((a) => a.status === 201)] as string;
    expect((await registerCode(d, orderId, winner)).status).toBe(200);

    // The same code many times at once: one 201, the rest are retries.
    const again = generateOrderId();
    const code = generatePickupCode();
    const same = await Promise.all(Array.from({ length: 4 }, () => registerCode(d, again, code)));
    expect(same.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
  });
});
