import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerTestSeller } from '../../src/market/testing/market-harness.ts';
import { describeEachDatabase } from '../../src/platform/testing/for-each-database.ts';
import { askingFor, JAPANESE_BROWSER } from '../../src/platform/testing/languages.ts';
import type { IssuedCard } from '../../src/settlement/instruments/instruments.ts';
import { placeTestOrders } from './payment-helpers.ts';
import { startTestSystem, type TestSystem } from './system-harness.ts';

/**
 * What settlement and delivery refuse reaches the purchaser and the seller through the market,
 * in the language they asked the market for.
 */
describeEachDatabase('problems passed on by the market, in its caller’s language', (dbKind) => {
  let s: TestSystem;

  beforeAll(async () => {
    s = await startTestSystem(dbKind);
  });
  afterAll(() => s?.close());

  const pay = (
    order: { orderId: string; orderSecret: string; amount: number },
    card: Pick<IssuedCard, 'number' | 'pin'>,
    options: { language?: string; pickupPointId?: string } = {},
  ) =>
    s.call('POST', `/orders/${order.orderId}/payment`, {
      token: order.orderSecret,
      headers: askingFor(options.language),
      body: {
        amount: order.amount,
        currency: 'JPY',
        instrument: { number: card.number, pin: card.pin },
        pickupPointId: options.pickupPointId ?? 'PP-SHIBUYA-01',
      },
    });

  it('words settlement’s decline of a card by its code, in Japanese or English', async () => {
    const seller = await registerTestSeller(s, 'Language seller');
    const card = await s.settlement.prepaid(10_000);
    const wrongPin = { ...card, pin: card.pin === '0000' ? '1111' : '0000' };
    const [order] = await placeTestOrders(s, seller.apiKey, 1, 1_200);

    const inJapanese = await pay(order!, wrongPin, { language: JAPANESE_BROWSER });
    const inEnglish = await pay(order!, wrongPin, { language: 'en' });
    expect(inJapanese.status).toBe(402);
    expect(inJapanese.headers.get('content-language')).toBe('ja');
    expect(inJapanese.body).toMatchObject({
      code: 'wrong_pin',
      title: '支払いが承認されませんでした',
      detail: '暗証番号が違います。',
    });
    expect(inEnglish.status).toBe(402);
    expect(inEnglish.body).toMatchObject({
      code: inJapanese.body.code,
      title: 'Payment declined',
      detail: 'The PIN is wrong.',
      attemptsLeft: inJapanese.body.attemptsLeft - 1,
    });
  });

  it('passes delivery’s refusal of a booking on in the language the seller asked for', async () => {
    const seller = await registerTestSeller(s, 'Booking seller');
    const card = await s.settlement.prepaid(10_000);
    const [order] = await placeTestOrders(s, seller.apiKey, 1, 1_300);
    // Delivery unreachable while paying: the payment is taken unchecked, and the booking refuses.
    const { config } = s.market.ctx;
    const deliveryUrl = config.deliveryUrl;
    config.deliveryUrl = 'http://127.0.0.1:9';
    const paid = await pay(order!, card, { pickupPointId: 'PP-NOWHERE-9' });
    config.deliveryUrl = deliveryUrl;
    expect(paid.status).toBe(200);

    const book = (language?: string) =>
      s.call('PUT', `/seller/orders/${order!.orderId}/shipment`, {
        token: seller.apiKey,
        body: { parcelSize: 'small' },
        headers: askingFor(language),
      });
    const [inJapanese, inEnglish, unsaid] = [await book('ja'), await book('en-US'), await book()];
    expect(inJapanese.status).toBe(422);
    expect(inJapanese.headers.get('content-language')).toBe('ja');
    // Delivery's own words, not the market's.
    expect(inJapanese.body).toEqual({
      type: 'urn:tokumei:problem:unknown_pickup_point',
      title: 'その受け取り店舗はありません',
      status: 422,
      code: 'unknown_pickup_point',
      detail: '注文の受け取り店舗が、配送サービスに登録されていません。',
    });
    expect(inEnglish.headers.get('content-language')).toBe('en');
    expect(inEnglish.body).toEqual({
      ...inJapanese.body,
      title: 'No such pickup point',
      detail: 'The order names a pickup point delivery does not know.',
    });
    expect(unsaid.body).toEqual(inEnglish.body);
  });
});
