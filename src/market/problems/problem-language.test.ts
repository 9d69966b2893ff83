import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { askingFor, JAPANESE_BROWSER } from '../../platform/testing/languages.ts';
import { startTestMarket, type TestMarket } from '../testing/market-harness.ts';

describeEachDatabase('the market’s problems in the caller’s language', (dbKind) => {
  let m: TestMarket;

  beforeAll(async () => {
    m = await startTestMarket(dbKind);
  });
  afterAll(() => m?.close());

  const search = (body: unknown, language?: string) =>
    m.call('POST', '/searches', { body, headers: askingFor(language) });

  it('words a title with an argument, and the same code, in Japanese, English, or English when unasked', async () => {
    const body = { kind: 'no-such-kind', conditions: [] };
    const [ja, en, unsaid] = [
      await search(body, JAPANESE_BROWSER),
      await search(body, 'en'),
      await search(body),
    ];
    expect(ja.status).toBe(400);
    expect(ja.headers.get('content-language')).toBe('ja');
    expect(ja.body).toEqual({
      type: 'urn:tokumei:problem:unknown_kind',
      title: '種類「no-such-kind」はありません',
      status: 400,
      code: 'unknown_kind',
      kind: 'no-such-kind',
    });
    expect(en.body).toEqual({ ...ja.body, title: 'There is no kind no-such-kind' });
    expect(en.headers.get('content-language')).toBe('en');
    expect(unsaid.body).toEqual(en.body);
  });

  it('words the framing of a purchase request’s condition problems, keeping the conditions’ own words', async () => {
    const body = {
      kind: 'personal-computer',
      conditions: [{ attribute: 'no_such_attribute', op: '=', value: 1 }],
    };
    const [ja, en] = [await search(body, 'ja'), await search(body, 'en')];
    expect(ja.body.code).toBe('invalid_conditions');
    expect(en.body.code).toBe('invalid_conditions');
    expect(en.body.title).toBe('The purchase request does not fit its kind');
    expect(ja.body.title).toBe('購入リクエストが種類の定義に合っていません');
    expect(en.body.detail).toMatch(/^condition 1 \(no_such_attribute\): /);
    const reason = (en.body.detail as string).replace(/^condition 1 \(no_such_attribute\): /, '');
    expect(ja.body.detail).toBe(`条件1（no_such_attribute）: ${reason}`);
    expect(ja.body.errors).toEqual(en.body.errors);
  });

  it('words the message of a search that matched nothing, the rest of the answer the same', async () => {
    const body = { kind: 'personal-computer', conditions: [{ attribute: 'cpu_mhz', op: '=', value: 123 }] };
    const [ja, en] = [await search(body, JAPANESE_BROWSER), await search(body)];
    expect(ja.status).toBe(200);
    expect(ja.body.matched).toBe(false);
    expect(ja.body.message).toBe(
      'この購入リクエストのすべての条件に合う商品はありません。下の条件を1つゆるめて、購入リクエストを送り直してください。',
    );
    expect(en.body.message).toMatch(/^No commodity matches every condition of this purchase request\./);
    expect({ ...ja.body, message: en.body.message }).toEqual(en.body);
  });

  it('words a request that does not match its schema, and a missing key', async () => {
    const [ja, en] = [await search({ kind: 7 }, 'ja'), await search({ kind: 7 })];
    expect(ja.status).toBe(400);
    expect(ja.body.code).toBe(en.body.code);
    expect(ja.body.title).toBe('リクエストの内容が正しくありません');
    expect(en.body.title).toBe('The request does not match its schema');
    expect(ja.body.errors.map((e: { path: string }) => e.path)).toEqual(
      en.body.errors.map((e: { path: string }) => e.path),
    );

    const unsigned = await m.call('GET', '/seller/offers', { headers: askingFor('ja') });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body).toMatchObject({
      code: 'unauthorized',
      title: '出品者の API キーが必要です',
      detail: '登録時に表示されたキーを "Authorization: Bearer <key>" の形で送ってください。',
    });
  });

  it('replays a stored refusal in the language of the caller who asks again', async () => {
    const key = randomUUID();
    const body = {
      searchId: 'no-such-search',
      commodityId: randomUUID(),
      sellerId: randomUUID(),
      quantity: 1,
    };
    const order = (language?: string) =>
      m.call('POST', '/orders', {
        body,
        headers: { 'idempotency-key': key, ...askingFor(language) },
      });
    const first = await order();
    expect(first.status).toBe(404);
    expect(first.body).toEqual({
      type: 'urn:tokumei:problem:search_not_found',
      title: 'This search does not exist or has expired',
      status: 404,
      code: 'search_not_found',
      detail: 'Send a new purchase request.',
    });
    const again = await order('ja');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('content-language')).toBe('ja');
    expect(again.body).toEqual({
      ...first.body,
      title: 'この検索は存在しないか、有効期限が切れています',
      detail: '購入リクエストをもう一度送ってください。',
    });
  });
});
