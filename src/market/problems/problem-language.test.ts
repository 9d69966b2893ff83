import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { askingFor, JAPANESE_BROWSER } from '../../platform/testing/languages.ts';
import { pcOffer, registerTestSeller, startTestMarket, type TestMarket } from '../testing/market-harness.ts';

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

  it('words a purchase request’s condition problems, an unknown attribute too', async () => {
    const body = {
      kind: 'personal-computer',
      conditions: [{ attribute: 'no_such_attribute', op: '=', value: 1 }],
    };
    const [ja, en] = [await search(body, 'ja'), await search(body, 'en')];
    expect(ja.body.code).toBe('invalid_conditions');
    expect(en.body.code).toBe('invalid_conditions');
    expect(en.body.title).toBe('The purchase request does not fit its kind');
    expect(ja.body.title).toBe('購入リクエストが種類の定義に合っていません');
    const known = 'price, cpu_mhz, disk_gb, ram_gb, screen_in, colour, ssd, maker';
    expect(en.body.detail).toBe(
      `condition 1 (no_such_attribute): is not an attribute of personal-computer (known: ${known})`,
    );
    expect(ja.body.detail).toBe(
      `条件1（no_such_attribute）: personal-computer の属性ではありません（使える属性: ${known}）`,
    );
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

  it('words what is wrong with each condition in the caller’s language, the errors the same', async () => {
    const body = {
      kind: 'personal-computer',
      conditions: [
        { attribute: 'ram_gb', op: 'between', value: [64, 8] },
        { attribute: 'colour', op: '=', value: 'purple' },
      ],
    };
    const [ja, en] = [await search(body, JAPANESE_BROWSER), await search(body, 'en')];
    expect(en.body.detail).toBe(
      'condition 1 (ram_gb): between needs [low, high] with low ≤ high; ' +
        'condition 2 (colour): value "purple" must be one of black, silver, white, grey, blue, red',
    );
    expect(ja.body.detail).toBe(
      '条件1（ram_gb）: between は [下限, 上限] の順で、下限 ≤ 上限にしてください／' +
        '条件2（colour）: 値 "purple" は「black, silver, white, grey, blue, red」のいずれかにしてください',
    );
    expect({ ...ja.body, title: en.body.title, detail: en.body.detail }).toEqual(en.body);
    expect(en.body.errors).toEqual([
      { index: 0, attribute: 'ram_gb', message: 'between needs [low, high] with low ≤ high' },
      {
        index: 1,
        attribute: 'colour',
        message: 'value "purple" must be one of black, silver, white, grey, blue, red',
      },
    ]);
  });

  it('words what is wrong with a kind’s definition', async () => {
    const kind = (attributes: unknown[], language: string) =>
      m.call('POST', '/operator/kinds', {
        token: m.operatorKey,
        body: { id: 'camera', name: { ja: 'カメラ', en: 'Camera' }, attributes },
        headers: askingFor(language),
      });
    const reversed = [{ name: 'megapixels', label: 'Megapixels', type: 'number', min: 50, max: 1 }];
    const [ja, en] = [await kind(reversed, JAPANESE_BROWSER), await kind(reversed, 'en')];
    expect(en.body).toEqual({
      type: 'urn:tokumei:problem:invalid_kind',
      title: 'The kind definition is not valid',
      status: 400,
      code: 'invalid_kind',
      detail: 'attribute megapixels: min is greater than max',
    });
    expect(ja.body).toEqual({
      ...en.body,
      title: '種類の定義が正しくありません',
      detail: '属性 megapixels: min が max より大きくなっています',
    });
    // The attribute's type is named in Japanese too.
    const many = Array.from({ length: 9 }, (_, i) => ({ name: `n${i}`, label: 'x', type: 'number' }));
    const [jaMany, enMany] = [await kind(many, 'ja'), await kind(many, 'en')];
    expect(enMany.body.detail).toBe('attribute n8: a kind holds at most 8 number attributes');
    expect(jaMany.body.detail).toBe('属性 n8: 1つの種類に持てる数値の属性は8個までです');
  });

  it('words each attribute of a refused row of commodity information, the errors the same', async () => {
    const seller = await registerTestSeller(m);
    const offer = (language: string) =>
      m.call('POST', '/seller/offers', {
        token: seller.apiKey,
        body: pcOffer('LANG-1', {}, { cpu_mhz: 99_999, colour: 'purple', fibre: 'wool' }),
        headers: askingFor(language),
      });
    const [ja, en] = [await offer(JAPANESE_BROWSER), await offer('en')];
    expect(en.status).toBe(422);
    expect(en.body.title).toBe('The commodity information was not registered');
    expect(en.body.detail).toBe(
      'attribute fibre is not an attribute of this kind; attribute cpu_mhz must be at most 10000 MHz; ' +
        'attribute colour must be one of black, silver, white, grey, blue, red',
    );
    expect(ja.body.title).toBe('商品情報は登録されませんでした');
    expect(ja.body.detail).toBe(
      '属性 fibre はこの種類の属性ではありません／属性 cpu_mhz は10000 MHz以下にしてください／' +
        '属性 colour は「black, silver, white, grey, blue, red」のいずれかにしてください',
    );
    expect(ja.body.code).toBe('invalid_attributes');
    expect(ja.body.errors).toEqual(en.body.errors);
    expect(en.body.errors).toContainEqual({ attribute: 'cpu_mhz', message: 'must be at most 10000 MHz' });
  });

  it('words why an attribute does not fit an analysis, the kind named in the caller’s language', async () => {
    const seller = await registerTestSeller(m);
    const quote = (analysis: string, attribute: string, language: string) =>
      m.call('POST', '/seller/analytics/quotes', {
        token: seller.apiKey,
        body: {
          analysis,
          parameters: {
            kind: 'personal-computer',
            granularity: 'day',
            from: '2026-01-01',
            to: '2026-01-01',
            attribute,
          },
        },
        headers: askingFor(language),
      });
    const [ja, en] = [
      await quote('attribute-preference', 'cpu_mhz', JAPANESE_BROWSER),
      await quote('attribute-preference', 'cpu_mhz', 'en'),
    ];
    expect(en.status).toBe(422);
    expect(en.body.detail).toBe('choose an enumerated attribute of Personal computer');
    expect(ja.body).toEqual({
      ...en.body,
      title: 'この属性はこの分析に使えません',
      detail: 'パソコンの選択式の属性を選んでください',
    });
    expect((await quote('conversion', 'colour', 'ja')).body.detail).toBe('この分析には属性を指定できません');
    expect((await quote('conversion', 'colour', 'en')).body.detail).toBe('Conversion takes no attribute');
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
