import type { Locator, Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { KETTLE_KIND } from '../../market/testing/kettle-kind.ts';
import { sellerSession, signIn } from '../salesperson/testing/sell-browser.ts';
import { describeInBrowser, expectAccessible, screenshot } from '../testing/browser.ts';

/**
 * A kind's texts in the purchaser's language: the condition form and the results show the
 * Japanese ones to a Japanese browser and the English ones to an English one, and a text given
 * in one language only shows in that language to both, marked with it (`lang`).
 */
describeInBrowser('kinds’ labels in Japanese and English', () => {
  const session = sellerSession('Kappa Kitchen');

  // The capacity's label is in English only, copper's in Japanese only; steel has none. The
  // description is in Japanese only.
  const description = 'すぐにお湯が沸く電気ケトル';
  beforeAll(async () => {
    const m = session.market;
    const created = await m.call('POST', '/operator/kinds', {
      token: m.operatorKey,
      body: { ...KETTLE_KIND, description: { ja: description } },
    });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    const offered = await m.call('POST', '/seller/offers', {
      token: session.seller.apiKey,
      body: {
        kind: 'kettle',
        model: 'KT-12',
        name: '銅のケトル 1.2L',
        attributes: { capacity_l: 1.2, colour: 'copper', auto_off: true },
        price: 6_800,
        currency: 'JPY',
        stock: 3,
      },
    });
    if (offered.status !== 201) throw new Error(JSON.stringify(offered.body));
  });

  /** The kettles' search page in the browser's language, searched with the form as it comes. */
  const search = async (page: Page, kindName: string, kindLabel: string, searchLabel: string) => {
    await page.goto(`${session.market.url}/buy`);
    await page.getByLabel(kindLabel, { exact: true }).selectOption({ label: kindName });
    await page.getByRole('button', { name: searchLabel }).click();
    await page.locator('.result-list h3').filter({ hasText: '銅のケトル 1.2L' }).waitFor();
  };
  const legends = (page: Page) => page.locator('.condition-form legend').allTextContents();
  const chips = (page: Page) => page.locator('.condition-form .chip').allTextContents();
  const specs = async (page: Page) =>
    Object.fromEntries(
      await page
        .locator('.result-list .specs > div')
        .evaluateAll((rows) =>
          rows.map((r) => [r.querySelector('dt')?.textContent, r.querySelector('dd')?.textContent]),
        ),
    );

  it('shows the Japanese texts to a Japanese purchaser, the English ones where there are no others', async () => {
    const page = await session.newPage(undefined, 'ja-JP');
    await search(page, '電気ケトル', '種類', '検索する');
    expect(await legends(page)).toEqual(
      expect.arrayContaining(['Capacity（リットル）', 'カラー', '自動電源オフ']),
    );
    expect(await chips(page)).toEqual(expect.arrayContaining(['ホワイト', 'カッパー', 'Steel']));
    expect(await specs(page)).toMatchObject({
      Capacity: '1.2 リットル',
      カラー: 'カッパー',
      自動電源オフ: 'あり',
    });
    await expectAccessible(page, 'a kind’s conditions and results in Japanese');
    await screenshot(page, 'purchaser-kind-labels-ja');
    await page.context().close();
  });

  it('shows the English texts to an English purchaser, the Japanese ones where there are no others', async () => {
    const page = await session.newPage(undefined, 'en-GB');
    await search(page, 'Electric kettle', 'Kind', 'Search');
    expect(await legends(page)).toEqual(expect.arrayContaining(['Capacity (L)', 'Colour', '自動電源オフ']));
    expect(await chips(page)).toEqual(expect.arrayContaining(['White', 'カッパー', 'Steel']));
    expect(await specs(page)).toMatchObject({ Capacity: '1.2 L', Colour: 'カッパー', 自動電源オフ: 'Yes' });
    await page.context().close();
  });

  /** The texts marked with a language within `where`, each once, as `language:text`. */
  const marked = async (where: Locator) =>
    [
      ...new Set(
        await where
          .locator('[lang]')
          .evaluateAll((elements) => elements.map((e) => `${e.getAttribute('lang')}:${e.textContent}`)),
      ),
    ].sort();
  /** The kettle where /buy lists the kinds on offer, once it is listed. */
  const kettleOnOffer = async (page: Page, name: string) => {
    const item = page.locator('.kind-list li').filter({ hasText: name });
    await item.waitFor();
    return item;
  };
  const formAndResults = (page: Page) => page.locator('.condition-form, .result-list');

  it('marks the texts shown in the other language with it, and only those', async () => {
    // Japanese: the English capacity label is marked English, nothing Japanese is marked.
    const ja = await session.newPage(undefined, 'ja-JP');
    await ja.goto(`${session.market.url}/buy`);
    expect(await (await kettleOnOffer(ja, '電気ケトル')).innerText()).toContain(description);
    expect(await marked(await kettleOnOffer(ja, '電気ケトル'))).toEqual([]);
    await search(ja, '電気ケトル', '種類', '検索する');
    expect(await ja.locator('.kind-bar .hint').innerText()).toBe(description);
    expect(await marked(ja.locator('.kind-bar'))).toEqual([]);
    expect(await marked(formAndResults(ja))).toEqual(['en:Capacity']);
    await ja.context().close();

    // English: the Japanese description, copper and the automatic switch-off are marked Japanese;
    // steel, shown as its value is named, is in no language.
    const en = await session.newPage(undefined, 'en-GB');
    await en.goto(`${session.market.url}/buy`);
    expect(await marked(await kettleOnOffer(en, 'Electric kettle'))).toEqual([`ja:${description}`]);
    await search(en, 'Electric kettle', 'Kind', 'Search');
    expect(await marked(en.locator('.kind-bar'))).toEqual([`ja:${description}`]);
    expect(await marked(formAndResults(en))).toEqual(['ja:カッパー', 'ja:自動電源オフ']);
    await expectAccessible(en, 'a kind’s texts in the other language, marked with it');

    // The seller's choices, options of a select, are marked the same way.
    await signIn(en, session.market.url, session.seller.apiKey, '/sell/register');
    await en.getByLabel('Kind', { exact: true }).selectOption({ label: 'Electric kettle' });
    await en.getByLabel('Capacity').waitFor();
    expect(await marked(en.getByLabel('Colour'))).toEqual(['ja:カッパー']);
    expect(
      await marked(en.locator('.field').filter({ has: en.getByLabel('Kind', { exact: true }) })),
    ).toEqual([`ja:${description}`]);
    await expectAccessible(en, 'a seller’s form with texts in the other language');
    await en.context().close();
  });

  it('shows a label the operator adds from the next page on, to purchasers and sellers alike', async () => {
    const m = session.market;
    const changed = await m.call('PATCH', '/operator/kinds/kettle', {
      token: m.operatorKey,
      body: {
        attributeLabels: {
          capacity_l: { label: { ja: '容量' } },
          colour: { valueLabels: { copper: { en: 'Copper' } } },
        },
      },
    });
    expect(changed.status).toBe(200);
    const page = await session.newPage(undefined, 'ja-JP');
    await search(page, '電気ケトル', '種類', '検索する');
    expect(await legends(page)).toContain('容量（リットル）');
    expect(await specs(page)).toMatchObject({ 容量: '1.2 リットル', カラー: 'カッパー' });
    await page.context().close();

    // The seller's form speaks the seller's language the same way.
    const sell = await session.newPage(undefined, 'en-GB');
    await signIn(sell, m.url, session.seller.apiKey, '/sell/register');
    await sell.getByLabel('Kind', { exact: true }).selectOption({ label: 'Electric kettle' });
    await sell.getByLabel('Capacity').waitFor();
    expect(await sell.getByLabel('Colour').locator('option').allTextContents()).toEqual(
      expect.arrayContaining(['White', 'Copper', 'steel']),
    );
    await sell.getByRole('button', { name: '日本語' }).click();
    await sell.getByLabel('容量').waitFor();
    expect(await sell.getByLabel('カラー').locator('option').allTextContents()).toEqual(
      expect.arrayContaining(['ホワイト', 'カッパー', 'steel']),
    );
    await sell.context().close();
  });
});
