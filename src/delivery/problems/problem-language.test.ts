import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { askingFor, JAPANESE_BROWSER } from '../../platform/testing/languages.ts';
import { generatePickupCode } from '../../protocol/pickup-code.ts';
import { startTestDelivery, type TestDelivery } from '../testing/delivery-harness.ts';
import { parcelWaitingAt, pointFixture, registerPoints } from '../testing/delivery-helpers.ts';

describeEachDatabase('delivery’s problems in the caller’s language', (dbKind) => {
  let d: TestDelivery;
  let clerk: string;

  beforeAll(async () => {
    d = await startTestDelivery(dbKind, { config: { pickupAttempts: 3 } });
    await registerPoints(d, pointFixture('PP-LANG-01'));
    clerk = await d.clerkKey('PP-LANG-01');
  });
  afterAll(() => d?.close());

  const handOver = (body: unknown, language?: string) =>
    d.call('POST', '/clerk/hand-over', {
      token: clerk,
      body,
      headers: askingFor(language),
    });

  it('words a wrong pickup code, and how many tries are left, in Japanese or English', async () => {
    const parcel = await parcelWaitingAt(d, { origin: clerk, destination: clerk }, 'PP-LANG-01');
    let wrong = generatePickupCode();
    while (wrong === parcel.code) wrong = generatePickupCode();

    const inJapanese = await handOver({ orderId: parcel.orderId, code: wrong }, JAPANESE_BROWSER);
    expect(inJapanese.status).toBe(422);
    expect(inJapanese.headers.get('content-language')).toBe('ja');
    expect(inJapanese.headers.get('vary')).toMatch(/accept-language/i);
    expect(inJapanese.body).toMatchObject({
      code: 'wrong_code',
      type: 'urn:tokumei:problem:wrong_code',
      title: '受け取りコードが違います',
      detail: 'あと2回間違えると、この注文はしばらくロックされます。',
      attemptsLeft: 2,
    });

    const inEnglish = await handOver({ orderId: parcel.orderId, code: wrong }, 'en');
    expect(inEnglish.status).toBe(422);
    expect(inEnglish.headers.get('content-language')).toBe('en');
    expect(inEnglish.body).toMatchObject({
      code: inJapanese.body.code,
      title: 'Wrong pickup code',
      detail: '1 more wrong code locks this order for a while.',
      attemptsLeft: 1,
    });
  });

  it('words a request that does not match its schema, field by field, and English when no language is asked', async () => {
    const bad = { orderId: 42 };
    const inJapanese = await handOver(bad, 'ja');
    const inEnglish = await handOver(bad);
    const inFrench = await handOver(bad, 'fr-FR');
    expect(inJapanese.status).toBe(400);
    expect(inEnglish.status).toBe(400);
    expect(inJapanese.body.code).toBe('invalid_request');
    expect(inEnglish.body.code).toBe('invalid_request');
    expect(inEnglish.body.title).toBe('The request does not match its schema');
    expect(inJapanese.body.title).toBe('リクエストの内容が正しくありません');
    // The same fields, the framing and zod's own words in the caller's language.
    const paths = (body: { errors: { in: string; path: string }[] }) =>
      body.errors.map((e) => [e.in, e.path]);
    expect(paths(inJapanese.body)).toEqual(paths(inEnglish.body));
    expect(paths(inEnglish.body)).toEqual([
      ['body', 'orderId'],
      ['body', 'code'],
    ]);
    expect(inEnglish.body.detail).toBe(
      'body orderId: Invalid input: expected string, received number; body code: Invalid input: expected string, received undefined',
    );
    expect(inJapanese.body.detail).toMatch(
      /^本文（orderId）: 無効な入力: .+が期待されましたが、数値が入力されました／本文（code）: /,
    );
    expect(inFrench.body).toEqual(inEnglish.body);
    expect(inFrench.headers.get('content-language')).toBe('en');
  });

  it('answers a route it does not have in the language asked for', async () => {
    const missing = await d.call('GET', '/no-such-route', { headers: askingFor('ja') });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      code: 'route_not_found',
      title: 'このルートはありません',
      detail: 'GET /no-such-route',
    });
  });
});
